package atmos.testing;

import atmos.testing.LoopbackHttpServer.Request;
import atmos.testing.LoopbackHttpServer.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An honest fake of the AWS sign-in service's federation endpoint ({@code /federation}) and of the
 * console behind it, on {@code http://127.0.0.1:<port>} (point {@code AWS_ENDPOINT_URL_SIGNIN} at
 * {@link #endpoint()}).
 *
 * <p>{@code Action=getSigninToken} takes the {@code Session} JSON ({@code sessionId}, {@code sessionKey},
 * {@code sessionToken}) and checks it against {@link FakeSts}: the three values must be temporary
 * credentials that fake issued, together, not yet expired by its clock. Like AWS it refuses long-lived
 * keys, sessions from GetSessionToken (no console sign-in for those), and a {@code SessionDuration}
 * outside 900–43200 seconds or sent with credentials that may not choose one: GetFederationToken
 * sessions, chained role sessions, root sessions. AWS answers those with a bare HTTP 400; so does the fake
 * (its body says why, for people reading test output). A good request gets {@code {"SigninToken": …}}: a
 * random token bound to those credentials, good for 15 minutes and for one sign-in.
 *
 * <p>{@code Action=login&Destination=…&SigninToken=…} redeems the token once, starts a console session
 * (a cookie) and redirects to the destination. Destinations under {@link #consolePage(String)} are served
 * by the fake: a page that says who is signed in (element {@code #signed-in-as}, the principal ARN) or,
 * without a session, HTTP 401.
 *
 * <p>Secrets (session keys and tokens, sign-in tokens) never appear in the records, toString, or pages.
 */
public final class FakeSignin implements AutoCloseable {
    /** How long an unused sign-in token works, as on AWS. */
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    public static final String COOKIE = "fake-console-session";

    /** One getSigninToken request: whose key, the SessionDuration asked, the answer. */
    public record TokenRequest(Instant at, String accessKeyId, String sessionDuration, int status, String reason) {
    }

    /**
     * One console sign-in (a redeemed token).
     *
     * @param sessionDuration the SessionDuration the token was asked with, or null
     * @param sessionEnds     when the console session ends: after SessionDuration, else with the credentials (12h at most)
     */
    public record SignIn(Instant at, String accessKeyId, String arn, String issuer, String destination, Duration sessionDuration,
                         Instant sessionEnds) {
    }

    private record Pending(String accessKeyId, String arn, Instant issued, Duration sessionDuration, Instant credentialsExpire) {
    }

    private record Console(String arn, Instant ends) {
    }

    private final FakeSts sts;
    private final LoopbackHttpServer server;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new HashMap<>();
    private final java.util.Set<String> redeemed = new java.util.HashSet<>();
    private final Map<String, Console> consoles = new HashMap<>();
    private final List<TokenRequest> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<SignIn> signIns = new CopyOnWriteArrayList<>();
    private final List<IssuedSecret> issued = new CopyOnWriteArrayList<>();

    private FakeSignin(FakeSts sts) {
        this.sts = sts;
        try {
            this.server = new LoopbackHttpServer("fake-signin", this::handle);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1", e);
        }
    }

    /** Starts a fake that trusts what {@code sts} issued, on its clock. */
    public static FakeSignin start(FakeSts sts) {
        return new FakeSignin(sts);
    }

    /** The base URL, for {@code AWS_ENDPOINT_URL_SIGNIN}: {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A console page served by the fake, to use as a destination: {@code <endpoint>/console/<path>}. */
    public String consolePage(String path) {
        return endpoint() + "/console/" + path;
    }

    public List<TokenRequest> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    public List<SignIn> signIns() {
        return List.copyOf(signIns);
    }

    /** Every secret this fake issued: sign-in tokens (used or not) and console session cookies. */
    public List<IssuedSecret> issuedSecrets() {
        return List.copyOf(issued);
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "FakeSignin[" + endpoint() + "]";
    }

    // ---------------------------------------------------------------------------------------------

    private Response handle(Request r) {
        if (!r.method().equals("GET") && !r.method().equals("POST")) {
            return page(405, "Method not allowed");
        }
        String path = r.rawPath();
        Map<String, String> q;
        try {
            q = query(r);
        } catch (IllegalArgumentException e) {
            return page(400, "Bad Request: malformed query string");
        }
        if (path.equals("/federation")) {
            String action = q.get("Action");
            if ("getSigninToken".equals(action)) {
                return getSigninToken(q);
            }
            if ("login".equals(action)) {
                return login(q);
            }
            return page(400, "Bad request: unknown Action");
        }
        if (path.startsWith("/console/")) {
            return console(r, path.substring("/console/".length()));
        }
        return page(404, "Not found");
    }

    private Response getSigninToken(Map<String, String> q) {
        Instant now = sts.now();
        Map<String, Object> session;
        try {
            session = atmos.text.JsonText.parseObject(q.getOrDefault("Session", ""));
        } catch (IOException | RuntimeException e) {
            return refuse(now, null, q, "Session is not a JSON object");
        }
        String id = str(session.get("sessionId"));
        String key = str(session.get("sessionKey"));
        String token = str(session.get("sessionToken"));
        if (id == null || key == null) {
            return refuse(now, id, q, "Session needs sessionId and sessionKey");
        }
        if (token == null || token.isEmpty()) {
            return refuse(now, id, q, sts.isLongTermKey(id) ? "long-lived access keys cannot sign in to the console"
                    : "Session has no sessionToken");
        }
        Optional<FakeSts.SessionInfo> info = sts.verifySession(id, key, token);
        if (info.isEmpty()) {
            return refuse(now, id, q, "the credentials are not valid");
        }
        FakeSts.SessionInfo s = info.get();
        if (!now.isBefore(s.expiration())) {
            return refuse(now, id, q, "the credentials have expired");
        }
        if (s.kind().equals("SESSION_TOKEN")) {
            return refuse(now, id, q, "credentials from GetSessionToken cannot sign in to the console");
        }
        String sd = q.get("SessionDuration");
        Duration asked = null;
        if (sd != null) {
            long seconds;
            try {
                seconds = Long.parseLong(sd);
            } catch (NumberFormatException e) {
                return refuse(now, id, q, "SessionDuration is not a number");
            }
            if (seconds < 900 || seconds > 43200) {
                return refuse(now, id, q, "SessionDuration must be 900 to 43200 seconds");
            }
            if (s.kind().equals("FEDERATION")) {
                return refuse(now, id, q, "SessionDuration cannot be used with credentials from GetFederationToken");
            }
            if (s.kind().equals("ROOT") || s.roleChained()) {
                return refuse(now, id, q, "SessionDuration cannot be used with " + (s.roleChained() ? "chained role" : "root")
                        + " session credentials");
            }
            asked = Duration.ofSeconds(seconds);
        }
        String signinToken = randomToken();
        issued.add(new IssuedSecret("console sign-in token", signinToken));
        synchronized (this) {
            pending.put(signinToken, new Pending(id, s.arn(), now, asked, s.expiration()));
        }
        tokenRequests.add(new TokenRequest(now, id, sd, 200, null));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        return new Response(200, headers, ("{\"SigninToken\":\"" + signinToken + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private Response refuse(Instant now, String id, Map<String, String> q, String reason) {
        tokenRequests.add(new TokenRequest(now, id, q.get("SessionDuration"), 400, reason));
        return page(400, "Bad Request: " + reason);
    }

    private Response login(Map<String, String> q) {
        Instant now = sts.now();
        String token = q.get("SigninToken");
        String destination = q.get("Destination");
        Pending p;
        synchronized (this) {
            if (token == null || redeemed.contains(token)) {
                return page(400, token == null ? "Bad Request: no SigninToken" : "This sign-in link has already been used");
            }
            p = pending.get(token);
            if (p == null) {
                return page(400, "Bad Request: invalid SigninToken");
            }
            if (now.isAfter(p.issued().plus(TOKEN_LIFETIME))) {
                return page(400, "This sign-in link has expired");
            }
            URI dest;
            try {
                dest = destination == null ? null : URI.create(destination);
            } catch (IllegalArgumentException e) {
                dest = null;
            }
            if (dest == null || dest.getScheme() == null || dest.getHost() == null
                    || !List.of("http", "https").contains(dest.getScheme().toLowerCase(Locale.ROOT))) {
                return page(400, "Bad Request: Destination must be an absolute URL");
            }
            redeemed.add(token);
            pending.remove(token);
        }
        // SessionDuration counts from the sign-in; without it the console ends with the credentials (12h at most).
        Instant max = now.plus(Duration.ofHours(12));
        Instant ends = p.sessionDuration() != null ? now.plus(p.sessionDuration())
                : p.credentialsExpire().isBefore(max) ? p.credentialsExpire() : max;
        String consoleId = randomToken();
        issued.add(new IssuedSecret("console session cookie", consoleId));
        synchronized (this) {
            consoles.put(consoleId, new Console(p.arn(), ends));
        }
        signIns.add(new SignIn(now, p.accessKeyId(), p.arn(), q.get("Issuer"), destination, p.sessionDuration(), ends));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", destination);
        headers.put("Set-Cookie", COOKIE + "=" + consoleId + "; Path=/; HttpOnly");
        headers.put("Content-Type", "text/html; charset=utf-8");
        return new Response(302, headers, "<html><body>Redirecting…</body></html>".getBytes(StandardCharsets.UTF_8));
    }

    private Response console(Request r, String page) {
        String cookie = r.header("cookie");
        Console c = null;
        if (cookie != null) {
            for (String part : cookie.split(";")) {
                String[] kv = part.strip().split("=", 2);
                if (kv.length == 2 && kv[0].equals(COOKIE)) {
                    synchronized (this) {
                        c = consoles.get(kv[1]);
                    }
                }
            }
        }
        if (c == null || !sts.now().isBefore(c.ends())) {
            return page(401, "You are not signed in to the console");
        }
        String html = "<!doctype html><html><head><title>Fake AWS console: " + esc(page) + "</title></head><body>"
                + "<h1 id=\"signed-in-as\">" + esc(c.arn()) + "</h1><p id=\"page\">" + esc(page) + "</p></body></html>";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/html; charset=utf-8");
        return new Response(200, headers, html.getBytes(StandardCharsets.UTF_8));
    }

    private static Response page(int status, String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/html; charset=utf-8");
        return new Response(status, headers, ("<!doctype html><html><head><title>" + esc(text) + "</title></head><body><p id=\"error\">"
                + esc(text) + "</p></body></html>").getBytes(StandardCharsets.UTF_8));
    }

    private String randomToken() {
        byte[] b = new byte[48];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static Map<String, String> query(Request r) {
        Map<String, String> q = new LinkedHashMap<>();
        parse(r.rawQuery(), q);
        if (r.method().equals("POST") && r.body().length > 0) {
            parse(new String(r.body(), StandardCharsets.UTF_8), q);
        }
        return q;
    }

    private static void parse(String text, Map<String, String> into) {
        if (text == null || text.isEmpty()) {
            return;
        }
        for (String part : text.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(k, v);
        }
    }

    private static String str(Object o) {
        return o instanceof String s ? s : null;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
