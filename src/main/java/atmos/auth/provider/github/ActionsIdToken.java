package atmos.auth.provider.github;

import atmos.auth.AuthContext;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The GitHub Actions ID token of the running job, as {@code github/oidc} and {@code azure/oidc} get it:
 * {@code ACTIONS_ID_TOKEN} when a previous step fetched it, else a GET of
 * {@code ACTIONS_ID_TOKEN_REQUEST_URL&audience=…} with {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN} as bearer
 * (answer {@code {"value": "<jwt>"}}), through the command's network settings. The request token and
 * the ID token are masked in logs and never written anywhere.
 */
public final class ActionsIdToken {
    public static final String REQUEST_URL = "ACTIONS_ID_TOKEN_REQUEST_URL";
    public static final String REQUEST_TOKEN = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
    public static final String ID_TOKEN = "ACTIONS_ID_TOKEN";
    private static final Duration TIMEOUT = Duration.ofSeconds(10); // Atmos's OidcTimeout

    private ActionsIdToken() {
    }

    /** What is missing for a token in this environment (empty: one can be had). */
    public static List<String> missing(Host host) {
        List<String> missing = new ArrayList<>();
        if (!host.getenv("GITHUB_ACTIONS").map("true"::equalsIgnoreCase).orElse(false)) {
            missing.add("GITHUB_ACTIONS=true");
        }
        if (host.getenv(ID_TOKEN).isEmpty()) {
            if (host.getenv(REQUEST_URL).isEmpty()) {
                missing.add(REQUEST_URL);
            }
            if (host.getenv(REQUEST_TOKEN).isEmpty()) {
                missing.add(REQUEST_TOKEN);
            }
        }
        return missing;
    }

    /**
     * The job's ID token for {@code audience}.
     *
     * @param who names the provider in messages: {@code provider "gh" (github/oidc)}
     */
    public static String obtain(AuthContext context, String audience, String who) {
        Host host = context.host();
        var direct = host.getenv(ID_TOKEN);
        String jwt;
        if (direct.isPresent()) {
            jwt = direct.get();
        } else {
            String requestToken = host.getenv(REQUEST_TOKEN).orElseThrow();
            context.log().secret(requestToken);
            jwt = fetch(context, host.getenv(REQUEST_URL).orElseThrow(), requestToken, audience, who);
        }
        context.log().secret(jwt);
        return jwt;
    }

    private static String fetch(AuthContext context, String url, String requestToken, String audience, String who) {
        URI uri = endpoint(url);
        URI withAudience = URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + "audience="
                + URLEncoder.encode(audience, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(withAudience).timeout(TIMEOUT).GET()
                .header("Authorization", "bearer " + requestToken).header("Accept", "application/json").build();
        HttpResponse<String> response;
        try {
            HttpClient client = context.network().httpClient(TIMEOUT).build();
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
            response.headers().firstValue("Date").ifPresent(d -> context.aws().skew().observe(d, uri.getHost()));
        } catch (IOException e) {
            throw AtmosException.auth("cannot reach GitHub's OIDC token endpoint (" + uri.getHost() + ") for " + who
                    + ": " + e.getMessage(), "check the runner's network and proxy settings (HTTPS_PROXY, NO_PROXY, SSL_CERT_FILE)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AtmosException(ExitCode.INTERRUPTED, "interrupted", null);
        }
        if (response.statusCode() != 200) {
            throw AtmosException.auth("GitHub's OIDC token endpoint refused the request for " + who + ": HTTP "
                            + response.statusCode(),
                    "the job needs 'permissions: id-token: write'; a token request older than the job (a re-used "
                            + REQUEST_TOKEN + ") is refused too");
        }
        Object value;
        try {
            Map<String, Object> body = JsonText.parseObject(response.body());
            value = body.get("value");
        } catch (IOException | RuntimeException e) {
            value = null;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw AtmosException.auth("GitHub's OIDC token endpoint sent no token for " + who,
                    "run the job again; if it repeats, check GitHub's status page");
        }
        return s;
    }

    /**
     * The request URL as Atmos accepts it: https with a host (so the request token never travels in
     * clear or to a relative target); plain http only to this machine's loopback address.
     */
    private static URI endpoint(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw AtmosException.auth(REQUEST_URL + " is not a valid URL", "it is set by GitHub Actions; do not set it by hand");
        }
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && Loopback.isLoopback(uri.getHost())))) {
            throw AtmosException.auth(REQUEST_URL + " must be an https URL with a host (got scheme \"" + uri.getScheme() + "\")",
                    "it is set by GitHub Actions; do not set it by hand");
        }
        return uri;
    }

    /** The JWT's {@code exp}, read without verification (the cloud verifies); null when it has none. */
    public static Instant expiration(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            Map<String, Object> claims = JsonText.parseObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return claims.get("exp") instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
        } catch (IOException | RuntimeException e) {
            // A malformed token: treated as expiring now, so it is never reused (Atmos fails closed too).
            return Instant.EPOCH;
        }
    }
}
