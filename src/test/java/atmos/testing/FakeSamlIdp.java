package atmos.testing;

import atmos.testing.LoopbackHttpServer.Request;
import atmos.testing.LoopbackHttpServer.Response;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * An honest fake SAML identity provider on {@code http://127.0.0.1:<port>} that issues signed SAML
 * 2.0 responses for AWS (RSA-SHA256 enveloped signature over the assertion, audience
 * {@code urn:amazon:webservices}, recipient the AWS sign-in endpoint, a 5-minute window, the Role,
 * RoleSessionName and SessionDuration attributes), behind four front doors as the real products
 * shape them:
 *
 * <ul>
 *   <li>Okta: the Authentication API ({@code /api/v1/authn}, factor verify with TOTP or push,
 *       errors E0000004 / E0000068), {@code /login/sessionCookieRedirect} and the AWS app page
 *       {@link #oktaAppUrl()} that needs the session cookie;
 *   <li>ADFS: {@code /adfs/ls/IdpInitiatedSignOn.aspx} with its forms-authentication form, the
 *       VerificationCode step and {@code #errorText};
 *   <li>Google: {@link #googleUrl()} → {@code #gaia_loginform} (email, then password), the 2-Step
 *       Verification page with {@code form#challenge} posting a {@code Pin}, {@code .error-msg};
 *   <li>a plain login page for real browsers ({@link #browserUrl()}) whose success page posts the
 *       SAMLResponse to {@link #acs(String) the ACS} with JavaScript, as IdPs do.
 * </ul>
 *
 * Passwords, codes and assertions never appear in the call log or in {@code toString()}.
 */
public final class FakeSamlIdp implements AutoCloseable {
    public static final String DEFAULT_ACS = "https://signin.aws.amazon.com/saml";

    /** How an Okta Verify push is answered. */
    public enum Push { APPROVE, REJECT, TIMEOUT }

    /** A user; {@code roles} are "roleArn,providerArn" values; {@code totpSecret} or {@code push} add MFA. */
    public record User(String name, String password, List<String> roles, String totpSecret, Push push) {
        @Override
        public String toString() {
            return "User[" + name + ", roles=" + roles + ", mfa=" + (totpSecret != null ? "totp" : push) + "]";
        }
    }

    private final LoopbackHttpServer server;
    private final Clock clock;
    private final KeyPair keys;
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, String> stateTokens = new ConcurrentHashMap<>(); // stateToken -> user
    private final Map<String, AtomicInteger> pushPolls = new ConcurrentHashMap<>();
    private final Map<String, String> sessionTokens = new ConcurrentHashMap<>(); // one-time sessionToken -> user
    private final Map<String, String> sessions = new ConcurrentHashMap<>(); // sid cookie -> user
    private final Map<String, String> pending = new ConcurrentHashMap<>(); // form transaction -> user (password ok, code due)
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile String acs = DEFAULT_ACS;
    private volatile Duration lifetime = Duration.ofMinutes(5);
    private volatile int pushPollsBeforeAnswer = 1;
    private final String issuer;

    private FakeSamlIdp(Clock clock) {
        this.clock = clock;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            this.keys = g.generateKeyPair();
            this.server = new LoopbackHttpServer("fake-saml-idp", this::handle);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.issuer = "http://127.0.0.1:" + server.port() + "/idp";
    }

    /** An IdP dating its assertions by {@code clock} (share FakeSts's). */
    public static FakeSamlIdp start(Clock clock) {
        return new FakeSamlIdp(clock);
    }

    public String base() {
        return "http://127.0.0.1:" + server.port();
    }

    public String oktaAppUrl() {
        return base() + "/home/amazon_aws/0oa1fake/272";
    }

    public String adfsUrl() {
        return base();
    }

    public String googleUrl() {
        return base() + "/o/saml2/initsso?idpid=C01fake&spid=S01fake&forceauthn=false";
    }

    public String browserUrl() {
        return base() + "/sso/saml?app=aws";
    }

    /** The key the IAM SAML provider's metadata holds. */
    public PublicKey signingKey() {
        return keys.getPublic();
    }

    /** Where the browser login page posts the SAMLResponse (default the AWS sign-in endpoint). */
    public FakeSamlIdp acs(String url) {
        this.acs = url;
        return this;
    }

    /** How long assertions are valid (negative: already expired when issued). */
    public FakeSamlIdp assertionLifetime(Duration d) {
        this.lifetime = d;
        return this;
    }

    /** How many push polls stay WAITING before the push is answered. */
    public FakeSamlIdp pushPollsBeforeAnswer(int n) {
        this.pushPollsBeforeAnswer = n;
        return this;
    }

    public User addUser(String name, String password, String... roles) {
        return put(new User(name, password, List.of(roles), null, null));
    }

    public User addUserWithTotp(String name, String password, String totpSecret, String... roles) {
        return put(new User(name, password, List.of(roles), totpSecret, null));
    }

    public User addUserWithPush(String name, String password, Push push, String... roles) {
        return put(new User(name, password, List.of(roles), null, push));
    }

    private User put(User u) {
        users.put(u.name(), u);
        return u;
    }

    /** Requests seen, as "METHOD path" (no query, no body). */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    public long count(String methodAndPath) {
        return calls.stream().filter(methodAndPath::equals).count();
    }

    // ------------------------------------------------------------------------------------------ SAML

    /** A signed SAMLResponse (base64) for {@code user}, as the IdP would post it now. */
    public String samlResponse(String user) {
        return samlResponse(users.get(user), clock.instant());
    }

    private final List<String> issuedResponses = new CopyOnWriteArrayList<>();

    /**
     * Every secret this fake handed out or was given: each SAMLResponse (base64, the bearer assertion),
     * the users' passwords, and the one-time session tokens and session cookies of its sign-ins.
     */
    public List<IssuedSecret> issuedSecrets() {
        List<IssuedSecret> out = new ArrayList<>();
        issuedResponses.forEach(r -> out.add(new IssuedSecret("SAMLResponse (assertion)", r)));
        users.values().forEach(u -> out.add(new IssuedSecret("IdP password of " + u.name(), u.password())));
        sessionTokens.keySet().forEach(t -> out.add(new IssuedSecret("IdP session token", t)));
        sessions.keySet().forEach(t -> out.add(new IssuedSecret("IdP session cookie", t)));
        stateTokens.keySet().forEach(t -> out.add(new IssuedSecret("IdP state token", t)));
        return out;
    }

    private String samlResponse(User u, Instant now) {
        String response = signedResponse(u, now);
        issuedResponses.add(response);
        return response;
    }

    private String signedResponse(User u, Instant now) {
        String responseId = "_r" + UUID.randomUUID().toString().replace("-", "");
        String assertionId = "_a" + UUID.randomUUID().toString().replace("-", "");
        Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
        String until = issued.plus(lifetime).toString();
        StringBuilder roles = new StringBuilder();
        u.roles().forEach(r -> roles.append("<saml:AttributeValue>").append(r).append("</saml:AttributeValue>"));
        String xml = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
                + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"" + responseId + "\" Version=\"2.0\""
                + " IssueInstant=\"" + issued + "\" Destination=\"" + DEFAULT_ACS + "\">"
                + "<saml:Issuer>" + issuer + "</saml:Issuer>"
                + "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>"
                + "<saml:Assertion ID=\"" + assertionId + "\" Version=\"2.0\" IssueInstant=\"" + issued + "\">"
                + "<saml:Issuer>" + issuer + "</saml:Issuer>"
                + "<saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\">" + u.name()
                + "</saml:NameID><saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
                + "<saml:SubjectConfirmationData NotOnOrAfter=\"" + until + "\" Recipient=\"" + DEFAULT_ACS + "\"/>"
                + "</saml:SubjectConfirmation></saml:Subject>"
                + "<saml:Conditions NotBefore=\"" + issued.minusSeconds(5) + "\" NotOnOrAfter=\"" + until + "\">"
                + "<saml:AudienceRestriction><saml:Audience>urn:amazon:webservices</saml:Audience></saml:AudienceRestriction>"
                + "</saml:Conditions>"
                + "<saml:AuthnStatement AuthnInstant=\"" + issued + "\" SessionIndex=\"" + assertionId + "\"><saml:AuthnContext>"
                + "<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
                + "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
                + "<saml:AttributeStatement>"
                + "<saml:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/RoleSessionName\"><saml:AttributeValue>"
                + u.name() + "</saml:AttributeValue></saml:Attribute>"
                + "<saml:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/Role\">" + roles + "</saml:Attribute>"
                + "<saml:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/SessionDuration\"><saml:AttributeValue>43200"
                + "</saml:AttributeValue></saml:Attribute>"
                + "</saml:AttributeStatement></saml:Assertion></samlp:Response>";
        try {
            Document doc = SamlCheck.parse(xml.getBytes(StandardCharsets.UTF_8));
            SamlCheck.markIds(doc);
            Element assertion = doc.getElementById(assertionId);
            Element subject = (Element) assertion.getElementsByTagNameNS(SamlCheck.SAML, "Subject").item(0);
            XMLSignatureFactory fac = XMLSignatureFactory.getInstance("DOM");
            Reference ref = fac.newReference("#" + assertionId, fac.newDigestMethod(DigestMethod.SHA256, null),
                    List.of(fac.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                            fac.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)), null, null);
            SignedInfo si = fac.newSignedInfo(fac.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE,
                    (C14NMethodParameterSpec) null), fac.newSignatureMethod(SignatureMethod.RSA_SHA256, null), List.of(ref));
            KeyInfoFactory kif = fac.getKeyInfoFactory();
            DOMSignContext ctx = new DOMSignContext(keys.getPrivate(), assertion, subject);
            ctx.setDefaultNamespacePrefix("ds");
            fac.newXMLSignature(si, kif.newKeyInfo(List.of(kif.newKeyValue(keys.getPublic())))).sign(ctx);
            StringWriter out = new StringWriter();
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
            return Base64.getEncoder().encodeToString(out.toString().getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign the assertion", e);
        }
    }

    // ------------------------------------------------------------------------------------------ HTTP

    private Response handle(Request r) {
        String path = r.rawPath();
        calls.add(r.method() + " " + path);
        Map<String, String> q = form(r.rawQuery());
        Map<String, String> f = r.method().equals("POST") && !"application/json".equals(r.header("content-type"))
                ? form(new String(r.body(), StandardCharsets.UTF_8)) : Map.of();
        if (path.startsWith("/api/v1/authn")) {
            return okta(r, path);
        }
        switch (path) {
            case "/login/sessionCookieRedirect": {
                String user = q.get("token") == null ? null : sessionTokens.remove(q.get("token"));
                if (user == null) {
                    return html(403, "<html><body><h1>403 - session token is invalid or already used</h1></body></html>");
                }
                String sid = UUID.randomUUID().toString();
                sessions.put(sid, user);
                Map<String, String> h = new LinkedHashMap<>();
                h.put("Location", q.get("redirectUrl"));
                h.put("Set-Cookie", "sid=" + sid + "; Path=/; HttpOnly");
                return new Response(302, h, new byte[0]);
            }
            case "/home/amazon_aws/0oa1fake/272": {
                String user = sessions.get(cookie(r, "sid"));
                if (user == null) {
                    return redirect(base() + "/login/login.htm?fromURI=%2Fhome%2Famazon_aws%2F0oa1fake%2F272");
                }
                return html(200, postPage(samlResponse(users.get(user), clock.instant())));
            }
            case "/login/login.htm":
                return html(200, "<html><body><div id=\"okta-sign-in\">Sign In</div></body></html>");
            case "/adfs/ls/IdpInitiatedSignOn.aspx":
                return adfs(r, q, f);
            case "/o/saml2/initsso":
                return html(200, googlePage("gaia_loginform", "/signin/v1/lookup", "<input type=\"hidden\" name=\"continue\" value=\""
                        + base() + "/o/saml2/continue\"><input type=\"hidden\" name=\"gxf\" value=\"AFoagUX\">"
                        + "<input type=\"email\" name=\"Email\" id=\"identifierId\" value=\"\">", null));
            case "/signin/v1/lookup": {
                User u = users.get(f.getOrDefault("Email", ""));
                if (u == null) {
                    return html(200, googlePage("gaia_loginform", "/signin/v1/lookup", "<input type=\"email\" name=\"Email\" value=\"\">",
                            "Couldn't find your Google Account"));
                }
                String tl = UUID.randomUUID().toString();
                pending.put("google-lookup:" + tl, u.name());
                return html(200, googlePage("gaia_loginform", "/signin/challenge/sl/password", "<input type=\"hidden\" name=\"TL\" value=\""
                        + tl + "\"><input type=\"hidden\" name=\"Email\" value=\"" + u.name() + "\"><input type=\"password\" name=\"Passwd\">", null));
            }
            case "/signin/challenge/sl/password": {
                String tl = f.getOrDefault("TL", "");
                String name = pending.get("google-lookup:" + tl);
                User u = name == null ? null : users.get(name);
                if (u == null || !u.password().equals(f.get("Passwd"))) {
                    return html(200, googlePage("gaia_loginform", "/signin/challenge/sl/password", "<input type=\"hidden\" name=\"TL\" value=\""
                            + tl + "\"><input type=\"password\" name=\"Passwd\">", "Wrong password. Try again or click Forgot password to reset it."));
                }
                pending.remove("google-lookup:" + tl);
                if (u.totpSecret() != null) {
                    pending.put("google-totp:" + tl, u.name());
                    return html(200, "<html><body><h2>This extra step shows it’s really you trying to sign in</h2>"
                            + googleForm("challenge", "/signin/challenge/totp/2", "<input type=\"hidden\" name=\"TL\" value=\"" + tl
                            + "\"><input type=\"hidden\" name=\"challengeId\" value=\"2\"><input type=\"tel\" name=\"Pin\" id=\"totpPin\">")
                            + "</body></html>");
                }
                return html(200, postPage(samlResponse(u, clock.instant())));
            }
            case "/signin/challenge/totp/2": {
                String tl = f.getOrDefault("TL", "");
                String name = pending.get("google-totp:" + tl);
                User u = name == null ? null : users.get(name);
                if (u == null || !totpOk(u, f.get("Pin"))) {
                    return html(200, "<html><body><h2>This extra step shows it’s really you trying to sign in</h2>"
                            + "<span class=\"error-msg\">Wrong code. Try again.</span>" + googleForm("challenge", "/signin/challenge/totp/2",
                            "<input type=\"hidden\" name=\"TL\" value=\"" + tl + "\"><input type=\"tel\" name=\"Pin\">") + "</body></html>");
                }
                pending.remove("google-totp:" + tl);
                return html(200, postPage(samlResponse(u, clock.instant())));
            }
            case "/sso/saml":
                return html(200, browserLogin(null));
            case "/sso/login": {
                User u = users.get(f.getOrDefault("username", ""));
                if (u == null || !u.password().equals(f.get("password"))) {
                    return html(200, browserLogin("Wrong username or password."));
                }
                return html(200, postPage(samlResponse(u, clock.instant())));
            }
            default:
                return html(404, "<html><body>Not Found</body></html>");
        }
    }

    private Response okta(Request r, String path) {
        Map<String, Object> body;
        try {
            body = atmos.text.JsonText.parseObject(new String(r.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return json(400, "{\"errorCode\":\"E0000003\",\"errorSummary\":\"The request body was not well-formed.\"}");
        }
        if (path.equals("/api/v1/authn")) {
            User u = users.get(String.valueOf(body.get("username")));
            if (u == null || !u.password().equals(body.get("password"))) {
                return json(401, "{\"errorCode\":\"E0000004\",\"errorSummary\":\"Authentication failed\",\"errorLink\":\"E0000004\","
                        + "\"errorId\":\"oae" + UUID.randomUUID().toString().substring(0, 8) + "\",\"errorCauses\":[]}");
            }
            if (u.totpSecret() == null && u.push() == null) {
                return json(200, success(u));
            }
            String state = "00" + UUID.randomUUID().toString().replace("-", "");
            stateTokens.put(state, u.name());
            String factor = u.totpSecret() != null
                    ? "{\"id\":\"uft1totp\",\"factorType\":\"token:software:totp\",\"provider\":\"GOOGLE\",\"_links\":{\"verify\":{\"href\":\""
                            + base() + "/api/v1/authn/factors/uft1totp/verify\"}}}"
                    : "{\"id\":\"opf1push\",\"factorType\":\"push\",\"provider\":\"OKTA\",\"_links\":{\"verify\":{\"href\":\""
                            + base() + "/api/v1/authn/factors/opf1push/verify\"}}}";
            return json(200, "{\"stateToken\":\"" + state + "\",\"expiresAt\":\"" + clock.instant().plusSeconds(300)
                    + "\",\"status\":\"MFA_REQUIRED\",\"_embedded\":{\"user\":{\"id\":\"00u1\",\"profile\":{\"login\":\"" + u.name()
                    + "\"}},\"factors\":[" + factor + "]}}");
        }
        String state = String.valueOf(body.get("stateToken"));
        User u = stateTokens.containsKey(state) ? users.get(stateTokens.get(state)) : null;
        if (u == null) {
            return json(403, "{\"errorCode\":\"E0000011\",\"errorSummary\":\"Invalid token provided\",\"errorCauses\":[]}");
        }
        if (path.endsWith("/uft1totp/verify")) {
            if (!totpOk(u, body.get("passCode"))) {
                return json(403, "{\"errorCode\":\"E0000068\",\"errorSummary\":\"Invalid Passcode/Answer\",\"errorCauses\":[{\"errorSummary\":"
                        + "\"Your passcode doesn't match our records. Please try again.\"}]}");
            }
            stateTokens.remove(state);
            return json(200, success(u));
        }
        if (path.endsWith("/opf1push/verify")) {
            int polls = pushPolls.computeIfAbsent(state, k -> new AtomicInteger()).getAndIncrement();
            if (polls < pushPollsBeforeAnswer) {
                return json(200, "{\"stateToken\":\"" + state + "\",\"status\":\"MFA_CHALLENGE\",\"factorResult\":\"WAITING\",\"_links\":{"
                        + "\"next\":{\"name\":\"poll\",\"href\":\"" + base() + "/api/v1/authn/factors/opf1push/verify\"}}}");
            }
            if (u.push() == Push.APPROVE) {
                stateTokens.remove(state);
                return json(200, success(u));
            }
            return json(200, "{\"stateToken\":\"" + state + "\",\"status\":\"MFA_CHALLENGE\",\"factorResult\":\""
                    + (u.push() == Push.REJECT ? "REJECTED" : "TIMEOUT") + "\"}");
        }
        return json(404, "{\"errorCode\":\"E0000007\",\"errorSummary\":\"Not found: Resource not found\"}");
    }

    private String success(User u) {
        String token = "20111" + UUID.randomUUID().toString().replace("-", "");
        sessionTokens.put(token, u.name());
        return "{\"expiresAt\":\"" + clock.instant().plusSeconds(300) + "\",\"status\":\"SUCCESS\",\"sessionToken\":\"" + token
                + "\",\"_embedded\":{\"user\":{\"id\":\"00u1\",\"profile\":{\"login\":\"" + u.name() + "\"}}}}";
    }

    private Response adfs(Request r, Map<String, String> q, Map<String, String> f) {
        String action = "/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=" + enc(q.getOrDefault("loginToRp", ""));
        if (!"urn:amazon:webservices".equals(q.get("loginToRp"))) {
            return html(200, "<html><body><div id=\"errorArea\"><span id=\"errorText\">MSIS7012: An error occurred while processing the"
                    + " request.</span></div></body></html>");
        }
        if (r.method().equals("GET")) {
            return html(200, adfsLogin(action, null));
        }
        if ("VIPAuthenticationProviderUPN".equals(f.get("AuthMethod"))) {
            String name = pending.remove("adfs:" + f.getOrDefault("Context", ""));
            User u = name == null ? null : users.get(name);
            if (u == null || !totpOk(u, f.get("VerificationCode"))) {
                String ctx = UUID.randomUUID().toString();
                if (u != null) {
                    pending.put("adfs:" + ctx, u.name());
                }
                return html(200, adfsCode(action, ctx, "The verification code is incorrect. Please try again."));
            }
            return html(200, postPage(samlResponse(u, clock.instant())));
        }
        User u = users.get(f.getOrDefault("UserName", ""));
        if (u == null || !u.password().equals(f.get("Password")) || !"FormsAuthentication".equals(f.get("AuthMethod"))) {
            return html(200, adfsLogin(action, "Incorrect user ID or password. Type the correct user ID and password, and try again."));
        }
        if (u.totpSecret() != null) {
            String ctx = UUID.randomUUID().toString();
            pending.put("adfs:" + ctx, u.name());
            return html(200, adfsCode(action, ctx, null));
        }
        return html(200, postPage(samlResponse(u, clock.instant())));
    }

    // ------------------------------------------------------------------------------------------ pages

    private String postPage(String saml) {
        return "<html><head><title>Signing in…</title></head><body onload=\"document.forms[0].submit()\">"
                + "<form method=\"POST\" action=\"" + acs + "\"><input type=\"hidden\" name=\"SAMLResponse\" value=\"" + saml + "\"/>"
                + "<input type=\"hidden\" name=\"RelayState\" value=\"\"/><noscript><button type=\"submit\">Continue</button></noscript>"
                + "</form></body></html>";
    }

    private static String browserLogin(String error) {
        return "<html><head><title>Acme sign-in</title></head><body><h1>Acme sign-in</h1>"
                + (error == null ? "" : "<p id=\"error\" class=\"error\">" + error + "</p>")
                + "<form method=\"post\" action=\"/sso/login\"><label>Username <input id=\"username\" name=\"username\"></label>"
                + "<label>Password <input id=\"password\" name=\"password\" type=\"password\"></label>"
                + "<button id=\"signin\" type=\"submit\">Sign in</button></form></body></html>";
    }

    private static String adfsLogin(String action, String error) {
        return "<html><head><title>Sign In</title></head><body><div id=\"loginArea\"><form method=\"post\" id=\"loginForm\""
                + " autocomplete=\"off\" novalidate=\"novalidate\" action=\"" + action + "&amp;client-request-id=" + UUID.randomUUID() + "\">"
                + "<div id=\"error\" class=\"fieldMargin error smallText\"><span id=\"errorText\" for=\"\">" + (error == null ? "" : error)
                + "</span></div>"
                + "<input id=\"userNameInput\" name=\"UserName\" type=\"email\" value=\"\" autocomplete=\"off\">"
                + "<input id=\"passwordInput\" name=\"Password\" type=\"password\" autocomplete=\"off\">"
                + "<input id=\"kmsiInput\" type=\"checkbox\" name=\"Kmsi\" value=\"true\">"
                + "<input id=\"optionForms\" type=\"hidden\" name=\"AuthMethod\" value=\"FormsAuthentication\"/>"
                + "<span id=\"submitButton\" class=\"submit\" role=\"button\">Sign in</span></form></div></body></html>";
    }

    private static String adfsCode(String action, String context, String error) {
        return "<html><head><title>Sign In</title></head><body><form method=\"post\" id=\"options\" action=\"" + action + "\">"
                + "<div id=\"error\" class=\"fieldMargin error smallText\"><span id=\"errorText\">" + (error == null ? "" : error)
                + "</span></div>"
                + "<input id=\"authMethod\" type=\"hidden\" name=\"AuthMethod\" value=\"VIPAuthenticationProviderUPN\"/>"
                + "<input id=\"context\" type=\"hidden\" name=\"Context\" value=\"" + context + "\"/>"
                + "<input id=\"verificationCodeInput\" name=\"VerificationCode\" type=\"text\" value=\"\">"
                + "</form></body></html>";
    }

    private static String googlePage(String id, String action, String inputs, String error) {
        return "<html><head><title>Sign in - Google Accounts</title></head><body>"
                + (error == null ? "" : "<span class=\"error-msg\" role=\"alert\">" + error + "</span>")
                + googleForm(id, action, inputs) + "</body></html>";
    }

    private static String googleForm(String id, String action, String inputs) {
        return "<form novalidate method=\"post\" action=\"" + action + "\" id=\"" + id + "\">" + inputs
                + "<input type=\"hidden\" name=\"checkConnection\" value=\"\"><input id=\"next\" type=\"submit\" value=\"Next\"></form>";
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static Response html(int status, String body) {
        return new Response(status, Map.of("Content-Type", "text/html; charset=utf-8"), body.getBytes(StandardCharsets.UTF_8));
    }

    private static Response json(int status, String body) {
        return new Response(status, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    private static Response redirect(String location) {
        return new Response(302, Map.of("Location", location), new byte[0]);
    }

    private static String cookie(Request r, String name) {
        String header = r.header("cookie");
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.strip();
            if (p.startsWith(name + "=")) {
                return p.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static Map<String, String> form(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String part : text.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The current code or the one of the step either side, as authenticator services accept. */
    private boolean totpOk(User u, Object code) {
        long step = Totp.step(clock.instant());
        for (long st = step - 1; st <= step + 1; st++) {
            if (Totp.codeForStep(u.totpSecret(), st).equals(code)) {
                return true;
            }
        }
        return false;
    }

    /** The code an authenticator app shows now for {@code user}. */
    public String currentCode(String user) {
        return Totp.codeAt(users.get(user).totpSecret(), clock.instant());
    }

    /** The roles a user may be given: "role,provider" values. */
    public static String role(String roleArn, String providerArn) {
        return roleArn + "," + providerArn;
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "FakeSamlIdp[" + base() + "]";
    }

    static List<String> list(String... s) {
        return new ArrayList<>(List.of(s));
    }
}
