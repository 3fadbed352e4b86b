package atmos.credentials;

import java.time.Instant;
import java.util.Optional;

/**
 * AWS keys: long-lived (no session token, no expiration) or a session. {@code mfaArn} and
 * {@code sessionDuration} are kept with long-lived keys stored by {@code auth user configure}.
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken, String region,
                             Instant expirationTime, String mfaArn, String sessionDuration) implements Credentials {

    public static AwsCredentials session(String accessKeyId, String secretAccessKey, String sessionToken, String region, Instant expiration) {
        return new AwsCredentials(accessKeyId, secretAccessKey, sessionToken, region, expiration, null, null);
    }

    public static AwsCredentials longLived(String accessKeyId, String secretAccessKey, String mfaArn, String sessionDuration) {
        return new AwsCredentials(accessKeyId, secretAccessKey, null, null, null, mfaArn, sessionDuration);
    }

    @Override
    public String type() {
        return "aws";
    }

    @Override
    public Optional<Instant> expiration() {
        return Optional.ofNullable(expirationTime);
    }

    public boolean isSession() {
        return sessionToken != null && !sessionToken.isEmpty();
    }

    public AwsCredentials withRegion(String newRegion) {
        return new AwsCredentials(accessKeyId, secretAccessKey, sessionToken, newRegion, expirationTime, mfaArn, sessionDuration);
    }

    @Override
    public String toString() {
        return "AwsCredentials[accessKeyId=" + Redact.keyId(accessKeyId) + ", session=" + isSession()
                + ", region=" + region + ", expiration=" + expirationTime + "]";
    }
}
