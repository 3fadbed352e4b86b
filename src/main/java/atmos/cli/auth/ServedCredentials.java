package atmos.cli.auth;

import atmos.auth.AuthService;
import atmos.cloud.aws.CredentialServer;
import atmos.credentials.AwsCredentials;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.log.Log;
import java.time.Duration;

/**
 * {@code --server} of {@code auth exec} and {@code atmos terraform}: a {@link CredentialServer} handing out
 * the identity's credentials, each request taking them from the cache while they stay valid at least
 * {@link #SERVED_MIN_TTL} (or {@code --min-ttl}), else renewing the chain first, as a login would.
 */
public final class ServedCredentials {
    /**
     * Served credentials stay valid at least this long: SDKs ask again a few minutes before theirs
     * expire, so each answer is good for a while (a chained role's hour gives 45 minutes).
     */
    public static final Duration SERVED_MIN_TTL = Duration.ofMinutes(15);

    private ServedCredentials() {
    }

    public static CredentialServer start(AuthService service, String identity, Duration minTtl, Log log) {
        Duration ttl = minTtl != null && minTtl.compareTo(SERVED_MIN_TTL) > 0 ? minTtl : SERVED_MIN_TTL;
        return CredentialServer.start(() -> {
            AuthService.Session s = service.session(identity, ttl);
            if (!(s.credentials() instanceof AwsCredentials aws)) {
                throw new AtmosException(ExitCode.CONFIG, "identity " + identity + " does not produce AWS credentials",
                        "--server speaks the AWS container credentials protocol; drop it for other clouds");
            }
            return aws;
        }, log);
    }
}
