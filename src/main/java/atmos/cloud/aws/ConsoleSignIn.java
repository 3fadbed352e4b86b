package atmos.cloud.aws;

import atmos.credentials.AwsCredentials;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.log.Log;
import atmos.system.Host;
import atmos.system.Loopback;
import atmos.text.JsonText;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AWS console federation sign-in: temporary credentials go to the sign-in service's
 * {@code /federation?Action=getSigninToken} (the {@code Session} JSON, and {@code SessionDuration} when
 * the credentials allow one), which answers with a sign-in token; the console URL is then
 * {@code /federation?Action=login&Issuer=…&Destination=…&SigninToken=…}. There is no SDK call for this:
 * it is plain HTTPS, to {@link Endpoints#signin} (so {@code AWS_ENDPOINT_URL_SIGNIN} moves it).
 *
 * <p>The credentials travel only in that one request, over https (plain http only to this machine's
 * loopback); the sign-in token is registered with the log's mask and never logged. A sign-in token is
 * good for {@link #TOKEN_LIFETIME} and signs in once.
 */
public final class ConsoleSignIn {
    /** Console sessions AWS allows, and the Go Atmos's default. */
    public static final Duration MIN_SESSION = Duration.ofMinutes(15);
    public static final Duration MAX_SESSION = Duration.ofHours(12);
    public static final Duration DEFAULT_SESSION = Duration.ofHours(1);
    /** How long a sign-in URL works before it is used (AWS's fixed 15 minutes). */
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Host host;
    private final Log log;
    private final atmos.net.Network network;

    public ConsoleSignIn(Host host, Log log) {
        this(host, log, atmos.net.Network.from(host));
    }

    /** @param network the trust (AWS_CA_BUNDLE, SSL_CERT_FILE) and proxies of every AWS call */
    public ConsoleSignIn(Host host, Log log, atmos.net.Network network) {
        this.host = host;
        this.log = log;
        this.network = network;
    }

    /**
     * One sign-in.
     *
     * @param sessionDuration the console session to ask for, or null to leave {@code SessionDuration}
     *                        out (credentials from GetFederationToken, chained roles, root sessions)
     * @param destination     the console URL to land on
     * @param issuer          shown by the console as where the sign-in came from
     */
    public record Request(AwsCredentials credentials, Partition partition, Duration sessionDuration, String destination, String issuer) {
    }

    /** The sign-in service refused the credentials (HTTP status other than 200, or no token). */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The federation endpoint for the partition: {@code <sign-in base>/federation}. */
    public URI federationEndpoint(Partition partition) {
        return URI.create(Endpoints.signin(host, partition) + "/federation");
    }

    /**
     * Exchanges the credentials for a sign-in token and returns the console sign-in URL.
     *
     * @throws Refused       when the sign-in service answers with an error
     * @throws AtmosException when it cannot be reached, or its endpoint is not https
     */
    public URI signInUrl(Request r) {
        URI endpoint = federationEndpoint(r.partition());
        requireSafe(endpoint);
        Map<String, String> session = new LinkedHashMap<>();
        session.put("sessionId", r.credentials().accessKeyId());
        session.put("sessionKey", r.credentials().secretAccessKey());
        session.put("sessionToken", r.credentials().sessionToken());
        String query = "Action=getSigninToken"
                + (r.sessionDuration() == null ? "" : "&SessionDuration=" + r.sessionDuration().toSeconds())
                + "&Session=" + enc(JsonText.compact(session));
        log.debug("requesting a console sign-in token", "endpoint", endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : ""),
                "session_duration", r.sessionDuration() == null ? "(omitted)" : r.sessionDuration().toSeconds() + "s");
        HttpResponse<String> response;
        try {
            HttpClient client = network.awsHttpClient(TIMEOUT).build();
            response = client.send(HttpRequest.newBuilder(URI.create(endpoint + "?" + query)).timeout(TIMEOUT).GET()
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AtmosException(ExitCode.AUTH, "cannot reach the AWS sign-in endpoint (" + display(endpoint) + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    "check your network connection and proxy settings" + (Endpoints.signinConfigured(host)
                            ? ", and AWS_ENDPOINT_URL_SIGNIN / AWS_ENDPOINT_URL" : ""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AtmosException(ExitCode.INTERRUPTED, "interrupted", null);
        }
        if (response.statusCode() != 200) {
            log.debug("the sign-in endpoint refused the session", "status", response.statusCode(), "body", excerpt(response.body()));
            throw new Refused(response.statusCode(), "the AWS sign-in endpoint (" + display(endpoint) + ") answered HTTP "
                    + response.statusCode());
        }
        String token = token(response.body());
        if (token == null) {
            throw new Refused(response.statusCode(), "the AWS sign-in endpoint (" + display(endpoint) + ") sent no sign-in token");
        }
        log.secret(token);
        return URI.create(endpoint + "?Action=login&Issuer=" + enc(r.issuer()) + "&Destination=" + enc(r.destination())
                + "&SigninToken=" + enc(token));
    }

    private static String token(String body) {
        try {
            Object t = JsonText.parseObject(body).get("SigninToken");
            return t instanceof String s && !s.isBlank() ? s : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Credentials in a query string go over https only, or plain http to this machine. */
    private static void requireSafe(URI endpoint) {
        boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
        if (!https && !Loopback.isLoopback(endpoint.getHost())) {
            throw AtmosException.config("the AWS sign-in endpoint " + display(endpoint) + " is plain http: atmos will not send credentials"
                    + " there", "use an https:// URL in AWS_ENDPOINT_URL_SIGNIN / AWS_ENDPOINT_URL (plain http only to 127.0.0.1)");
        }
    }

    private static String display(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
    }

    private static String excerpt(String body) {
        String b = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return b.length() > 200 ? b.substring(0, 200) + "…" : b;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
