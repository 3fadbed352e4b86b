package atmos.testing;

import atmos.testing.LoopbackHttpServer.Request;
import atmos.testing.LoopbackHttpServer.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An honest in-process fake of AWS STS (query protocol, API version 2011-06-15) on
 * {@code http://127.0.0.1:<ephemeral port>}.
 *
 * <p>Honest means: every signed request is verified with SigV4 against the secret the fake
 * issued or knows for the access key id; temporary credentials need their exact session token and
 * stop working at their expiration (by the fake's clock); the request timestamp must be within 15
 * minutes of the fake's clock; unsigned requests are accepted only for
 * AssumeRoleWithWebIdentity. Responses and errors use the XML shapes, codes, HTTP statuses and
 * messages of the real service (see {@code FakeStsTest} and the notes on each error).
 *
 * <p>Model: accounts (12-digit ids), IAM users with long-lived {@code AKIA…} keys, root access
 * keys, virtual MFA devices (RFC 6238), roles with a maximum session duration, a trust list,
 * optional external id and MFA requirement, registered web identity tokens, and which management
 * accounts may call AssumeRoot on which members. Permission policies are not modelled: a
 * principal the trust list names may assume the role.
 *
 * <p>Time: the fake reads an injected {@link Clock} plus an offset moved by {@link
 * #advance(Duration)}; {@link #clock()} exposes that view so the code under test can share it.
 * Responses carry a {@code Date} header from this clock, so SDKs that correct clock skew (the
 * AWS SDK for Java v2 does) re-sign with the fake's time as they would against AWS.
 *
 * <p>MFA codes are accepted for the current 30 s step and one step either side; a code (or an
 * older one) already used for the same device is rejected like a wrong code, as AWS does. Tests
 * that log in twice must {@link #advance(Duration)} by {@link Totp#STEP_SECONDS} in between, or
 * call {@link #rejectMfaCodeReuse(boolean)} with false.
 *
 * <p>Secrets (secret keys, session tokens, MFA secrets and codes, web identity tokens) never
 * appear in {@code toString()}, in the call log, or in any message the fake produces.
 */
public final class FakeSts implements AutoCloseable {
    public static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    public static final String API_VERSION = "2011-06-15";

    /** The five AWS managed policies that may scope an AssumeRoot session. */
    public static final List<String> ROOT_TASK_POLICIES = List.of(
            "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials",
            "arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword",
            "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials",
            "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy",
            "arn:aws:iam::aws:policy/root-task/SQSUnlockQueuePolicy");

    /** Actions AWS serves without a signature. */
    public static final Set<String> UNSIGNED_ACTIONS =
            Set.of("AssumeRoleWithWebIdentity", "AssumeRoleWithSAML");

    private static final Set<String> ACTIONS = Set.of("GetCallerIdentity", "GetSessionToken",
            "GetFederationToken", "AssumeRole", "AssumeRoot", "AssumeRoleWithWebIdentity",
            "AssumeRoleWithSAML");
    /** Parameters whose values are never logged. */
    private static final Set<String> SECRET_PARAMS =
            Set.of("TokenCode", "WebIdentityToken", "SAMLAssertion");

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws:iam::(\\d{12}):role/((?:[\\w+=,.@-]+/)*)([\\w+=,.@-]{1,64})");
    private static final Pattern NAME_PATTERN = Pattern.compile("[\\w+=,.@-]*");
    private static final String NAME_PATTERN_TEXT = "[\\w+=,.@-]*";
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final String MFA_INVALID_CODE =
            "MultiFactorAuthentication failed with invalid MFA one time pass code. ";
    private static final String MFA_UNKNOWN_DEVICE = "MultiFactorAuthentication failed, unable to"
            + " validate MFA code.  Please verify your MFA serial number is valid and associated with"
            + " this user.";
    private static final String ALNUM_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    // ---------------------------------------------------------------------------------------------
    // Public value types

    /** A long-lived access key pair. {@code toString()} hides the secret. */
    public record AccessKey(String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "AccessKey[" + accessKeyId + ", secret=***]";
        }
    }

    /** An IAM user; {@code userId} is the {@code AIDA…} unique id GetCallerIdentity reports. */
    public record User(String account, String name, String userId) {
        public String arn() {
            return "arn:aws:iam::" + account + ":user/" + name;
        }
    }

    /** A virtual MFA device bound to a user. {@code toString()} hides the TOTP secret. */
    public record MfaDevice(String serialNumber, String userArn, String base32Secret) {
        /** The six-digit code valid at {@code at}. */
        public String codeAt(Instant at) {
            return Totp.codeAt(base32Secret, at);
        }

        @Override
        public String toString() {
            return "MfaDevice[" + serialNumber + ", user=" + userArn + ", secret=***]";
        }
    }

    /** An IAM role as STS sees it. */
    public record Role(
            String arn,
            String account,
            String name,
            String roleId,
            Duration maxSessionDuration,
            List<String> trustedPrincipals,
            String externalId,
            boolean mfaRequired,
            List<String> webIdentitySubjects) {
        @Override
        public String toString() {
            return "Role[" + arn + ", max=" + maxSessionDuration + ", trust=" + trustedPrincipals
                    + (externalId != null ? ", externalId=required" : "") + (mfaRequired ? ", mfa" : "")
                    + "]";
        }
    }

    /** What a registered web identity token asserts. {@code expiresAt} may be null. */
    public record WebIdentity(String issuer, String subject, String audience, Instant expiresAt) {
        /** The IAM OIDC provider ARN for this issuer in {@code account}. */
        public String providerArn(String account) {
            return "arn:aws:iam::" + account + ":oidc-provider/" + issuer.replaceFirst("^https://", "");
        }
    }

    /** What the fake knows about a temporary credential; no secrets. */
    public record SessionInfo(
            String accessKeyId, String kind, String arn, Instant expiration, boolean mfaAuthenticated,
            boolean roleChained) {}

    /**
     * Temporary credentials the fake minted outside its API (see {@link #issueRoleSession}).
     * {@code toString()} hides the secret and the token.
     */
    public record IssuedCredentials(
            String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
        @Override
        public String toString() {
            return "IssuedCredentials[" + accessKeyId + ", secret=***, token=***, expires=" + expiration
                    + "]";
        }
    }

    /**
     * One request as the fake saw it. {@code accessKeyId} is null for unsigned requests;
     * {@code parameters} omit TokenCode, WebIdentityToken, SAMLAssertion and X-Amz-* values;
     * {@code errorCode} is null on success. {@code authenticated} is true when the request got past
     * authentication and reached the action (including injected failures).
     */
    public record Call(
            Instant at,
            String action,
            String accessKeyId,
            Map<String, String> parameters,
            int status,
            String errorCode,
            boolean authenticated) {
        public boolean succeeded() {
            return errorCode == null;
        }
    }

    /** Builds a role; {@link #create()} registers it with the fake. */
    public final class RoleBuilder {
        private final String arn;
        private Duration maxSessionDuration = Duration.ofHours(1);
        private final List<String> trusted = new ArrayList<>();
        private String externalId;
        private boolean mfaRequired;
        private final List<String> subjects = new ArrayList<>();

        private RoleBuilder(String arn) {
            this.arn = arn;
        }

        /** Between 1 and 12 hours, as IAM allows. Default 1 hour. */
        public RoleBuilder maxSessionDuration(Duration d) {
            if (d.compareTo(Duration.ofHours(1)) < 0 || d.compareTo(Duration.ofHours(12)) > 0) {
                throw new IllegalArgumentException("IAM MaxSessionDuration is 1 to 12 hours");
            }
            this.maxSessionDuration = d;
            return this;
        }

        /**
         * Trusts a principal: a user ARN, a role ARN (any session of that role), an assumed-role
         * session ARN, a federated-user ARN, an account id or {@code arn:aws:iam::ACCT:root} (any
         * principal of that account), an OIDC provider ARN (web identity), or "*".
         */
        public RoleBuilder trust(String principal) {
            trusted.add(Objects.requireNonNull(principal));
            return this;
        }

        public RoleBuilder trust(User user) {
            return trust(user.arn());
        }

        public RoleBuilder trust(Role role) {
            return trust(role.arn());
        }

        /** Any principal in the account (users, role sessions, root). */
        public RoleBuilder trustAccount(String account) {
            return trust("arn:aws:iam::" + requireAccount(account) + ":root");
        }

        /** Web identities from this issuer (an OIDC provider in the role's account). */
        public RoleBuilder trustWebIdentity(String issuer) {
            return trust(new WebIdentity(issuer, "", "", null).providerArn(accountOf(arn)));
        }

        /**
         * Web identities from this issuer whose {@code sub} claim matches {@code subjectPattern} (the
         * trust policy's {@code StringLike} condition on {@code <issuer host>:sub}: {@code *} and
         * {@code ?} wildcards), e.g. {@code repo:acme/infra:ref:refs/heads/main}.
         */
        public RoleBuilder trustWebIdentity(String issuer, String subjectPattern) {
            subjects.add(Objects.requireNonNull(subjectPattern));
            return trustWebIdentity(issuer);
        }

        /** SAML assertions vouched for by this IAM SAML provider (see {@link #addSamlProvider}). */
        public RoleBuilder trustSaml(String samlProviderArn) {
            return trust(samlProviderArn);
        }

        /** AssumeRole must pass exactly this ExternalId. */
        public RoleBuilder externalId(String value) {
            this.externalId = Objects.requireNonNull(value);
            return this;
        }

        /** Trust condition aws:MultiFactorAuthPresent: an MFA session, or SerialNumber+TokenCode. */
        public RoleBuilder requireMfa() {
            this.mfaRequired = true;
            return this;
        }

        public Role create() {
            Matcher m = ROLE_ARN.matcher(arn);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a role ARN: " + arn);
            }
            Role role = new Role(arn, m.group(1), m.group(3), uniqueId("AROA"), maxSessionDuration,
                    List.copyOf(trusted), externalId, mfaRequired, List.copyOf(subjects));
            synchronized (lock) {
                roles.put(arn, role);
            }
            return role;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Internal model

    private enum Kind { USER, ROOT, ASSUMED_ROLE, FEDERATED_USER, ROOT_SESSION }

    /** Who a credential speaks for. */
    private record Principal(Kind kind, String account, String arn, String userId, User user,
            Role role, String sessionName) {}

    private enum SessionKind { SESSION_TOKEN, ASSUMED_ROLE, FEDERATION, ROOT }

    private record Session(String accessKeyId, String secret, String token, Instant expiration,
            Principal principal, SessionKind kind, boolean mfa, String sourceIdentity, boolean chained) {}

    private record LongTermKey(String secret, Principal principal) {}

    private record Auth(String accessKeyId, Principal principal, Session session) {}

    private record Injected(String action, StsError error) {}

    private final Object lock = new Object();
    private final ShiftedClock clock;
    private final SecureRandom random = new SecureRandom();
    private final LoopbackHttpServer server;
    private final Map<String, LongTermKey> longTermKeys = new HashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, User> users = new HashMap<>();
    private final Map<String, MfaDevice> mfaDevices = new HashMap<>();
    private final Map<String, Long> lastMfaStep = new HashMap<>();
    private final Map<String, Role> roles = new HashMap<>();
    private final Map<String, WebIdentity> webTokens = new HashMap<>();
    private final Map<String, OidcProvider> oidcProviders = new HashMap<>();
    private final Map<String, java.security.PublicKey> samlProviders = new HashMap<>();
    private final Set<String> rootAccessGrants = new LinkedHashSet<>();
    private final Deque<Injected> injected = new ArrayDeque<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile boolean rejectMfaReuse = true;

    private final boolean tls;

    private FakeSts(Clock clock) {
        this(clock, null);
    }

    private FakeSts(Clock clock, javax.net.ssl.SSLContext tlsContext) {
        this.clock = new ShiftedClock(clock);
        this.tls = tlsContext != null;
        try {
            this.server = new LoopbackHttpServer("fake-sts", this::handle, tlsContext);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1", e);
        }
    }

    /** Starts a fake serving https with {@code certificate} (for trust and proxy tests: AWS_CA_BUNDLE, HTTPS_PROXY). */
    public static FakeSts startTls(TestCa.Issued certificate) {
        return new FakeSts(Clock.systemUTC(), certificate.serverContext());
    }

    /** The port, for routing a name to it through {@link FakeProxy}. */
    public int port() {
        return server.port();
    }

    /** Starts a fake on the system clock. */
    public static FakeSts start() {
        return new FakeSts(Clock.systemUTC());
    }

    /** Starts a fake reading {@code clock} (plus any {@link #advance(Duration)}). */
    public static FakeSts start(Clock clock) {
        return new FakeSts(clock);
    }

    /** {@code http://127.0.0.1:PORT}, for {@code endpointOverride} or {@code --endpoint-url}. */
    public String endpoint() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + server.port();
    }

    public URI endpointUri() {
        return URI.create(endpoint());
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "FakeSts[" + endpoint() + "]";
    }

    // ---------------------------------------------------------------------------------------------
    // Clock

    public Instant now() {
        return clock.instant();
    }

    /** Moves the fake's time forward (or back, with a negative duration). */
    public void advance(Duration d) {
        synchronized (lock) {
            clock.advance(d);
        }
    }

    /** A clock that reads the fake's time; share it with the code under test. */
    public Clock clock() {
        return clock;
    }

    // ---------------------------------------------------------------------------------------------
    // Model set-up

    /** Creates an IAM user (without keys). */
    public User addUser(String account, String name) {
        requireAccount(account);
        if (name == null || name.isEmpty() || name.length() > 64 || !NAME_PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("bad IAM user name");
        }
        User user = new User(account, name, uniqueId("AIDA"));
        synchronized (lock) {
            users.put(user.arn(), user);
        }
        return user;
    }

    /** Creates an access key for {@code user}. */
    public AccessKey createAccessKey(User user) {
        AccessKey key = new AccessKey(uniqueId("AKIA"), randomSecret());
        synchronized (lock) {
            longTermKeys.put(key.accessKeyId(), new LongTermKey(key.secretAccessKey(), principalOf(user)));
        }
        return key;
    }

    /** Creates a root user access key for {@code account} (AWS discourages them; STS accepts them). */
    public AccessKey createRootAccessKey(String account) {
        requireAccount(account);
        AccessKey key = new AccessKey(uniqueId("AKIA"), randomSecret());
        Principal root = new Principal(Kind.ROOT, account, "arn:aws:iam::" + account + ":root",
                account, null, null, null);
        synchronized (lock) {
            longTermKeys.put(key.accessKeyId(), new LongTermKey(key.secretAccessKey(), root));
        }
        return key;
    }

    /** Deletes a long-lived key; later requests signed with it get InvalidClientTokenId. */
    public void deleteAccessKey(String accessKeyId) {
        synchronized (lock) {
            longTermKeys.remove(accessKeyId);
        }
    }

    /** Enables a virtual MFA device for {@code user}: serial {@code arn:aws:iam::ACCT:mfa/NAME}. */
    public MfaDevice enableVirtualMfa(User user) {
        return enableVirtualMfa(user, "arn:aws:iam::" + user.account() + ":mfa/" + user.name());
    }

    public MfaDevice enableVirtualMfa(User user, String serialNumber) {
        MfaDevice device = new MfaDevice(serialNumber, user.arn(), Totp.newBase32Secret(random));
        synchronized (lock) {
            mfaDevices.put(serialNumber, device);
        }
        return device;
    }

    /** The code the device shows now, by the fake's clock. */
    public String currentMfaCode(MfaDevice device) {
        return device.codeAt(now());
    }

    /** Whether a code already used for a device is refused (default true, as AWS does). */
    public void rejectMfaCodeReuse(boolean reject) {
        this.rejectMfaReuse = reject;
    }

    /** Starts building a role; see {@link RoleBuilder}. */
    public RoleBuilder role(String roleArn) {
        return new RoleBuilder(roleArn);
    }

    /** The role registered under {@code roleArn}, if any. */
    public Optional<Role> findRole(String roleArn) {
        synchronized (lock) {
            return Optional.ofNullable(roles.get(roleArn));
        }
    }

    /**
     * Mints an assumed-role session for {@code role} the way another AWS service does on a user's
     * behalf (IAM Identity Center's GetRoleCredentials for a permission set role): no STS request,
     * no trust check, no call-log entry. The session is a real one for this fake: requests signed
     * with it are verified, GetCallerIdentity reports
     * {@code arn:aws:sts::ACCT:assumed-role/ROLE_NAME/SESSION_NAME}, it may call AssumeRole on roles
     * that trust {@code role}, and it stops working at its expiration (now + duration, to the second).
     */
    public IssuedCredentials issueRoleSession(Role role, String sessionName, Duration duration) {
        Objects.requireNonNull(role, "role");
        if (sessionName == null || sessionName.length() < 2 || sessionName.length() > 64
                || !NAME_PATTERN.matcher(sessionName).matches()) {
            throw new IllegalArgumentException("a role session name is 2 to 64 of [\\w+=,.@-]");
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the session duration must be positive");
        }
        Session s = issue(roleSession(role, sessionName), SessionKind.ASSUMED_ROLE, duration, now(),
                false, null, false);
        return new IssuedCredentials(s.accessKeyId(), s.secret(), s.token(), s.expiration());
    }

    /**
     * Like {@link #issueRoleSession(Role, String, Duration)} for the role named {@code roleName}
     * (any path) in {@code account}; a role that does not exist yet is created without a path, with
     * a 12 hour maximum and no trust.
     */
    public IssuedCredentials issueRoleSession(String account, String roleName, String sessionName,
            Duration duration) {
        requireAccount(account);
        Role found = null;
        synchronized (lock) {
            for (Role r : roles.values()) {
                if (r.account().equals(account) && r.name().equals(roleName)) {
                    found = r;
                    break;
                }
            }
        }
        if (found == null) {
            found = role("arn:aws:iam::" + account + ":role/" + roleName)
                    .maxSessionDuration(Duration.ofHours(12)).create();
        }
        return issueRoleSession(found, sessionName, duration);
    }

    /** Lets principals of {@code managementAccount} call AssumeRoot on the member accounts. */
    public void enableCentralizedRootAccess(String managementAccount, String... memberAccounts) {
        requireAccount(managementAccount);
        synchronized (lock) {
            for (String member : memberAccounts) {
                rootAccessGrants.add(managementAccount + ">" + requireAccount(member));
            }
        }
    }

    /** Makes AssumeRoleWithWebIdentity accept {@code token} as this identity. */
    public void registerWebIdentityToken(String token, WebIdentity identity) {
        synchronized (lock) {
            webTokens.put(Objects.requireNonNull(token), Objects.requireNonNull(identity));
        }
    }

    /** An IAM OpenID Connect provider: the issuer URL and the audiences (client ids) it accepts. */
    public record OidcProvider(String arn, String issuer, List<String> clientIds) {}

    /**
     * Creates an IAM OIDC provider in {@code account} for {@code issuer} (an http(s) URL; AWS requires
     * https, the fake also takes loopback http). AssumeRoleWithWebIdentity then verifies JWTs from it
     * as STS does: the signature with the keys the issuer publishes ({@code <issuer>/.well-known/
     * openid-configuration} → {@code jwks_uri}, fetched at each call), {@code aud} against
     * {@code clientIds}, {@code exp}, and the role's trust (provider ARN and {@code sub} pattern).
     */
    public OidcProvider addOpenIdConnectProvider(String account, String issuer, String... clientIds) {
        OidcProvider p = new OidcProvider(new WebIdentity(issuer, "", "", null).providerArn(requireAccount(account)),
                issuer, List.of(clientIds));
        synchronized (lock) {
            oidcProviders.put(p.arn(), p);
        }
        return p;
    }

    /**
     * Creates an IAM SAML provider {@code arn:aws:iam::ACCT:saml-provider/NAME} whose metadata holds
     * {@code signingKey}; AssumeRoleWithSAML verifies assertions with it.
     */
    public String addSamlProvider(String account, String name, java.security.PublicKey signingKey) {
        String arn = "arn:aws:iam::" + requireAccount(account) + ":saml-provider/" + name;
        synchronized (lock) {
            samlProviders.put(arn, Objects.requireNonNull(signingKey));
        }
        return arn;
    }

    // ---------------------------------------------------------------------------------------------
    // Observation and failure injection

    /** Every request, oldest first. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Requests for {@code action}, oldest first. */
    public List<Call> calls(String action) {
        return calls.stream().filter(c -> action.equals(c.action())).toList();
    }

    /**
     * How many requests for {@code action} got past authentication (successes, action errors and
     * injected failures). Requests rejected while authenticating, such as the clock-skew rejection
     * an SDK retries after correcting its clock, are in {@link #calls()} but not counted here.
     */
    public int count(String action) {
        return (int) calls.stream().filter(c -> action.equals(c.action()) && c.authenticated()).count();
    }

    public int successCount(String action) {
        return (int) calls.stream().filter(c -> action.equals(c.action()) && c.succeeded()).count();
    }

    public void clearCalls() {
        calls.clear();
    }

    /** The next {@code n} authenticated requests (any action) fail with {@code error}. */
    public void failNext(int n, StsError error) {
        failNext(null, n, error);
    }

    /** The next {@code n} authenticated requests for {@code action} fail with {@code error}. */
    public void failNext(String action, int n, StsError error) {
        synchronized (lock) {
            for (int i = 0; i < n; i++) {
                injected.add(new Injected(action, error));
            }
        }
    }

    /** Every secret this fake issued: long-lived secret keys, session secret keys and session tokens. */
    public List<IssuedSecret> issuedSecrets() {
        synchronized (lock) {
            List<IssuedSecret> out = new ArrayList<>();
            longTermKeys.forEach((id, k) -> out.add(new IssuedSecret("STS long-lived secret key of " + id, k.secret())));
            sessions.forEach((id, s) -> {
                out.add(new IssuedSecret("STS " + s.kind() + " secret key of " + id, s.secret()));
                out.add(new IssuedSecret("STS " + s.kind() + " session token of " + id, s.token()));
            });
            return out;
        }
    }

    /** Facts about a temporary credential the fake issued, by access key id. */
    public Optional<SessionInfo> session(String accessKeyId) {
        synchronized (lock) {
            Session s = sessions.get(accessKeyId);
            return s == null ? Optional.empty() : Optional.of(new SessionInfo(s.accessKeyId(),
                    s.kind().name(), s.principal().arn(), s.expiration(), s.mfa(), s.chained()));
        }
    }

    /**
     * What the fake knows about exactly these temporary credentials — the access key id, its secret
     * and its session token must all be ones this fake issued together — or empty. Expiry is not
     * checked here ({@link SessionInfo#expiration()} says when); for other AWS fakes that accept
     * credentials outside the STS API, such as the console sign-in ({@link FakeSignin}).
     */
    public Optional<SessionInfo> verifySession(String accessKeyId, String secretAccessKey, String sessionToken) {
        if (accessKeyId == null || secretAccessKey == null || sessionToken == null) {
            return Optional.empty();
        }
        synchronized (lock) {
            Session s = sessions.get(accessKeyId);
            if (s == null
                    || !java.security.MessageDigest.isEqual(s.secret().getBytes(StandardCharsets.UTF_8),
                            secretAccessKey.getBytes(StandardCharsets.UTF_8))
                    || !java.security.MessageDigest.isEqual(s.token().getBytes(StandardCharsets.UTF_8),
                            sessionToken.getBytes(StandardCharsets.UTF_8))) {
                return Optional.empty();
            }
            return Optional.of(new SessionInfo(s.accessKeyId(), s.kind().name(), s.principal().arn(),
                    s.expiration(), s.mfa(), s.chained()));
        }
    }

    /** Whether {@code accessKeyId} is one of the fake's long-lived ({@code AKIA…}) keys. */
    public boolean isLongTermKey(String accessKeyId) {
        synchronized (lock) {
            return longTermKeys.containsKey(accessKeyId);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Request handling

    private Response handle(Request request) {
        String requestId = UUID.randomUUID().toString();
        Instant now = now();
        String action = null;
        String accessKeyId = null;
        boolean authenticated = false;
        Map<String, String> params = Map.of();
        try {
            params = parameters(request);
            action = params.get("Action");
            Auth auth = authenticate(request, action, now);
            accessKeyId = auth == null ? null : auth.accessKeyId();
            if (action == null || action.isEmpty()) {
                throw new StsFault(400, "MissingAction", "Missing Action");
            }
            if (!ACTIONS.contains(action) || !API_VERSION.equals(params.get("Version"))) {
                throw new StsFault(400, "InvalidAction", "Could not find operation " + action
                        + " for version " + params.get("Version"));
            }
            authenticated = true;
            StsError failure = takeInjected(action);
            if (failure != null) {
                throw new StsFault(failure);
            }
            String result = dispatch(action, params, auth, now);
            record(now, action, accessKeyId, params, 200, null, true);
            String xml = "<" + action + "Response xmlns=\"" + NAMESPACE + "\">\n"
                    + "  <" + action + "Result>\n" + result
                    + "  </" + action + "Result>\n"
                    + "  <ResponseMetadata>\n    <RequestId>" + requestId + "</RequestId>\n"
                    + "  </ResponseMetadata>\n</" + action + "Response>\n";
            return xmlResponse(200, xml, requestId, now);
        } catch (StsFault fault) {
            StsError e = fault.error;
            record(now, action, accessKeyId, params, e.status(), e.code(), authenticated);
            String xml = "<ErrorResponse xmlns=\"" + NAMESPACE + "\">\n  <Error>\n"
                    + "    <Type>" + e.type() + "</Type>\n"
                    + "    <Code>" + esc(e.code()) + "</Code>\n"
                    + "    <Message>" + esc(e.message()) + "</Message>\n  </Error>\n"
                    + "  <RequestId>" + requestId + "</RequestId>\n</ErrorResponse>\n";
            return xmlResponse(e.status(), xml, requestId, now);
        }
    }

    private static Response xmlResponse(int status, String xml, String requestId, Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amzn-RequestId", requestId);
        headers.put("Content-Type", "text/xml");
        headers.put("Date", HTTP_DATE.format(now));
        return new Response(status, headers, xml.getBytes(StandardCharsets.UTF_8));
    }

    private void record(Instant at, String action, String accessKeyId, Map<String, String> params,
            int status, String errorCode, boolean authenticated) {
        Map<String, String> safe = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (!SECRET_PARAMS.contains(k) && !k.startsWith("X-Amz-")) {
                safe.put(k, v);
            }
        });
        calls.add(new Call(at, action, accessKeyId, Collections.unmodifiableMap(safe), status,
                errorCode, authenticated));
    }

    private StsError takeInjected(String action) {
        synchronized (lock) {
            for (var it = injected.iterator(); it.hasNext(); ) {
                Injected i = it.next();
                if (i.action() == null || i.action().equals(action)) {
                    it.remove();
                    return i.error();
                }
            }
            return null;
        }
    }

    /** Query-string parameters, then (for form bodies) body parameters, which win. */
    private static Map<String, String> parameters(Request r) {
        Map<String, String> params = new LinkedHashMap<>();
        parseForm(r.rawQuery(), params);
        String type = r.header("content-type");
        if (r.body().length > 0
                && (type == null || type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))) {
            parseForm(new String(r.body(), StandardCharsets.UTF_8), params);
        }
        return params;
    }

    private static void parseForm(String text, Map<String, String> into) {
        if (text == null || text.isEmpty()) {
            return;
        }
        for (String part : text.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                into.put(k, v);
            } catch (IllegalArgumentException e) {
                throw new StsFault(400, "MalformedQueryString", "The query string contains a syntax error.");
            }
        }
    }

    private Auth authenticate(Request r, String action, Instant now) {
        if (!SigV4.isSigned(r)) {
            if (action != null && UNSIGNED_ACTIONS.contains(action)) {
                return null;
            }
            throw new StsFault(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        }
        SigV4.Claim claim = SigV4.parse(r);
        String secret;
        Principal principal;
        Session session = null;
        synchronized (lock) {
            LongTermKey key = longTermKeys.get(claim.accessKeyId());
            if (key != null) {
                if (claim.securityToken() != null) {
                    throw invalidToken();
                }
                secret = key.secret();
                principal = key.principal();
            } else {
                session = sessions.get(claim.accessKeyId());
                if (session == null || claim.securityToken() == null
                        || !java.security.MessageDigest.isEqual(
                                session.token().getBytes(StandardCharsets.UTF_8),
                                claim.securityToken().getBytes(StandardCharsets.UTF_8))) {
                    throw invalidToken();
                }
                secret = session.secret();
                principal = session.principal();
            }
        }
        if (session != null && !now.isBefore(session.expiration())) {
            throw new StsFault(403, "ExpiredToken", "The security token included in the request is expired");
        }
        SigV4.checkScopeAndTime(claim, now, "sts");
        SigV4.checkSignature(claim, r, secret);
        return new Auth(claim.accessKeyId(), principal, session);
    }

    private static StsFault invalidToken() {
        return new StsFault(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
    }

    private String dispatch(String action, Map<String, String> p, Auth auth, Instant now) {
        switch (action) {
            case "GetCallerIdentity":
                return getCallerIdentity(auth);
            case "GetSessionToken":
                return getSessionToken(p, auth, now);
            case "GetFederationToken":
                return getFederationToken(p, auth, now);
            case "AssumeRole":
                return assumeRole(p, auth, now);
            case "AssumeRoot":
                return assumeRoot(p, auth, now);
            case "AssumeRoleWithWebIdentity":
                return assumeRoleWithWebIdentity(p, now);
            case "AssumeRoleWithSAML":
                return assumeRoleWithSaml(p, now);
            default:
                throw new StsFault(400, "InvalidAction", "FakeSts does not model " + action);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Actions

    private String getCallerIdentity(Auth auth) {
        if (auth == null) {
            throw new StsFault(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        }
        Principal pr = auth.principal();
        return "    <Arn>" + esc(pr.arn()) + "</Arn>\n"
                + "    <UserId>" + esc(pr.userId()) + "</UserId>\n"
                + "    <Account>" + pr.account() + "</Account>\n";
    }

    private String getSessionToken(Map<String, String> p, Auth auth, Instant now) {
        Checks c = new Checks(p);
        Integer duration = c.integer("DurationSeconds", 900, 129600);
        String serial = c.string("SerialNumber", false, 9, 256, "[\\w+=/:,.@-]*");
        String code = c.string("TokenCode", false, 6, 6, "[\\d]*");
        c.throwIfAny();
        if (auth.session() != null) {
            throw accessDenied("Cannot call GetSessionToken with session credentials");
        }
        Principal pr = auth.principal();
        boolean mfa = false;
        if (serial != null || code != null) {
            verifyMfa(pr, serial, code, now);
            mfa = true;
        }
        long seconds = duration == null ? 43200 : duration;
        if (pr.kind() == Kind.ROOT) {
            seconds = Math.min(seconds, 3600);
        }
        Session s = issue(pr, SessionKind.SESSION_TOKEN, Duration.ofSeconds(seconds), now, mfa, null, false);
        return credentialsXml(s);
    }

    private String getFederationToken(Map<String, String> p, Auth auth, Instant now) {
        Checks c = new Checks(p);
        String name = c.string("Name", true, 2, 32, NAME_PATTERN_TEXT);
        Integer duration = c.integer("DurationSeconds", 900, 129600);
        c.throwIfAny();
        if (auth.session() != null) {
            throw accessDenied("Cannot call GetFederationToken with session credentials");
        }
        Principal pr = auth.principal();
        long seconds = duration == null ? 43200 : duration;
        if (pr.kind() == Kind.ROOT) {
            seconds = Math.min(seconds, 3600);
        }
        Principal fed = new Principal(Kind.FEDERATED_USER, pr.account(),
                "arn:aws:sts::" + pr.account() + ":federated-user/" + name, pr.account() + ":" + name,
                null, null, name);
        Session s = issue(fed, SessionKind.FEDERATION, Duration.ofSeconds(seconds), now, false, null, false);
        return credentialsXml(s)
                + "    <FederatedUser>\n"
                + "      <Arn>" + esc(fed.arn()) + "</Arn>\n"
                + "      <FederatedUserId>" + esc(fed.userId()) + "</FederatedUserId>\n"
                + "    </FederatedUser>\n"
                + (p.containsKey("Policy") ? "    <PackedPolicySize>6</PackedPolicySize>\n" : "");
    }

    private String assumeRole(Map<String, String> p, Auth auth, Instant now) {
        Checks c = new Checks(p);
        String roleArn = c.string("RoleArn", true, 20, 2048, null);
        String sessionName = c.string("RoleSessionName", true, 2, 64, NAME_PATTERN_TEXT);
        Integer duration = c.integer("DurationSeconds", 900, 43200);
        String externalId = c.string("ExternalId", false, 2, 1224, "[\\w+=,.@:\\/-]*");
        String serial = c.string("SerialNumber", false, 9, 256, "[\\w+=/:,.@-]*");
        String code = c.string("TokenCode", false, 6, 6, "[\\d]*");
        String sourceIdentity = c.string("SourceIdentity", false, 2, 64, NAME_PATTERN_TEXT);
        c.throwIfAny();
        Principal caller = auth.principal();
        if (caller.kind() == Kind.ROOT) {
            throw accessDenied("Roles may not be assumed by root accounts.");
        }
        Session callerSession = auth.session();
        if (callerSession != null && (callerSession.kind() == SessionKind.FEDERATION
                || callerSession.kind() == SessionKind.ROOT)) {
            throw notAuthorized(caller, "AssumeRole", roleArn);
        }
        boolean mfa = callerSession != null && callerSession.mfa();
        if (serial != null || code != null) {
            verifyMfa(caller, serial, code, now);
            mfa = true;
        }
        if (!ROLE_ARN.matcher(roleArn).matches()) {
            throw validation(roleArn + " is invalid");
        }
        Role role;
        synchronized (lock) {
            role = roles.get(roleArn);
        }
        if (role == null || !trusts(role, caller)
                || (role.externalId() != null && !role.externalId().equals(externalId))
                || (role.mfaRequired() && !mfa)) {
            throw notAuthorized(caller, "AssumeRole", roleArn);
        }
        boolean chained = callerSession != null && callerSession.kind() == SessionKind.ASSUMED_ROLE;
        long seconds = duration == null ? 3600 : duration;
        if (chained && seconds > 3600) {
            throw validation("The requested DurationSeconds exceeds the 1 hour session limit for roles"
                    + " assumed by role chaining.");
        }
        if (seconds > role.maxSessionDuration().getSeconds()) {
            throw validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this"
                    + " role.");
        }
        String source = callerSession != null && callerSession.sourceIdentity() != null
                ? callerSession.sourceIdentity() : sourceIdentity;
        Session s = issue(roleSession(role, sessionName), SessionKind.ASSUMED_ROLE,
                Duration.ofSeconds(seconds), now, mfa, source, chained);
        return (source != null ? "    <SourceIdentity>" + esc(source) + "</SourceIdentity>\n" : "")
                + assumedRoleUserXml(s.principal()) + credentialsXml(s)
                + (p.containsKey("Policy") ? "    <PackedPolicySize>6</PackedPolicySize>\n" : "");
    }

    private String assumeRoot(Map<String, String> p, Auth auth, Instant now) {
        Checks c = new Checks(p);
        String target = c.string("TargetPrincipal", true, 12, 2048, null);
        String policy = c.string("TaskPolicyArn.arn", true, 20, 2048, null);
        Integer duration = c.integer("DurationSeconds", 0, 900);
        c.throwIfAny();
        Matcher m = Pattern.compile("(?:arn:aws:iam::)?(\\d{12})(?::root)?").matcher(target);
        if (!m.matches()) {
            throw validation("Invalid TargetPrincipal: " + target
                    + ". Specify a 12-digit AWS account ID or the account's root principal ARN.");
        }
        String member = m.group(1);
        if (!ROOT_TASK_POLICIES.contains(policy)) {
            throw validation("Invalid TaskPolicyArn: " + policy
                    + ". Specify one of the AWS managed policies in arn:aws:iam::aws:policy/root-task/.");
        }
        Principal caller = auth.principal();
        Session callerSession = auth.session();
        String resource = "arn:aws:iam::" + member + ":root";
        boolean granted;
        synchronized (lock) {
            granted = rootAccessGrants.contains(caller.account() + ">" + member);
        }
        if (caller.kind() == Kind.ROOT || caller.kind() == Kind.ROOT_SESSION
                || caller.kind() == Kind.FEDERATED_USER
                || (callerSession != null && callerSession.kind() == SessionKind.SESSION_TOKEN)
                || !granted) {
            throw notAuthorized(caller, "AssumeRoot", resource);
        }
        long seconds = duration == null ? 900 : duration;
        Principal root = new Principal(Kind.ROOT_SESSION, member, resource, member, null, null, null);
        String source = callerSession != null ? callerSession.sourceIdentity() : null;
        Session s = issue(root, SessionKind.ROOT, Duration.ofSeconds(seconds), now, false, source, false);
        return credentialsXml(s)
                + (source != null ? "    <SourceIdentity>" + esc(source) + "</SourceIdentity>\n" : "");
    }

    private String assumeRoleWithWebIdentity(Map<String, String> p, Instant now) {
        Checks c = new Checks(p);
        String roleArn = c.string("RoleArn", true, 20, 2048, null);
        String sessionName = c.string("RoleSessionName", true, 2, 64, NAME_PATTERN_TEXT);
        String token = c.secret("WebIdentityToken", true, 4, 20000);
        Integer duration = c.integer("DurationSeconds", 900, 43200);
        c.string("ProviderId", false, 4, 2048, null);
        c.throwIfAny();
        WebIdentity identity;
        Role role;
        synchronized (lock) {
            identity = webTokens.get(token);
            role = roles.get(roleArn);
        }
        if (identity == null && token.chars().filter(ch -> ch == '.').count() == 2) {
            return assumeRoleWithJwt(p, token, roleArn, sessionName, duration, role, now);
        }
        if (identity == null) {
            throw new StsFault(400, "InvalidIdentityToken", "The web identity token that was passed"
                    + " could not be validated by Amazon Web Services. Get a new identity token from the"
                    + " identity provider and then retry the request.");
        }
        if (identity.expiresAt() != null && !now.isBefore(identity.expiresAt())) {
            throw new StsFault(400, "ExpiredTokenException", "Token expired: current date/time "
                    + now.getEpochSecond() + " must be before the expiration date/time "
                    + identity.expiresAt().getEpochSecond());
        }
        if (!ROLE_ARN.matcher(roleArn).matches()) {
            throw validation(roleArn + " is invalid");
        }
        if (role == null || !role.trustedPrincipals().contains(identity.providerArn(role.account()))) {
            throw accessDenied("Not authorized to perform sts:AssumeRoleWithWebIdentity");
        }
        long seconds = duration == null ? 3600 : duration;
        if (seconds > role.maxSessionDuration().getSeconds()) {
            throw validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this"
                    + " role.");
        }
        Session s = issue(roleSession(role, sessionName), SessionKind.ASSUMED_ROLE,
                Duration.ofSeconds(seconds), now, false, null, false);
        return "    <SubjectFromWebIdentityToken>" + esc(identity.subject())
                + "</SubjectFromWebIdentityToken>\n"
                + "    <Audience>" + esc(identity.audience()) + "</Audience>\n"
                + assumedRoleUserXml(s.principal()) + credentialsXml(s)
                + "    <Provider>" + esc(identity.providerArn(role.account())) + "</Provider>\n";
    }

    private static final String INVALID_WEB_TOKEN = "The web identity token that was passed could not be"
            + " validated by Amazon Web Services. Get a new identity token from the identity provider and"
            + " then retry the request.";

    /** AssumeRoleWithWebIdentity for a JWT from a registered IAM OIDC provider, verified as STS does. */
    private String assumeRoleWithJwt(Map<String, String> p, String token, String roleArn,
            String sessionName, Integer duration, Role role, Instant now) {
        com.nimbusds.jwt.SignedJWT jwt;
        com.nimbusds.jwt.JWTClaimsSet claims;
        try {
            jwt = com.nimbusds.jwt.SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            throw new StsFault(400, "InvalidIdentityToken", INVALID_WEB_TOKEN);
        }
        if (!ROLE_ARN.matcher(roleArn).matches()) {
            throw validation(roleArn + " is invalid");
        }
        String issuer = claims.getIssuer();
        String account = accountOf(roleArn);
        OidcProvider provider;
        synchronized (lock) {
            provider = issuer == null ? null
                    : oidcProviders.get(new WebIdentity(issuer, "", "", null).providerArn(account));
        }
        if (provider == null) {
            throw new StsFault(400, "InvalidIdentityToken", "No OpenIDConnect provider found in your"
                    + " account for " + issuer);
        }
        com.nimbusds.jose.jwk.JWKSet keys;
        try {
            keys = fetchJwks(issuer);
        } catch (IOException | RuntimeException | java.text.ParseException e) {
            throw new StsFault(400, "InvalidIdentityToken", "Couldn't retrieve verification key from"
                    + " your identity provider,  please reference AssumeRoleWithWebIdentity documentation for"
                    + " requirements");
        }
        boolean verified = false;
        try {
            com.nimbusds.jose.jwk.JWK key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
            if (key instanceof com.nimbusds.jose.jwk.RSAKey rsa
                    && com.nimbusds.jose.JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
                verified = jwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(rsa));
            }
        } catch (com.nimbusds.jose.JOSEException e) {
            verified = false;
        }
        if (!verified) {
            throw new StsFault(400, "InvalidIdentityToken", INVALID_WEB_TOKEN);
        }
        List<String> audiences = claims.getAudience();
        if (audiences == null || audiences.stream().noneMatch(provider.clientIds()::contains)) {
            throw new StsFault(400, "InvalidIdentityToken", "Incorrect token audience");
        }
        java.util.Date exp = claims.getExpirationTime();
        if (exp == null || !now.isBefore(exp.toInstant())) {
            throw new StsFault(400, "ExpiredTokenException", "Token expired: current date/time "
                    + now.getEpochSecond() + " must be before the expiration date/time"
                    + (exp == null ? 0 : exp.toInstant().getEpochSecond()));
        }
        String subject = claims.getSubject() == null ? "" : claims.getSubject();
        if (role == null || !role.trustedPrincipals().contains(provider.arn())
                || (!role.webIdentitySubjects().isEmpty()
                        && role.webIdentitySubjects().stream().noneMatch(pt -> like(pt, subject)))) {
            throw accessDenied("Not authorized to perform sts:AssumeRoleWithWebIdentity");
        }
        long seconds = duration == null ? 3600 : duration;
        if (seconds > role.maxSessionDuration().getSeconds()) {
            throw validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this"
                    + " role.");
        }
        Session s = issue(roleSession(role, sessionName), SessionKind.ASSUMED_ROLE,
                Duration.ofSeconds(seconds), now, false, null, false);
        return "    <SubjectFromWebIdentityToken>" + esc(subject) + "</SubjectFromWebIdentityToken>\n"
                + "    <Audience>" + esc(audiences.get(0)) + "</Audience>\n"
                + assumedRoleUserXml(s.principal()) + credentialsXml(s)
                + "    <Provider>" + esc(issuer.replaceFirst("^https?://", "")) + "</Provider>\n";
    }

    private static com.nimbusds.jose.jwk.JWKSet fetchJwks(String issuer)
            throws IOException, java.text.ParseException {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
            String discovery = http.send(java.net.http.HttpRequest.newBuilder(
                            URI.create(base + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(5))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            Object jwksUri = com.nimbusds.jose.util.JSONObjectUtils.parse(discovery).get("jwks_uri");
            String jwks = http.send(java.net.http.HttpRequest.newBuilder(URI.create((String) jwksUri))
                            .timeout(Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return com.nimbusds.jose.jwk.JWKSet.parse(jwks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** IAM's StringLike: {@code *} any run of characters, {@code ?} any one character. */
    static boolean like(String pattern, String value) {
        StringBuilder re = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            if (ch == '*') {
                re.append(".*");
            } else if (ch == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(value).matches();
    }

    /** The audiences AWS accepts in a SAML assertion, and the recipient it must name. */
    public static final Set<String> SAML_AUDIENCES =
            Set.of("https://signin.aws.amazon.com/saml", "urn:amazon:webservices");
    public static final String SAML_RECIPIENT = "https://signin.aws.amazon.com/saml";

    /**
     * AssumeRoleWithSAML as STS does it: the response's XML signature (over the Response or the
     * Assertion, exclusive c14n, RSA-SHA256) with the IAM SAML provider's key, the audience and
     * recipient, the time window (NotBefore / NotOnOrAfter of the Conditions and of the
     * SubjectConfirmationData, IssueInstant at most 5 minutes old), the role/provider pair among the
     * Role attribute's values, and the role's trust of that provider.
     */
    private String assumeRoleWithSaml(Map<String, String> p, Instant now) {
        Checks c = new Checks(p);
        String roleArn = c.string("RoleArn", true, 20, 2048, null);
        String principalArn = c.string("PrincipalArn", true, 20, 2048, null);
        String assertion = c.secret("SAMLAssertion", true, 4, 100000);
        Integer duration = c.integer("DurationSeconds", 900, 43200);
        c.throwIfAny();
        java.security.PublicKey key;
        Role role;
        synchronized (lock) {
            key = samlProviders.get(principalArn);
            role = roles.get(roleArn);
        }
        SamlCheck.Verified v;
        try {
            v = SamlCheck.verify(assertion, key, now);
        } catch (SamlCheck.Rejected r) {
            throw new StsFault(400, r.code, r.getMessage());
        }
        boolean paired = v.roles().stream().anyMatch(pair -> pair.contains(roleArn) && pair.contains(principalArn));
        if (!paired || role == null || !role.trustedPrincipals().contains(principalArn)) {
            throw accessDenied("Not authorized to perform sts:AssumeRoleWithSAML");
        }
        long seconds = duration == null ? 3600 : duration;
        if (seconds > role.maxSessionDuration().getSeconds()
                || (v.sessionDuration() != null && seconds > v.sessionDuration())) {
            throw validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this"
                    + " role.");
        }
        Session s = issue(roleSession(role, v.sessionName()), SessionKind.ASSUMED_ROLE,
                Duration.ofSeconds(seconds), now, false, null, false);
        return assumedRoleUserXml(s.principal()) + credentialsXml(s)
                + "    <Audience>" + esc(v.audience()) + "</Audience>\n"
                + "    <Issuer>" + esc(v.issuer()) + "</Issuer>\n"
                + "    <Subject>" + esc(v.subject()) + "</Subject>\n"
                + "    <SubjectType>persistent</SubjectType>\n"
                + "    <NameQualifier>" + java.util.Base64.getEncoder().encodeToString(
                        (v.issuer() + accountOf(roleArn) + "/" + principalArn.substring(principalArn.lastIndexOf('/') + 1))
                                .getBytes(StandardCharsets.UTF_8)).substring(0, 28) + "</NameQualifier>\n";
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    private void verifyMfa(Principal caller, String serial, String code, Instant now) {
        MfaDevice device;
        synchronized (lock) {
            device = serial == null ? null : mfaDevices.get(serial);
        }
        if (caller.user() == null || device == null || !device.userArn().equals(caller.user().arn())) {
            throw accessDenied(MFA_UNKNOWN_DEVICE);
        }
        if (code == null) {
            throw accessDenied(MFA_INVALID_CODE);
        }
        long step = Totp.step(now);
        for (long s = step - 1; s <= step + 1; s++) {
            if (Totp.codeForStep(device.base32Secret(), s).equals(code)) {
                synchronized (lock) {
                    Long last = lastMfaStep.get(serial);
                    if (rejectMfaReuse && last != null && s <= last) {
                        throw accessDenied(MFA_INVALID_CODE);
                    }
                    lastMfaStep.put(serial, s);
                }
                return;
            }
        }
        throw accessDenied(MFA_INVALID_CODE);
    }

    private boolean trusts(Role role, Principal caller) {
        for (String t : role.trustedPrincipals()) {
            if (t.equals("*")) {
                return true;
            }
            if (t.equals(caller.account()) || t.equals("arn:aws:iam::" + caller.account() + ":root")) {
                return true;
            }
            if (t.equals(caller.arn())) {
                return true; // user, federated user or a specific assumed-role session
            }
            if (caller.kind() == Kind.ASSUMED_ROLE && t.equals(caller.role().arn())) {
                return true; // any session of a trusted role
            }
        }
        return false;
    }

    private Principal principalOf(User user) {
        return new Principal(Kind.USER, user.account(), user.arn(), user.userId(), user, null, null);
    }

    private static Principal roleSession(Role role, String sessionName) {
        return new Principal(Kind.ASSUMED_ROLE, role.account(),
                "arn:aws:sts::" + role.account() + ":assumed-role/" + role.name() + "/" + sessionName,
                role.roleId() + ":" + sessionName, null, role, sessionName);
    }

    private Session issue(Principal principal, SessionKind kind, Duration duration, Instant now,
            boolean mfa, String sourceIdentity, boolean chained) {
        Session s = new Session(uniqueId("ASIA"), randomSecret(), randomToken(),
                now.plus(duration).truncatedTo(ChronoUnit.SECONDS), principal, kind, mfa, sourceIdentity,
                chained);
        synchronized (lock) {
            sessions.put(s.accessKeyId(), s);
        }
        return s;
    }

    private static String credentialsXml(Session s) {
        return "    <Credentials>\n"
                + "      <AccessKeyId>" + s.accessKeyId() + "</AccessKeyId>\n"
                + "      <SecretAccessKey>" + esc(s.secret()) + "</SecretAccessKey>\n"
                + "      <SessionToken>" + esc(s.token()) + "</SessionToken>\n"
                + "      <Expiration>" + DateTimeFormatter.ISO_INSTANT.format(s.expiration())
                + "</Expiration>\n"
                + "    </Credentials>\n";
    }

    private static String assumedRoleUserXml(Principal p) {
        return "    <AssumedRoleUser>\n"
                + "      <Arn>" + esc(p.arn()) + "</Arn>\n"
                + "      <AssumedRoleId>" + esc(p.userId()) + "</AssumedRoleId>\n"
                + "    </AssumedRoleUser>\n";
    }

    private static StsFault accessDenied(String message) {
        return new StsFault(403, "AccessDenied", message);
    }

    private static StsFault notAuthorized(Principal caller, String action, String resource) {
        return accessDenied("User: " + caller.arn() + " is not authorized to perform: sts:" + action
                + " on resource: " + resource);
    }

    private static StsFault validation(String message) {
        return new StsFault(400, "ValidationError", message);
    }

    private static String requireAccount(String account) {
        if (account == null || !ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException("an AWS account id has 12 digits");
        }
        return account;
    }

    private static String accountOf(String roleArn) {
        Matcher m = ROLE_ARN.matcher(roleArn);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a role ARN: " + roleArn);
        }
        return m.group(1);
    }

    private String uniqueId(String prefix) {
        StringBuilder sb = new StringBuilder(prefix);
        int length = prefix.startsWith("A") && (prefix.equals("AKIA") || prefix.equals("ASIA")) ? 16 : 17;
        for (int i = 0; i < length; i++) {
            sb.append(ALNUM_UPPER.charAt(random.nextInt(ALNUM_UPPER.length())));
        }
        return sb.toString();
    }

    private String randomSecret() {
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            sb.append(SECRET_CHARS.charAt(random.nextInt(SECRET_CHARS.length())));
        }
        return sb.toString();
    }

    private String randomToken() {
        byte[] bytes = new byte[480];
        random.nextBytes(bytes);
        return "IQoJb3JpZ2luX2VjE" + java.util.Base64.getEncoder().encodeToString(bytes);
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                default: sb.append(ch);
            }
        }
        return sb.toString();
    }

    /**
     * Input validation in the form AWS reports it: every violated constraint, then one
     * ValidationError "N validation error(s) detected: Value 'v' at 'member' failed to satisfy
     * constraint: …; …". Member names are the lower-camel-case wire names.
     */
    private static final class Checks {
        private final Map<String, String> params;
        private final List<String> errors = new ArrayList<>();

        Checks(Map<String, String> params) {
            this.params = params;
        }

        String string(String name, boolean required, int min, int max, String pattern) {
            String v = params.get(name);
            String member = member(name);
            if (v == null) {
                if (required) {
                    errors.add("Value null at '" + member + "' failed to satisfy constraint: Member must not"
                            + " be null");
                }
                return null;
            }
            if (pattern != null && !Pattern.compile(pattern).matcher(v).matches()) {
                errors.add("Value '" + v + "' at '" + member + "' failed to satisfy constraint: Member"
                        + " must satisfy regular expression pattern: " + pattern);
            }
            if (v.length() < min) {
                errors.add("Value '" + v + "' at '" + member + "' failed to satisfy constraint: Member"
                        + " must have length greater than or equal to " + min);
            }
            if (v.length() > max) {
                errors.add("Value '" + v + "' at '" + member + "' failed to satisfy constraint: Member"
                        + " must have length less than or equal to " + max);
            }
            return v;
        }

        /** Like {@link #string} for sensitive members: the value is never echoed. */
        String secret(String name, boolean required, int min, int max) {
            String v = params.get(name);
            String member = member(name);
            if (v == null) {
                if (required) {
                    errors.add("Value null at '" + member + "' failed to satisfy constraint: Member must not"
                            + " be null");
                }
                return null;
            }
            if (v.length() < min) {
                errors.add("Value at '" + member + "' failed to satisfy constraint: Member must have"
                        + " length greater than or equal to " + min);
            }
            if (v.length() > max) {
                errors.add("Value at '" + member + "' failed to satisfy constraint: Member must have"
                        + " length less than or equal to " + max);
            }
            return v;
        }

        Integer integer(String name, int min, int max) {
            String v = params.get(name);
            if (v == null) {
                return null;
            }
            String member = member(name);
            long n;
            try {
                n = Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                errors.add("Value '" + v + "' at '" + member + "' failed to satisfy constraint: Member"
                        + " must be a valid integer");
                return null;
            }
            if (n < min) {
                errors.add("Value '" + n + "' at '" + member + "' failed to satisfy constraint: Member"
                        + " must have value greater than or equal to " + min);
            } else if (n > max) {
                errors.add("Value '" + n + "' at '" + member + "' failed to satisfy constraint: Member"
                        + " must have value less than or equal to " + max);
            }
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
        }

        void throwIfAny() {
            if (!errors.isEmpty()) {
                int n = errors.size();
                throw validation(n + " validation error" + (n == 1 ? "" : "s") + " detected: "
                        + String.join("; ", errors));
            }
        }

        private static String member(String name) {
            StringBuilder sb = new StringBuilder();
            for (String part : name.split("\\.")) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(Character.toLowerCase(part.charAt(0))).append(part.substring(1));
            }
            return sb.toString();
        }
    }
}
