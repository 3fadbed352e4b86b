package atmos.testing;

import atmos.testing.LoopbackHttpServer.Request;
import atmos.testing.LoopbackHttpServer.Response;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An honest fake of GitHub Actions' OIDC token service on {@code http://127.0.0.1:<port>}: the
 * runtime's token endpoint ({@code GET /_apis/token?api-version=2.0&audience=…} with
 * {@code Authorization: bearer <request token>}, answering {@code {"count":…,"value":"<jwt>"}}),
 * the issuer's discovery document and its JWKS. Tokens are RS256 JWTs signed with the issuer's key,
 * with GitHub's claims ({@code sub} {@code repo:OWNER/REPO:ref:REF}, {@code repository}, {@code ref},
 * {@code job_workflow_ref} …); the issuer is the fake's own URL, so {@link FakeSts} verifies them as
 * STS verifies GitHub's.
 */
public final class FakeGithubOidc implements AutoCloseable {
    private final LoopbackHttpServer server;
    private final Clock clock;
    private final RSAKey key;
    private final String requestToken = "ghs_" + UUID.randomUUID().toString().replace("-", "");
    private volatile String repository = "acme/infrastructure";
    private volatile String ref = "refs/heads/main";
    private volatile Duration lifetime = Duration.ofMinutes(5);
    private volatile RSAKey signingKey;
    private final List<String> audiences = new CopyOnWriteArrayList<>();

    private FakeGithubOidc(Clock clock) {
        this.clock = clock;
        try {
            this.key = new RSAKeyGenerator(2048).keyID("gh-" + UUID.randomUUID()).generate();
            this.signingKey = key;
            this.server = new LoopbackHttpServer("fake-github-oidc", this::handle);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fake whose tokens are dated by {@code clock} (share the FakeSts clock). */
    public static FakeGithubOidc start(Clock clock) {
        return new FakeGithubOidc(clock);
    }

    /** The issuer ({@code iss}), also the base of the discovery document. */
    public String issuer() {
        return "http://127.0.0.1:" + server.port();
    }

    /** What GitHub puts in {@code ACTIONS_ID_TOKEN_REQUEST_URL}. */
    public String requestUrl() {
        return issuer() + "/_apis/token?api-version=2.0";
    }

    /** What GitHub puts in {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN} (a secret). */
    public String requestToken() {
        return requestToken;
    }

    /** The variables a job with {@code permissions: id-token: write} has. */
    public Map<String, String> actionsEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GITHUB_ACTIONS", "true");
        env.put("CI", "true");
        env.put("ACTIONS_ID_TOKEN_REQUEST_URL", requestUrl());
        env.put("ACTIONS_ID_TOKEN_REQUEST_TOKEN", requestToken);
        return env;
    }

    /** The job's repository and ref, which make the {@code sub} claim. */
    private final List<String> issuedTokens = new CopyOnWriteArrayList<>();

    /** Every secret this fake issued: the request token and each ID token. */
    public List<IssuedSecret> issuedSecrets() {
        List<IssuedSecret> out = new java.util.ArrayList<>();
        out.add(new IssuedSecret("GitHub Actions ID-token request token", requestToken));
        issuedTokens.forEach(t -> out.add(new IssuedSecret("GitHub OIDC ID token", t)));
        return out;
    }

    /** The job's repository and ref, which make the {@code sub} claim. */
    public FakeGithubOidc job(String repository, String ref) {
        this.repository = repository;
        this.ref = ref;
        return this;
    }

    public FakeGithubOidc lifetime(Duration d) {
        this.lifetime = d;
        return this;
    }

    /** Signs further tokens with a key the issuer does not publish (a forged token). */
    public FakeGithubOidc signWithUnpublishedKey() {
        try {
            this.signingKey = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** The audiences tokens were requested for, in order. */
    public List<String> audiences() {
        return List.copyOf(audiences);
    }

    public String subject() {
        return "repo:" + repository + ":ref:" + ref;
    }

    /** A token for {@code audience}, as the endpoint would issue it now. */
    public String token(String audience) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer()).subject(subject()).audience(audience)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(lifetime))).jwtID(UUID.randomUUID().toString())
                .claim("repository", repository).claim("ref", ref).claim("repository_owner", repository.split("/")[0])
                .claim("job_workflow_ref", repository + "/.github/workflows/ci.yaml@" + ref)
                .claim("event_name", "push").claim("runner_environment", "github-hosted").build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(signingKey.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        String issued = jwt.serialize();
        issuedTokens.add(issued);
        return issued;
    }

    private Response handle(Request r) {
        String path = r.rawPath();
        if (path.equals("/.well-known/openid-configuration")) {
            return json(200, "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/.well-known/jwks\","
                    + "\"subject_types_supported\":[\"public\",\"pairwise\"],\"response_types_supported\":[\"id_token\"],"
                    + "\"id_token_signing_alg_values_supported\":[\"RS256\"],\"claims_supported\":[\"sub\",\"aud\",\"exp\",\"iat\",\"iss\"]}");
        }
        if (path.equals("/.well-known/jwks")) {
            return json(200, new JWKSet(key.toPublicJWK()).toString());
        }
        if (path.equals("/_apis/token") && r.method().equals("GET")) {
            String auth = r.header("authorization");
            if (auth == null || !auth.equalsIgnoreCase("bearer " + requestToken)) {
                return json(401, "{\"message\":\"Bad credentials\"}");
            }
            String audience = null;
            for (String part : r.rawQuery().split("&")) {
                if (part.startsWith("audience=")) {
                    audience = URLDecoder.decode(part.substring(9), StandardCharsets.UTF_8);
                }
            }
            // GitHub's default audience is the repository owner's URL.
            String aud = audience == null ? "https://github.com/" + repository.split("/")[0] : audience;
            audiences.add(aud);
            return json(200, "{\"count\":1,\"value\":\"" + token(aud) + "\"}");
        }
        return json(404, "{\"message\":\"Not Found\"}");
    }

    private static Response json(int status, String body) {
        return new Response(status, Map.of("Content-Type", "application/json; charset=utf-8"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.close();
    }
}
