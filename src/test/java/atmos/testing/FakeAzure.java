package atmos.testing;

import atmos.testing.LoopbackHttpServer.Request;
import atmos.testing.LoopbackHttpServer.Response;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * An honest fake of the Microsoft identity platform (Microsoft Entra ID, v2.0 endpoints) and of Azure
 * Resource Manager, each on its own {@code https://127.0.0.1:<port>} with a certificate from a
 * {@link TestCa} the test trusts (MSAL insists on https authorities). Through {@link FakeProxy} the same
 * servers answer as {@code login.microsoftonline.com} and {@code management.azure.com}.
 *
 * <p>Identity platform: OpenID discovery ({@code /{tenant}/v2.0/.well-known/openid-configuration}),
 * instance discovery ({@code /common/discovery/instance}), signing keys, {@code devicecode}, the
 * {@code authorize} page (a person picks Allow; authorization code with PKCE S256 to a loopback
 * redirect, as a query or, for {@code response_mode=form_post}, a self-submitting form), the device-login pages, and {@code token} with the device code grant
 * ({@code authorization_pending}, {@code expired_token}, {@code authorization_declined}), the
 * authorization code grant, refresh tokens (a new one with each answer, old ones valid until they expire; expired ones
 * refused with AADSTS700082) and client
 * credentials with a federated client assertion (its signature checked against the issuer's JWKS, fetched
 * from the issuer's discovery document, and its issuer, subject, audience and time window against the
 * application's federated credentials). Tenants are GUIDs or domains; unknown ones are AADSTS90002.
 * Access and ID tokens are RS256 JWTs with Entra's claims ({@code tid}, {@code oid}, {@code upn},
 * {@code appid}, {@code aud} …) and {@code client_info} for MSAL's account ids.
 *
 * <p>ARM: {@code GET /subscriptions/{id}}, {@code /subscriptions} and {@code /tenants}, each checking the
 * bearer token's signature, expiry and audience; a subscription is visible to the principals given a
 * role on it, {@code 403 AuthorizationFailed} to others of its tenant, {@code 404 SubscriptionNotFound}
 * elsewhere. Every request is recorded.
 *
 * <p>Time: an injected clock plus an offset moved by {@link #advance(Duration)} (a server clock ahead of or
 * behind the machine's); lifetimes, expiry checks and the {@code Date} header of every answer follow it.
 * Every secret handed out or presented (access, refresh and ID tokens, device and authorization codes,
 * client assertions) is listed by {@link #issuedSecrets()}, for tests that look for it where it must not be.
 */
public final class FakeAzure implements AutoCloseable {
    public static final String AZURE_CLI = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
    public static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    static final Set<String> ARM_AUDIENCES = Set.of("https://management.azure.com", "https://management.azure.com/",
            "https://management.core.windows.net", "https://management.core.windows.net/", "https://management.usgovcloudapi.net",
            "https://management.usgovcloudapi.net/", "https://management.core.usgovcloudapi.net/");

    private final TestCa ca;
    private final TestCa.Issued certificate;
    private final LoopbackHttpServer login;
    private final LoopbackHttpServer arm;
    private final RSAKey key;
    private final HttpClient fetcher = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Refresh> refreshTokens = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<IssuedSecret> issued = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private volatile Duration offset = Duration.ZERO;

    private volatile Duration accessTokenLifetime = Duration.ofHours(1);
    private volatile Duration refreshTokenLifetime = Duration.ofDays(90);
    private volatile Duration deviceCodeLifetime = Duration.ofMinutes(15);
    private volatile User browserUser;
    private volatile User autoApprove;
    private volatile Duration autoApproveAfter = Duration.ZERO;

    public record Tenant(String id, String domain, String name) {
    }

    public record User(String oid, String upn, String name, Tenant home) {
    }

    /** An app registration; federated credentials let a workload sign in with a token from {@code issuer}. */
    public record App(String clientId, Tenant tenant, String name, List<Federated> federated) {
    }

    public record Federated(String issuer, String subject, String audience) {
    }

    public record Subscription(String id, String name, Tenant tenant, Set<String> principals) {
    }

    /** One request: which server, method, path, the grant type for token calls, and the HTTP status. */
    public record Call(String server, String method, String path, String grant, int status, String error) {
    }

    private static final class Device {
        final String deviceCode = "DC" + UUID.randomUUID().toString().replace("-", "");
        final String userCode;
        final String clientId;
        final Tenant tenant;
        final String scope;
        final Instant expires;
        final Instant created;
        volatile User approvedBy;
        volatile boolean declined;
        volatile boolean redeemed;

        Device(String userCode, String clientId, Tenant tenant, String scope, Instant created, Instant expires) {
            this.created = created;
            this.userCode = userCode;
            this.clientId = clientId;
            this.tenant = tenant;
            this.scope = scope;
            this.expires = expires;
        }
    }

    private record Code(String clientId, Tenant tenant, String redirectUri, String challenge, String scope, User user, Instant expires) {
    }

    private record Refresh(User user, String clientId, Tenant tenant, Instant expires) {
    }

    private FakeAzure(TestCa ca, Clock clock) {
        this.ca = ca;
        this.clock = clock;
        this.certificate = ca.issue("127.0.0.1", "localhost", "login.microsoftonline.com", "management.azure.com",
                "login.microsoftonline.us", "management.usgovcloudapi.net");
        try {
            this.key = new RSAKeyGenerator(2048).keyID("entra-" + UUID.randomUUID()).generate();
            this.login = new LoopbackHttpServer("fake-entra", r -> record("login", r, this::handleLogin), certificate.serverContext());
            this.arm = new LoopbackHttpServer("fake-arm", r -> record("arm", r, this::handleArm), certificate.serverContext());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FakeAzure start(TestCa ca) {
        return new FakeAzure(ca, Clock.systemUTC());
    }

    /**
     * A fake whose time is {@code clock} plus an offset moved by {@link #advance(Duration)}: token lifetimes,
     * expiry checks and the {@code Date} header of every answer follow it. Note that MSAL (in the code under
     * test) keeps time with the system clock whatever this says.
     */
    public static FakeAzure start(TestCa ca, Clock clock) {
        return new FakeAzure(ca, clock);
    }

    /** The fake's time: its clock plus the offset. */
    public Instant now() {
        return clock.instant().plus(offset);
    }

    /** Moves the fake's time (a server clock ahead of, or with a negative duration behind, the machine's). */
    public FakeAzure advance(Duration d) {
        offset = offset.plus(d);
        return this;
    }

    /**
     * Every secret this fake issued or was handed: access, refresh and ID tokens, device codes,
     * authorization codes, and the client assertions (federated tokens) applications presented.
     */
    public List<IssuedSecret> issuedSecrets() {
        return List.copyOf(issued);
    }

    public TestCa ca() {
        return ca;
    }

    public TestCa.Issued certificate() {
        return certificate;
    }

    /** {@code AZURE_AUTHORITY_HOST}: {@code https://127.0.0.1:<port>}. */
    public String authorityHost() {
        return "https://127.0.0.1:" + login.port();
    }

    /** {@code AZURE_RESOURCE_MANAGER_ENDPOINT}: {@code https://127.0.0.1:<port>/}. */
    public String armEndpoint() {
        return "https://127.0.0.1:" + arm.port() + "/";
    }

    public int loginPort() {
        return login.port();
    }

    public int armPort() {
        return arm.port();
    }

    // ---------------------------------------------------------------- the directory

    public Tenant tenant(String domain, String name) {
        Tenant t = new Tenant(UUID.randomUUID().toString(), domain, name);
        tenants.put(t.id(), t);
        return t;
    }

    public User user(Tenant home, String upn, String name) {
        User u = new User(UUID.randomUUID().toString(), upn, name, home);
        users.put(u.oid(), u);
        return u;
    }

    public App app(Tenant tenant, String name, Federated... federated) {
        App a = new App(UUID.randomUUID().toString(), tenant, name, List.of(federated));
        apps.put(a.clientId(), a);
        return a;
    }

    /** A subscription in {@code tenant}; {@code principals} (user oids, app client ids) have a role on it. */
    public Subscription subscription(Tenant tenant, String name, String... principals) {
        Subscription s = new Subscription(UUID.randomUUID().toString(), name, tenant, ConcurrentHashMap.newKeySet());
        s.principals().addAll(List.of(principals));
        subscriptions.put(s.id(), s);
        return s;
    }

    public FakeAzure accessTokenLifetime(Duration d) {
        this.accessTokenLifetime = d;
        return this;
    }

    public FakeAzure refreshTokenLifetime(Duration d) {
        this.refreshTokenLifetime = d;
        return this;
    }

    public FakeAzure deviceCodeLifetime(Duration d) {
        this.deviceCodeLifetime = d;
        return this;
    }

    /** The person signed in to the browser that opens the fake's pages. */
    public FakeAzure browserUser(User u) {
        this.browserUser = u;
        return this;
    }

    /** Device codes are approved by {@code u} {@code after} their issue (null: never by themselves). */
    public FakeAzure autoApproveDevices(User u, Duration after) {
        this.autoApprove = u;
        this.autoApproveAfter = after;
        return this;
    }

    /** Approves the pending device authorization with this user code. */
    public void approve(String userCode, User u) {
        devices.values().stream().filter(d -> d.userCode.equals(userCode)).forEach(d -> d.approvedBy = u);
    }

    /** Declines the pending device authorization with this user code, as the person would on the device-login page. */
    public void decline(String userCode) {
        devices.values().stream().filter(d -> d.userCode.equals(userCode)).forEach(d -> d.declined = true);
    }

    /** Ends every refresh token now (they all become AADSTS700082). */
    public void expireRefreshTokens() {
        refreshTokens.replaceAll((k, r) -> new Refresh(r.user(), r.clientId(), r.tenant(), now().minusSeconds(1)));
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public long count(String path) {
        return calls.stream().filter(c -> c.path().endsWith(path)).count();
    }

    /** Successful token calls with this grant type. */
    public long tokens(String grant) {
        return calls.stream().filter(c -> c.path().endsWith("/oauth2/v2.0/token") && grant.equals(c.grant()) && c.status() == 200).count();
    }

    public long armCalls(String pathPrefix) {
        return calls.stream().filter(c -> c.server().equals("arm") && c.path().startsWith(pathPrefix)).count();
    }

    /** Issues an access token as the token endpoint would (for tests of consumers). */
    public String accessToken(User u, Tenant t, String clientId, String audience, Duration lifetime) {
        String at = jwt(accessClaims(u, null, t, clientId, audience, now(), lifetime));
        issued.add(new IssuedSecret("Azure access token (issued for a test, " + audience + ")", at));
        return at;
    }

    // ---------------------------------------------------------------- plumbing

    private Response record(String server, Request r, java.util.function.Function<Request, Response> handler) {
        Response resp = handler.apply(r);
        String grant = null;
        if (r.method().equals("POST")) {
            grant = form(r).get("grant_type");
            grant = "device_code".equals(grant) ? DEVICE_GRANT : grant;
        }
        String error = null;
        if (resp.status() >= 400) {
            String body = new String(resp.body(), StandardCharsets.UTF_8);
            int i = body.indexOf("\"error\":\"");
            if (i >= 0) {
                error = body.substring(i + 9, body.indexOf('"', i + 9));
            } else if ((i = body.indexOf("\"code\":\"")) >= 0) {
                error = body.substring(i + 8, body.indexOf('"', i + 8));
            }
        }
        calls.add(new Call(server, r.method(), r.rawPath(), grant, resp.status(), error));
        // Entra and ARM date every answer; with the fake's clock, so a skew can be measured from it.
        Map<String, String> headers = new LinkedHashMap<>(resp.headers());
        headers.put("Date", HTTP_DATE.format(now()));
        return new Response(resp.status(), headers, resp.body());
    }

    private static final java.time.format.DateTimeFormatter HTTP_DATE =
            java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.withZone(java.time.ZoneOffset.UTC);

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } else if (!pair.isEmpty()) {
                out.put(URLDecoder.decode(pair, StandardCharsets.UTF_8), "");
            }
        }
        return out;
    }

    private static Map<String, String> form(Request r) {
        return query(new String(r.body(), StandardCharsets.UTF_8));
    }

    private static Response json(int status, String body) {
        return new Response(status, Map.of("Content-Type", "application/json; charset=utf-8", "Cache-Control", "no-store"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static Response html(String body) {
        return new Response(200, Map.of("Content-Type", "text/html; charset=utf-8"), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** An OAuth error as Entra sends it: error, AADSTS description, codes, trace and correlation ids. */
    private Response oauthError(int status, String error, String aadsts, String description) {
        String trace = UUID.randomUUID().toString();
        return json(status, "{\"error\":" + q(error) + ",\"error_description\":" + q(aadsts + ": " + description + "\r\nTrace ID: " + trace
                + "\r\nCorrelation ID: " + UUID.randomUUID() + "\r\nTimestamp: " + now()) + ",\"error_codes\":["
                + aadsts.substring(6) + "],\"timestamp\":" + q(now().toString()) + ",\"trace_id\":" + q(trace)
                + ",\"correlation_id\":" + q(UUID.randomUUID().toString()) + "}");
    }

    /** The host the client asked for, as the fake's own name in URLs (127.0.0.1:port, or a name behind the proxy). */
    private String base(Request r) {
        String h = r.header("host");
        return "https://" + (h == null ? "127.0.0.1:" + login.port() : h);
    }

    private static String hostOnly(String base) {
        String h = URI.create(base).getHost();
        return h;
    }

    private Tenant tenantFor(String segment) {
        if (segment == null) {
            return null;
        }
        Tenant t = tenants.get(segment);
        if (t != null) {
            return t;
        }
        return tenants.values().stream().filter(x -> x.domain().equalsIgnoreCase(segment)).findFirst().orElse(null);
    }

    private boolean multiTenant(String segment) {
        return segment.equals("organizations") || segment.equals("common");
    }

    // ---------------------------------------------------------------- identity platform

    private Response handleLogin(Request r) {
        String path = r.rawPath();
        String[] parts = path.split("/");
        if (path.equals("/common/discovery/instance") && r.method().equals("GET")) {
            String host = hostOnly(base(r));
            return json(200, "{\"tenant_discovery_endpoint\":" + q(base(r) + "/common/v2.0/.well-known/openid-configuration")
                    + ",\"api-version\":\"1.1\",\"metadata\":[{\"preferred_network\":" + q(host) + ",\"preferred_cache\":" + q(host)
                    + ",\"aliases\":[" + q(host) + "]}]}");
        }
        if (path.equals("/devicelogin")) {
            return deviceLogin(r);
        }
        if (path.equals("/devicelogin/approve") && r.method().equals("POST")) {
            return deviceApprove(r);
        }
        if (parts.length < 3) {
            return json(404, "{\"error\":\"not_found\"}");
        }
        String segment = parts[1];
        Tenant tenant = tenantFor(segment);
        if (tenant == null && !multiTenant(segment)) {
            return oauthError(400, "invalid_request", "AADSTS90002", "Tenant '" + segment + "' not found. Check to make sure you have the correct"
                    + " tenant ID and are signing into the correct cloud.");
        }
        String rest = path.substring(segment.length() + 1);
        switch (rest) {
            case "/v2.0/.well-known/openid-configuration":
                return discovery(r, segment);
            case "/discovery/v2.0/keys":
                return json(200, new JWKSet(key.toPublicJWK()).toString());
            case "/oauth2/v2.0/devicecode":
                return r.method().equals("POST") ? deviceCode(r, tenant, segment) : json(405, "{}");
            case "/oauth2/v2.0/authorize":
                return r.method().equals("GET") ? authorizePage(r, segment) : authorizeApprove(r, tenant, segment);
            case "/oauth2/v2.0/token":
                return r.method().equals("POST") ? token(r, tenant, segment) : json(405, "{}");
            default:
                return json(404, "{\"error\":\"not_found\"}");
        }
    }

    private Response discovery(Request r, String segment) {
        String b = base(r) + "/" + segment;
        Tenant t = tenantFor(segment);
        String issuer = "https://" + hostOnly(base(r)) + "/" + (t != null ? t.id() : "{tenantid}") + "/v2.0";
        return json(200, "{\"token_endpoint\":" + q(b + "/oauth2/v2.0/token") + ",\"token_endpoint_auth_methods_supported\":"
                + "[\"client_secret_post\",\"private_key_jwt\",\"client_secret_basic\"],\"jwks_uri\":" + q(b + "/discovery/v2.0/keys")
                + ",\"response_modes_supported\":[\"query\",\"fragment\",\"form_post\"],\"subject_types_supported\":[\"pairwise\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"],\"response_types_supported\":[\"code\",\"id_token\",\"code id_token\","
                + "\"id_token token\"],\"scopes_supported\":[\"openid\",\"profile\",\"email\",\"offline_access\"],\"issuer\":" + q(issuer)
                + ",\"request_uri_parameter_supported\":false,\"userinfo_endpoint\":" + q(base(r) + "/oidc/userinfo")
                + ",\"authorization_endpoint\":" + q(b + "/oauth2/v2.0/authorize") + ",\"device_authorization_endpoint\":"
                + q(b + "/oauth2/v2.0/devicecode") + ",\"http_logout_supported\":true,\"frontchannel_logout_supported\":true,"
                + "\"end_session_endpoint\":" + q(b + "/oauth2/v2.0/logout") + ",\"claims_supported\":[\"sub\",\"iss\",\"aud\",\"exp\",\"iat\","
                + "\"nbf\",\"name\",\"oid\",\"tid\",\"preferred_username\"],\"tenant_region_scope\":\"EU\",\"cloud_instance_name\":\"microsoftonline.com\"}");
    }

    private boolean knownClient(String clientId, Tenant tenant) {
        if (AZURE_CLI.equals(clientId)) {
            return true;
        }
        App a = apps.get(clientId == null ? "" : clientId);
        return a != null && (tenant == null || a.tenant().id().equals(tenant.id()));
    }

    private Response deviceCode(Request r, Tenant tenant, String segment) {
        Map<String, String> f = form(r);
        String clientId = f.get("client_id");
        if (!knownClient(clientId, tenant)) {
            return oauthError(400, "unauthorized_client", "AADSTS700016", "Application with identifier '" + clientId + "' was not found in the directory.");
        }
        String userCode = String.format(Locale.ROOT, "%s%04d", randomLetters(5), (int) (Math.random() * 10000));
        Device d = new Device(userCode, clientId, tenant, f.getOrDefault("scope", ""), now(), now().plus(deviceCodeLifetime));
        devices.put(d.deviceCode, d);
        issued.add(new IssuedSecret("Azure device code", d.deviceCode));
        String verification = base(r) + "/devicelogin";
        return json(200, "{\"user_code\":" + q(userCode) + ",\"device_code\":" + q(d.deviceCode) + ",\"verification_uri\":" + q(verification)
                + ",\"expires_in\":" + deviceCodeLifetime.toSeconds() + ",\"interval\":1,\"message\":" + q("To sign in, use a web browser to open the page "
                + verification + " and enter the code " + userCode + " to authenticate.") + "}");
    }

    private static String randomLetters(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) ('A' + (int) (Math.random() * 26)));
        }
        return b.toString();
    }

    private Response deviceLogin(Request r) {
        if (r.method().equals("GET")) {
            return html("<!doctype html><html><head><title>Enter code</title></head><body><h1>Enter code</h1>"
                    + "<form method=\"post\" action=\"/devicelogin\"><input id=\"code\" name=\"code\" autocomplete=\"off\">"
                    + "<button id=\"next\" type=\"submit\">Next</button></form></body></html>");
        }
        String code = form(r).getOrDefault("code", "").strip().toUpperCase(Locale.ROOT);
        Device d = devices.values().stream().filter(x -> x.userCode.equals(code)).findFirst().orElse(null);
        if (d == null || now().isAfter(d.expires)) {
            return html("<!doctype html><html><body><p id=\"error\">That code is not valid or has expired.</p></body></html>");
        }
        User u = browserUser;
        return html("<!doctype html><html><head><title>Are you trying to sign in?</title></head><body><h1>Are you trying to sign in to "
                + esc(d.clientId.equals(AZURE_CLI) ? "Microsoft Azure CLI" : d.clientId) + "?</h1><p id=\"who\">" + esc(u == null ? "nobody" : u.upn())
                + "</p><form method=\"post\" action=\"/devicelogin/approve\"><input type=\"hidden\" name=\"code\" value=\"" + esc(code) + "\">"
                + "<button id=\"allow\" name=\"decision\" value=\"allow\">Continue</button><button id=\"deny\" name=\"decision\" value=\"deny\">Cancel</button>"
                + "</form></body></html>");
    }

    private Response deviceApprove(Request r) {
        Map<String, String> f = form(r);
        String code = f.getOrDefault("code", "");
        devices.values().stream().filter(x -> x.userCode.equals(code)).forEach(d -> {
            if ("allow".equals(f.get("decision"))) {
                d.approvedBy = browserUser;
            } else {
                d.declined = true;
            }
        });
        return html("<!doctype html><html><body><h1 id=\"done\">" + ("allow".equals(f.get("decision"))
                ? "You have signed in to the application on your device. You may now close this window." : "Sign-in cancelled.")
                + "</h1></body></html>");
    }

    private Response authorizePage(Request r, String segment) {
        Map<String, String> p = query(r.rawQuery());
        String clientId = p.get("client_id");
        Tenant tenant = tenantFor(segment);
        if (!knownClient(clientId, tenant)) {
            return html("<!doctype html><html><body><p id=\"error\">AADSTS700016: Application with identifier '" + esc(String.valueOf(clientId))
                    + "' was not found.</p></body></html>");
        }
        String redirect = p.getOrDefault("redirect_uri", "");
        URI ru = URI.create(redirect);
        if (!"http".equals(ru.getScheme()) || !(ru.getHost().equals("localhost") || ru.getHost().equals("127.0.0.1"))) {
            return html("<!doctype html><html><body><p id=\"error\">AADSTS50011: The redirect URI does not match.</p></body></html>");
        }
        if (!"S256".equals(p.get("code_challenge_method")) || p.get("code_challenge") == null) {
            return html("<!doctype html><html><body><p id=\"error\">AADSTS9002325: Proof Key for Code Exchange is required.</p></body></html>");
        }
        StringBuilder hidden = new StringBuilder();
        for (String k : List.of("client_id", "redirect_uri", "state", "scope", "code_challenge", "nonce", "response_mode")) {
            if (p.get(k) != null) {
                hidden.append("<input type=\"hidden\" name=\"").append(k).append("\" value=\"").append(esc(p.get(k))).append("\">");
            }
        }
        User u = browserUser;
        return html("<!doctype html><html><head><title>Sign in to your account</title></head><body><h1>Pick an account</h1><p id=\"who\">"
                + esc(u == null ? "nobody" : u.upn()) + "</p><form method=\"post\" action=\"/" + esc(segment) + "/oauth2/v2.0/authorize\">" + hidden
                + "<button id=\"allow\" name=\"decision\" value=\"allow\">Accept</button><button id=\"deny\" name=\"decision\" value=\"deny\">Cancel</button>"
                + "</form></body></html>");
    }

    private Response authorizeApprove(Request r, Tenant tenant, String segment) {
        Map<String, String> f = form(r);
        String redirect = f.get("redirect_uri");
        String state = f.get("state");
        String sep = redirect.contains("?") ? "&" : "?";
        if (!"allow".equals(f.get("decision")) || browserUser == null) {
            return new Response(302, Map.of("Location", redirect + sep + "error=access_denied&error_description="
                    + enc("AADSTS65004: User declined to consent to access the app.") + (state == null ? "" : "&state=" + enc(state))), new byte[0]);
        }
        String code = "C" + UUID.randomUUID().toString().replace("-", "");
        issued.add(new IssuedSecret("Azure authorization code", code));
        Tenant t = tenant != null ? tenant : browserUser.home();
        codes.put(code, new Code(f.get("client_id"), t, redirect, f.get("code_challenge"), f.getOrDefault("scope", ""), browserUser,
                now().plus(Duration.ofMinutes(10))));
        if ("form_post".equals(f.get("response_mode"))) {
            // What Entra does for response_mode=form_post (MSAL4J asks for it): a page that posts the code to the redirect URI.
            return html("<!doctype html><html><head><title>Working...</title></head><body onload=\"document.forms[0].submit()\">"
                    + "<form method=\"POST\" action=\"" + esc(redirect) + "\"><input type=\"hidden\" name=\"code\" value=\"" + esc(code) + "\">"
                    + (state == null ? "" : "<input type=\"hidden\" name=\"state\" value=\"" + esc(state) + "\">")
                    + "<input type=\"hidden\" name=\"session_state\" value=\"" + UUID.randomUUID() + "\"><noscript><button>Continue</button></noscript>"
                    + "</form></body></html>");
        }
        return new Response(302, Map.of("Location", redirect + sep + "code=" + enc(code) + (state == null ? "" : "&state=" + enc(state))
                + "&session_state=" + UUID.randomUUID()), new byte[0]);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private Response token(Request r, Tenant tenant, String segment) {
        Map<String, String> f = form(r);
        String grant = f.getOrDefault("grant_type", "");
        String clientId = f.get("client_id");
        switch (grant) {
            case DEVICE_GRANT:
            case "device_code": { // MSAL4J sends the short form, which Entra accepts too
                Device d = devices.get(f.getOrDefault("device_code", ""));
                if (d == null || d.redeemed) {
                    return oauthError(400, "invalid_grant", "AADSTS70000", "Provided grant is invalid or malformed.");
                }
                if (!d.clientId.equals(clientId)) {
                    return oauthError(400, "invalid_grant", "AADSTS70000", "The device code was issued to another client.");
                }
                if (now().isAfter(d.expires)) {
                    return oauthError(400, "expired_token", "AADSTS70020", "The provided value for the input parameter 'device_code' is not valid."
                            + " This device code has expired.");
                }
                if (d.declined) {
                    return oauthError(400, "authorization_declined", "AADSTS70000", "The user declined the sign-in.");
                }
                if (d.approvedBy == null && autoApprove != null && now().isAfter(d.created.plus(autoApproveAfter))) {
                    d.approvedBy = autoApprove;
                }
                if (d.approvedBy == null) {
                    return oauthError(400, "authorization_pending", "AADSTS70016", "OAuth 2.0 device flow error. Authorization is pending. Continue polling.");
                }
                d.redeemed = true;
                Tenant t = d.tenant != null ? d.tenant : d.approvedBy.home();
                return issue(d.approvedBy, t, clientId, f.getOrDefault("scope", d.scope), f.containsKey("client_info"), true, base(r));
            }
            case "authorization_code": {
                Code c = codes.remove(f.getOrDefault("code", ""));
                if (c == null || now().isAfter(c.expires()) || !c.clientId().equals(clientId)) {
                    return oauthError(400, "invalid_grant", "AADSTS70008", "The provided authorization code or refresh token has expired or is invalid.");
                }
                if (!c.redirectUri().equals(f.get("redirect_uri"))) {
                    return oauthError(400, "invalid_grant", "AADSTS50011", "The redirect URI does not match the one of the authorization request.");
                }
                if (!c.challenge().equals(s256(f.getOrDefault("code_verifier", "")))) {
                    return oauthError(400, "invalid_grant", "AADSTS501481", "The Code_Verifier does not match the code_challenge supplied in the"
                            + " authorization request.");
                }
                return issue(c.user(), c.tenant(), clientId, f.getOrDefault("scope", c.scope()), f.containsKey("client_info"), true, base(r));
            }
            case "refresh_token": {
                // Entra issues a new refresh token with each answer but, unlike some IdPs, the old one stays valid until it expires.
                Refresh rt = refreshTokens.get(f.getOrDefault("refresh_token", ""));
                if (rt == null || !rt.clientId().equals(clientId)) {
                    return oauthError(400, "invalid_grant", "AADSTS9002313", "Invalid request. Request is malformed or invalid.");
                }
                if (now().isAfter(rt.expires())) {
                    return oauthError(400, "invalid_grant", "AADSTS700082", "The refresh token has expired due to inactivity. The token was issued on "
                            + rt.expires().minus(refreshTokenLifetime) + " and was inactive for " + refreshTokenLifetime.toDays() + " days.");
                }
                Tenant t = tenant != null ? tenant : rt.tenant();
                return issue(rt.user(), t, clientId, f.getOrDefault("scope", ""), f.containsKey("client_info"), true, base(r));
            }
            case "client_credentials":
                return clientCredentials(f, tenant, segment);
            default:
                return oauthError(400, "unsupported_grant_type", "AADSTS70003", "The app requested an unsupported grant type '" + grant + "'.");
        }
    }

    private Response clientCredentials(Map<String, String> f, Tenant tenant, String segment) {
        String clientId = f.get("client_id");
        App app = apps.get(clientId == null ? "" : clientId);
        if (tenant == null) {
            return oauthError(400, "invalid_request", "AADSTS90002", "Tenant '" + segment + "' not found.");
        }
        if (app == null || !app.tenant().id().equals(tenant.id())) {
            return oauthError(400, "unauthorized_client", "AADSTS700016", "Application with identifier '" + clientId + "' was not found in the"
                    + " directory '" + tenant.domain() + "'.");
        }
        if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(f.get("client_assertion_type")) || f.get("client_assertion") == null) {
            return oauthError(401, "invalid_client", "AADSTS7000218", "The request body must contain the following parameter: 'client_assertion'"
                    + " or 'client_secret'.");
        }
        issued.add(new IssuedSecret("client assertion presented to Entra", f.get("client_assertion")));
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(f.get("client_assertion"));
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return oauthError(401, "invalid_client", "AADSTS50027", "JWT token is invalid or is malformed.");
        }
        String issuer = claims.getIssuer();
        List<Federated> matching = app.federated().stream().filter(x -> x.issuer().equals(issuer)).toList();
        if (matching.isEmpty()) {
            return oauthError(400, "invalid_request", "AADSTS70021", "No matching federated identity record found for presented assertion. Assertion"
                    + " Issuer: '" + issuer + "'. Assertion Subject: '" + claims.getSubject() + "'. Assertion Audience: '" + claims.getAudience() + "'.");
        }
        if (!verifiedByIssuer(jwt, issuer)) {
            return oauthError(401, "invalid_client", "AADSTS700027", "The certificate with identifier used to sign the client assertion is not"
                    + " registered on application (its signature does not match the issuer's published keys).");
        }
        Instant now = now();
        if (claims.getExpirationTime() == null || !claims.getExpirationTime().toInstant().isAfter(now)
                || (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().isAfter(now.plusSeconds(60)))) {
            return oauthError(400, "invalid_client", "AADSTS700024", "Client assertion is not within its valid time range. Current time: " + now
                    + ", assertion valid from " + claims.getNotBeforeTime() + ", expiry time of assertion " + claims.getExpirationTime() + ".");
        }
        boolean ok = matching.stream().anyMatch(x -> x.subject().equals(claims.getSubject()) && claims.getAudience().contains(x.audience()));
        if (!ok) {
            return oauthError(400, "invalid_request", "AADSTS70021", "No matching federated identity record found for presented assertion. Assertion"
                    + " Issuer: '" + issuer + "'. Assertion Subject: '" + claims.getSubject() + "'. Assertion Audience: '"
                    + String.join(",", claims.getAudience()) + "'.");
        }
        String scope = f.getOrDefault("scope", "");
        String audience = audienceOf(scope);
        String at = jwt(accessClaims(null, app, tenant, clientId, audience, now, accessTokenLifetime));
        issued.add(new IssuedSecret("Azure access token (application, " + audience + ")", at));
        return json(200, "{\"token_type\":\"Bearer\",\"expires_in\":" + accessTokenLifetime.toSeconds() + ",\"ext_expires_in\":"
                + accessTokenLifetime.toSeconds() + ",\"access_token\":" + q(at) + "}");
    }

    /** The assertion's signature against the keys the issuer publishes (discovery document, then JWKS). */
    private boolean verifiedByIssuer(SignedJWT jwt, String issuer) {
        try {
            String doc = fetcher.send(HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            int i = doc.indexOf("\"jwks_uri\":\"");
            String jwksUri = doc.substring(i + 12, doc.indexOf('"', i + 12));
            String jwks = fetcher.send(HttpRequest.newBuilder(URI.create(jwksUri)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            JWK k = JWKSet.parse(jwks).getKeyByKeyId(jwt.getHeader().getKeyID());
            return k != null && jwt.verify(new RSASSAVerifier(k.toRSAKey()));
        } catch (IOException | ParseException | JOSEException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code https://management.azure.com/.default} → {@code https://management.azure.com}; the first resource scope wins. */
    static String audienceOf(String scope) {
        for (String s : scope.split(" ")) {
            if (s.isEmpty() || Set.of("openid", "profile", "offline_access", "email").contains(s)) {
                continue;
            }
            return s.endsWith("/.default") ? s.substring(0, s.length() - "/.default".length()) : s;
        }
        return "00000003-0000-0000-c000-000000000000";
    }

    private Response issue(User u, Tenant t, String clientId, String scope, boolean clientInfo, boolean publicClient, String base) {
        Instant now = now();
        Set<String> scopes = new LinkedHashSet<>(List.of(scope.split(" ")));
        String audience = audienceOf(scope);
        String at = jwt(accessClaims(u, null, t, clientId, audience, now, accessTokenLifetime));
        issued.add(new IssuedSecret("Azure access token (user, " + audience + ")", at));
        StringBuilder b = new StringBuilder("{\"token_type\":\"Bearer\",\"scope\":" + q(scopes.stream()
                .filter(s -> !s.equals("offline_access")).collect(Collectors.joining(" "))) + ",\"expires_in\":" + accessTokenLifetime.toSeconds()
                + ",\"ext_expires_in\":" + accessTokenLifetime.toSeconds() + ",\"access_token\":" + q(at));
        if (scopes.contains("offline_access") && publicClient) {
            String rt = "0.RT" + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
            refreshTokens.put(rt, new Refresh(u, clientId, t, now.plus(refreshTokenLifetime)));
            issued.add(new IssuedSecret("Azure refresh token", rt));
            b.append(",\"refresh_token\":").append(q(rt));
        }
        if (scopes.contains("openid")) {
            JWTClaimsSet id = new JWTClaimsSet.Builder().audience(clientId).issuer("https://" + hostOnly(base) + "/" + t.id() + "/v2.0")
                    .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                    .subject(UUID.nameUUIDFromBytes((u.oid() + clientId).getBytes(StandardCharsets.UTF_8)).toString())
                    .claim("oid", u.oid()).claim("tid", t.id()).claim("preferred_username", u.upn()).claim("name", u.name()).claim("ver", "2.0").build();
            String idToken = jwt(id);
            issued.add(new IssuedSecret("Azure ID token", idToken));
            b.append(",\"id_token\":").append(q(idToken));
        }
        if (clientInfo) {
            String ci = "{\"uid\":\"" + u.oid() + "\",\"utid\":\"" + u.home().id() + "\"}";
            b.append(",\"client_info\":").append(q(Base64.getUrlEncoder().withoutPadding().encodeToString(ci.getBytes(StandardCharsets.UTF_8))));
        }
        return json(200, b.append('}').toString());
    }

    private JWTClaimsSet accessClaims(User u, App app, Tenant t, String clientId, String audience, Instant now, Duration lifetime) {
        JWTClaimsSet.Builder c = new JWTClaimsSet.Builder().audience(audience).issuer("https://sts.windows.net/" + t.id() + "/")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime)))
                .claim("tid", t.id()).claim("appid", clientId).claim("ver", "1.0").jwtID(UUID.randomUUID().toString());
        if (u != null) {
            c.subject(UUID.nameUUIDFromBytes(u.oid().getBytes(StandardCharsets.UTF_8)).toString()).claim("oid", u.oid()).claim("upn", u.upn())
                    .claim("unique_name", u.upn()).claim("name", u.name()).claim("scp", "user_impersonation").claim("idtyp", "user");
        } else {
            String spOid = UUID.nameUUIDFromBytes(app.clientId().getBytes(StandardCharsets.UTF_8)).toString();
            c.subject(spOid).claim("oid", spOid).claim("idtyp", "app").claim("roles", List.of());
        }
        return c.build();
    }

    private String jwt(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    // ---------------------------------------------------------------- Azure Resource Manager

    /** The caller of an ARM request: tenant, and the principal ids that can be given roles (user oid, app id). */
    private record Caller(String tenant, Set<String> principals) {
    }

    private Response armError(int status, String code, String message) {
        return json(status, "{\"error\":{\"code\":" + q(code) + ",\"message\":" + q(message) + "}}");
    }

    private Object caller(Request r) {
        String auth = r.header("authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return armError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(auth.substring(7).strip());
            if (!jwt.verify(new RSASSAVerifier(key.toPublicJWK()))) {
                return armError(401, "InvalidAuthenticationToken", "The access token has an invalid signature.");
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            if (c.getExpirationTime() == null || !c.getExpirationTime().toInstant().isAfter(now())) {
                return armError(401, "ExpiredAuthenticationToken", "The access token expiry UTC time '" + c.getExpirationTime()
                        + "' is earlier than current UTC time '" + now() + "'.");
            }
            if (c.getAudience().stream().noneMatch(ARM_AUDIENCES::contains)) {
                return armError(401, "InvalidAuthenticationTokenAudience", "The access token has been obtained for wrong audience or resource '"
                        + c.getAudience() + "'.");
            }
            Set<String> p = new LinkedHashSet<>();
            if (c.getClaim("oid") != null) {
                p.add(String.valueOf(c.getClaim("oid")));
            }
            if (c.getClaim("appid") != null && "app".equals(c.getClaim("idtyp"))) {
                p.add(String.valueOf(c.getClaim("appid")));
            }
            return new Caller(String.valueOf(c.getClaim("tid")), p);
        } catch (ParseException | JOSEException e) {
            return armError(401, "InvalidAuthenticationToken", "The access token is invalid.");
        }
    }

    private Response handleArm(Request r) {
        Object who = caller(r);
        if (who instanceof Response err) {
            return err;
        }
        Caller c = (Caller) who;
        String path = r.rawPath();
        if (path.equals("/subscriptions")) {
            String value = subscriptions.values().stream().filter(s -> visible(s, c)).map(this::subscriptionJson).collect(Collectors.joining(","));
            return json(200, "{\"value\":[" + value + "],\"count\":{\"type\":\"Total\",\"value\":0}}");
        }
        if (path.equals("/tenants")) {
            Tenant t = tenants.get(c.tenant());
            String value = t == null ? "" : "{\"id\":\"/tenants/" + t.id() + "\",\"tenantId\":\"" + t.id() + "\",\"tenantCategory\":\"Home\","
                    + "\"displayName\":" + q(t.name()) + ",\"defaultDomain\":" + q(t.domain()) + ",\"domains\":[" + q(t.domain()) + "]}";
            return json(200, "{\"value\":[" + value + "]}");
        }
        if (path.startsWith("/subscriptions/")) {
            String id = URLDecoder.decode(path.substring("/subscriptions/".length()), StandardCharsets.UTF_8);
            Subscription s = subscriptions.get(id);
            if (s == null || !s.tenant().id().equals(c.tenant())) {
                return armError(404, "SubscriptionNotFound", "The subscription '" + id + "' could not be found.");
            }
            if (!visible(s, c)) {
                return armError(403, "AuthorizationFailed", "The client '" + String.join(",", c.principals()) + "' does not have authorization to"
                        + " perform action 'Microsoft.Resources/subscriptions/read' over scope '/subscriptions/" + id + "' or the scope is invalid.");
            }
            return json(200, subscriptionJson(s));
        }
        return armError(404, "NotFound", "The requested resource was not found.");
    }

    private static boolean visible(Subscription s, Caller c) {
        return s.tenant().id().equals(c.tenant()) && s.principals().stream().anyMatch(c.principals()::contains);
    }

    private String subscriptionJson(Subscription s) {
        return "{\"id\":\"/subscriptions/" + s.id() + "\",\"authorizationSource\":\"RoleBased\",\"managedByTenants\":[],\"subscriptionId\":\""
                + s.id() + "\",\"tenantId\":\"" + s.tenant().id() + "\",\"displayName\":" + q(s.name()) + ",\"state\":\"Enabled\","
                + "\"subscriptionPolicies\":{\"locationPlacementId\":\"Public_2014-09-01\",\"quotaId\":\"PayAsYouGo_2014-09-01\","
                + "\"spendingLimit\":\"Off\"}}";
    }

    @Override
    public void close() {
        login.close();
        arm.close();
    }

    /** Every device authorization's user code, oldest first (what the user was shown). */
    public List<String> userCodes() {
        List<Device> all = new ArrayList<>(devices.values());
        all.sort(java.util.Comparator.comparing(d -> d.created));
        return all.stream().map(d -> d.userCode).toList();
    }
}
