package atmos.auth.provider.github;

import atmos.auth.AuthContext;
import atmos.auth.Credentials;
import atmos.auth.OidcToken;
import atmos.auth.Provider;
import atmos.config.ProviderConfig;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
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
 * {@code github/oidc}: the GitHub Actions ID token for {@code spec.audience}, requested from
 * {@code ACTIONS_ID_TOKEN_REQUEST_URL} with {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN} (or taken from
 * {@code ACTIONS_ID_TOKEN} when a previous step fetched it), as the Go Atmos does. The next identity
 * (aws/assume-role) exchanges it with STS AssumeRoleWithWebIdentity. Nothing of such a chain is kept in
 * the keyring ({@link Caching#NONE}): the token names one job's repository, branch and run, and a later
 * job on the same runner must not inherit what it was allowed.
 */
public final class GithubOidcProvider implements Provider {
    static final String REQUEST_URL = "ACTIONS_ID_TOKEN_REQUEST_URL";
    static final String REQUEST_TOKEN = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
    static final String ID_TOKEN = "ACTIONS_ID_TOKEN";
    private static final Duration TIMEOUT = Duration.ofSeconds(10); // Atmos's OidcTimeout

    private final ProviderConfig config;

    public GithubOidcProvider(ProviderConfig config) {
        this.config = config;
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    @Override
    public Caching caching() {
        return Caching.NONE;
    }

    @Override
    public Credentials authenticate(AuthContext context) {
        String audience = config.spec().string("audience").orElseThrow(() -> AtmosException.config(
                "provider \"" + config.name() + "\" (github/oidc) has no spec.audience",
                "set spec.audience, e.g. sts.amazonaws.com (the audience the IAM OIDC provider accepts)"));
        var host = context.host();
        List<String> missing = new ArrayList<>();
        if (!host.getenv("GITHUB_ACTIONS").map("true"::equalsIgnoreCase).orElse(false)) {
            missing.add("GITHUB_ACTIONS=true");
        }
        var direct = host.getenv(ID_TOKEN);
        if (direct.isEmpty()) {
            if (host.getenv(REQUEST_URL).isEmpty()) {
                missing.add(REQUEST_URL);
            }
            if (host.getenv(REQUEST_TOKEN).isEmpty()) {
                missing.add(REQUEST_TOKEN);
            }
        }
        if (!missing.isEmpty()) {
            throw AtmosException.auth("provider \"" + config.name() + "\" (github/oidc) works only inside a GitHub Actions job; missing: "
                            + String.join(", ", missing),
                    "give the job 'permissions: id-token: write' (GitHub then sets " + REQUEST_URL + " and " + REQUEST_TOKEN
                            + "); outside Actions choose another identity, or --identity=false");
        }
        String jwt;
        if (direct.isPresent()) {
            jwt = direct.get();
        } else {
            String requestToken = host.getenv(REQUEST_TOKEN).orElseThrow();
            context.log().secret(requestToken);
            jwt = fetch(context, host.getenv(REQUEST_URL).orElseThrow(), requestToken, audience);
        }
        context.log().secret(jwt);
        context.log().debug("GitHub OIDC token obtained", "provider", config.name(), "audience", audience);
        return new OidcToken(jwt, "github", audience, context.aws().skew().toLocal(expiration(jwt))); // GitHub's clock, made local
    }

    /** GET {@code url&audience=…} with the request token as bearer; the answer is {@code {"value": "<jwt>"}}. */
    private String fetch(AuthContext context, String url, String requestToken, String audience) {
        URI uri = endpoint(url);
        URI withAudience = URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + "audience="
                + URLEncoder.encode(audience, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(withAudience).timeout(TIMEOUT).GET()
                .header("Authorization", "bearer " + requestToken).header("Accept", "application/json").build();
        HttpResponse<String> response;
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
            response.headers().firstValue("Date").ifPresent(d -> context.aws().skew().observe(d, uri.getHost()));
        } catch (IOException e) {
            throw AtmosException.auth("cannot reach GitHub's OIDC token endpoint (" + uri.getHost() + ") for provider \"" + config.name()
                    + "\": " + e.getMessage(), "check the runner's network and proxy settings");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AtmosException(ExitCode.INTERRUPTED, "interrupted", null);
        }
        if (response.statusCode() != 200) {
            throw AtmosException.auth("GitHub's OIDC token endpoint refused the request for provider \"" + config.name() + "\": HTTP "
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
            throw AtmosException.auth("GitHub's OIDC token endpoint sent no token for provider \"" + config.name() + "\"",
                    "run the job again; if it repeats, check GitHub's status page");
        }
        return s;
    }

    /**
     * The request URL as Atmos accepts it: https with a host (so the request token never travels in
     * clear or to a relative target); plain http only to this machine's loopback address.
     */
    private URI endpoint(String url) {
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

    /** The JWT's {@code exp}, read without verification (STS verifies); null when it has none or is not a JWT. */
    static Instant expiration(String jwt) {
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
