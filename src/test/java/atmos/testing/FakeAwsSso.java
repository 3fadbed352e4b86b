package atmos.testing;

import atmos.testing.LoopbackHttpServer.Request;
import atmos.testing.LoopbackHttpServer.Response;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
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
import java.util.regex.Pattern;

/**
 * An honest in-process fake of AWS IAM Identity Center for the two APIs a CLI uses: SSO OIDC
 * ({@code oidc.REGION.amazonaws.com}: RegisterClient, StartDeviceAuthorization, CreateToken) and
 * the SSO portal ({@code portal.sso.REGION.amazonaws.com}: ListAccounts, ListAccountRoles,
 * GetRoleCredentials, Logout), each on its own {@code http://127.0.0.1:<ephemeral port>}, plus the
 * browser pages a user sees: the device verification page and the authorization-code consent
 * page. Point the AWS SDK at them with {@code endpointOverride} (or the main code at them with
 * {@code AWS_ENDPOINT_URL_SSO_OIDC=}{@link #oidcEndpoint()} and
 * {@code AWS_ENDPOINT_URL_SSO=}{@link #portalEndpoint()}).
 *
 * <p>Wire shapes are those of the real services (restJson, paths, query and header names from
 * the SDK's service models; error bodies as AWS sends them): OIDC errors are HTTP 400/401/500 with
 * {@code x-amzn-ErrorType: <Exception>:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/}
 * and {@code {"error":"authorization_pending","error_description":"…"}}; portal errors carry
 * {@code x-amzn-ErrorType} and {@code {"message":"…","__type":"com.amazonaws.switchboard.portal#…"}}.
 * Requests are unsigned, as the real operations are ({@code authtype: none}); the portal reads
 * the access token from {@code x-amz-sso_bearer_token}.
 *
 * <p>Honest means: client ids and secrets are checked (and secrets expire); device codes expire,
 * are single use, belong to their client, and answer {@code authorization_pending} until a user
 * approves them, {@code slow_down} when polled faster than the interval (which then grows, as
 * RFC 8628 says), {@code access_denied} when denied; authorization codes are single use, bound
 * to their client and redirect URI and checked against the PKCE S256 challenge; refresh tokens
 * rotate (the old one stops working) and are only issued to clients that registered scopes
 * ({@code sso:account:access}), as AWS does; access tokens expire by the fake's clock and die on
 * Logout; the portal lists only the accounts and permission sets assigned to the token's user.
 * With a {@link FakeSts}, GetRoleCredentials returns real sessions of that fake for the role
 * {@code arn:aws:iam::ACCT:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_<PermissionSet>_<hex>}
 * with the user name as session name.
 *
 * <p>Time: an injected {@link Clock} (by default the given FakeSts's clock, else the system
 * clock) plus an offset moved by {@link #advance(Duration)}. Responses carry a {@code Date}
 * header from it.
 *
 * <p>Secrets (client secrets, device codes, authorization codes, PKCE verifiers, access and
 * refresh tokens, role credentials) never appear in {@code toString()}, the call log, pages or
 * error messages.
 */
public final class FakeAwsSso implements AutoCloseable {
    public static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    public static final String REFRESH_TOKEN_GRANT = "refresh_token";
    public static final String AUTHORIZATION_CODE_GRANT = "authorization_code";
    /** The scope AWS tools register with; it is what makes AWS issue refresh tokens. */
    public static final String ACCOUNT_ACCESS_SCOPE = "sso:account:access";

    private static final Set<String> GRANTS =
            Set.of(DEVICE_CODE_GRANT, REFRESH_TOKEN_GRANT, AUTHORIZATION_CODE_GRANT);
    private static final String OIDC_ERROR_NS = "http://internal.amazon.com/coral/com.amazonaws.sso.oidc/";
    private static final String PORTAL_ERROR_NS =
            "http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/";
    private static final String PORTAL_TYPE_PREFIX = "com.amazonaws.switchboard.portal#";
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern PERMISSION_SET = Pattern.compile("[\\w+=,.@-]{1,32}");
    private static final String USER_CODE_CHARS = "BCDFGHJKLMNPQRSTVWXZ";
    private static final JSON JSON_WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    // ---------------------------------------------------------------------------------------------
    // Public value types

    /** A user of the AWS access portal; {@code userName} is also the role session name. */
    public record PortalUser(String userName) {}

    /** An AWS account as the portal lists it. */
    public record Account(String accountId, String accountName, String emailAddress) {}

    public enum DeviceStatus { PENDING, APPROVED, DENIED, REDEEMED, EXPIRED }

    /** What the fake knows about one device authorization; no device code. */
    public record DeviceAuthorization(String userCode, String clientId, String startUrl,
            Instant startedAt, Instant expiresAt, int intervalSeconds, DeviceStatus status,
            String approvedBy) {}

    /** What the fake knows about an access token; the token itself is not repeated. */
    public record TokenInfo(String userName, String clientId, List<String> scopes,
            Instant expiresAt, boolean usable) {}

    /**
     * One request as the fake saw it. {@code action} is the API operation name (RegisterClient,
     * StartDeviceAuthorization, CreateToken, ListAccounts, ListAccountRoles, GetRoleCredentials,
     * Logout) or a page: DevicePage, DeviceDecision, AuthorizePage, AuthorizeDecision.
     * {@code grantType} is set for CreateToken; {@code userName} when a token or page names a
     * user; {@code parameters} never hold secrets; {@code errorCode} is the exception type (or
     * the OAuth error on a page redirect), null on success.
     */
    public record Call(Instant at, String action, String grantType, String userName,
            Map<String, String> parameters, int status, String errorCode) {
        public boolean succeeded() {
            return errorCode == null;
        }
    }

    /** Configures a fake before it starts listening. */
    public static final class Builder {
        private Clock clock;
        private FakeSts sts;
        private String startUrl = "https://d-9000000000.awsapps.com/start";
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration slowDownIncrement = Duration.ofSeconds(5);
        private boolean enforcePollInterval = true;
        private Duration deviceCodeLifetime = Duration.ofMinutes(10);
        private Duration accessTokenLifetime = Duration.ofHours(8);
        private Duration refreshTokenLifetime = Duration.ofDays(90);
        private Duration clientSecretLifetime = Duration.ofDays(90);
        private Duration authorizationCodeLifetime = Duration.ofMinutes(5);
        private Duration roleSessionDuration = Duration.ofHours(1);
        private int pageSize = 20;

        private Builder() {}

        /** The clock the fake reads (default: the FakeSts's clock if one is given, else UTC system). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /** GetRoleCredentials mints real sessions of this fake STS. */
        public Builder sts(FakeSts s) {
            this.sts = Objects.requireNonNull(s);
            return this;
        }

        /** The only start URL StartDeviceAuthorization accepts (one trailing slash is ignored). */
        public Builder startUrl(String url) {
            this.startUrl = Objects.requireNonNull(url);
            return this;
        }

        /** The device-flow polling interval, whole seconds (default 1 s, as AWS answers). */
        public Builder pollInterval(Duration d) {
            if (d.isNegative() || d.getNano() != 0) {
                throw new IllegalArgumentException("the polling interval is whole seconds");
            }
            this.pollInterval = d;
            return this;
        }

        /** How much a slow_down adds to a device's interval (default 5 s, per RFC 8628). */
        public Builder slowDownIncrement(Duration d) {
            if (d.isNegative() || d.getNano() != 0) {
                throw new IllegalArgumentException("the slow_down increment is whole seconds");
            }
            this.slowDownIncrement = d;
            return this;
        }

        /** Whether polls faster than the interval get slow_down (default true). */
        public Builder enforcePollInterval(boolean enforce) {
            this.enforcePollInterval = enforce;
            return this;
        }

        /** Device code lifetime, {@code expiresIn} (default 600 s). */
        public Builder deviceCodeLifetime(Duration d) {
            this.deviceCodeLifetime = positive(d);
            return this;
        }

        /** Access token lifetime, CreateToken's {@code expiresIn} (default 8 h). */
        public Builder accessTokenLifetime(Duration d) {
            this.accessTokenLifetime = positive(d);
            return this;
        }

        /** Refresh token lifetime (default 90 days, the longest Identity Center session). */
        public Builder refreshTokenLifetime(Duration d) {
            this.refreshTokenLifetime = positive(d);
            return this;
        }

        /** Client secret lifetime, {@code clientSecretExpiresAt} (default 90 days, as AWS). */
        public Builder clientSecretLifetime(Duration d) {
            this.clientSecretLifetime = positive(d);
            return this;
        }

        /** Authorization code lifetime (default 5 minutes). */
        public Builder authorizationCodeLifetime(Duration d) {
            this.authorizationCodeLifetime = positive(d);
            return this;
        }

        /** Role credentials lifetime, the permission set's session duration (default 1 h). */
        public Builder roleSessionDuration(Duration d) {
            this.roleSessionDuration = positive(d);
            return this;
        }

        /** The most items one ListAccounts/ListAccountRoles page holds (default 20). */
        public Builder pageSize(int n) {
            if (n < 1 || n > 100) {
                throw new IllegalArgumentException("page size is 1 to 100");
            }
            this.pageSize = n;
            return this;
        }

        public FakeAwsSso build() {
            return new FakeAwsSso(this);
        }

        private static Duration positive(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Internal model

    private static final class Client {
        final String clientId;
        final String secret;
        final String name;
        final List<String> scopes;
        final List<String> grantTypes;
        final List<String> redirectUris;
        Instant secretExpiresAt;

        Client(String clientId, String secret, String name, List<String> scopes,
                List<String> grantTypes, List<String> redirectUris, Instant secretExpiresAt) {
            this.clientId = clientId;
            this.secret = secret;
            this.name = name;
            this.scopes = scopes;
            this.grantTypes = grantTypes;
            this.redirectUris = redirectUris;
            this.secretExpiresAt = secretExpiresAt;
        }

        boolean allows(String grant) {
            if (grantTypes.isEmpty()) {
                // A registration that names no grants gets the device flow (and refresh, with scopes).
                return !grant.equals(AUTHORIZATION_CODE_GRANT);
            }
            return grantTypes.contains(grant);
        }

        /** AWS issues refresh tokens only to clients registered with scopes that allow refresh. */
        boolean getsRefreshTokens() {
            return !scopes.isEmpty() && allows(REFRESH_TOKEN_GRANT);
        }
    }

    private static final class Device {
        final String deviceCode;
        final String userCode;
        final Client client;
        final String startUrl;
        final Instant startedAt;
        final Instant expiresAt;
        int intervalSeconds;
        Instant lastPollAt;
        DeviceStatus status = DeviceStatus.PENDING;
        PortalUser approvedBy;

        Device(String deviceCode, String userCode, Client client, String startUrl, Instant startedAt,
                Instant expiresAt, int intervalSeconds) {
            this.deviceCode = deviceCode;
            this.userCode = userCode;
            this.client = client;
            this.startUrl = startUrl;
            this.startedAt = startedAt;
            this.expiresAt = expiresAt;
            this.intervalSeconds = intervalSeconds;
        }
    }

    private record AuthRequest(Client client, String redirectUri, String state, String challenge,
            List<String> scopes) {}

    private static final class AuthCode {
        final Client client;
        final String redirectUri;
        final String challenge;
        final List<String> scopes;
        final PortalUser user;
        final Instant expiresAt;
        boolean used;

        AuthCode(Client client, String redirectUri, String challenge, List<String> scopes,
                PortalUser user, Instant expiresAt) {
            this.client = client;
            this.redirectUri = redirectUri;
            this.challenge = challenge;
            this.scopes = scopes;
            this.user = user;
            this.expiresAt = expiresAt;
        }
    }

    /** One sign-in: the tokens issued from one grant and its refreshes. Logout ends it. */
    private static final class UserSession {
        final PortalUser user;
        final Client client;
        final List<String> scopes;
        boolean ended;

        UserSession(PortalUser user, Client client, List<String> scopes) {
            this.user = user;
            this.client = client;
            this.scopes = scopes;
        }
    }

    private static final class Token {
        final UserSession session;
        Instant expiresAt;
        boolean revoked;

        Token(UserSession session, Instant expiresAt) {
            this.session = session;
            this.expiresAt = expiresAt;
        }

        boolean usable(Instant now) {
            return !revoked && !session.ended && now.isBefore(expiresAt);
        }
    }

    private record PageCursor(String kind, PortalUser user, String accountId, int offset) {}

    private record Injected(String action, SsoError error) {}

    /** An error raised inside the fake; no stack trace, never a secret. */
    private static final class Fault extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient SsoError error;

        Fault(SsoError error) {
            super(error.type(), null, false, false);
            this.error = error;
        }
    }

    private final Object lock = new Object();
    private final ShiftedClock clock;
    private final SecureRandom random = new SecureRandom();
    private final FakeSts sts;
    private final String startUrl;
    private final Duration pollInterval;
    private final Duration slowDownIncrement;
    private final boolean enforcePollInterval;
    private final Duration deviceCodeLifetime;
    private final Duration accessTokenLifetime;
    private final Duration refreshTokenLifetime;
    private final Duration clientSecretLifetime;
    private final Duration authorizationCodeLifetime;
    private final Duration roleSessionDuration;
    private final int pageSize;
    private final LoopbackHttpServer oidcServer;
    private final LoopbackHttpServer portalServer;

    private final Map<String, Client> clients = new HashMap<>();
    private final Map<String, Device> devicesByCode = new HashMap<>();
    private final Map<String, Device> devicesByUserCode = new LinkedHashMap<>();
    private final Map<String, AuthRequest> authRequests = new HashMap<>();
    private final Map<String, AuthCode> authCodes = new HashMap<>();
    private final Map<String, Token> accessTokens = new HashMap<>();
    private final Map<String, Token> refreshTokens = new HashMap<>();
    private final Map<String, PortalUser> users = new LinkedHashMap<>();
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<PortalUser, Map<String, Set<String>>> assignments = new HashMap<>();
    private final Map<String, String> ssoRoleArns = new HashMap<>();
    private final Map<String, PageCursor> cursors = new HashMap<>();
    private final Deque<Injected> injected = new ArrayDeque<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private PortalUser signedIn;
    private Duration autoApproveDelay;

    private FakeAwsSso(Builder b) {
        this.sts = b.sts;
        this.clock = new ShiftedClock(b.clock != null ? b.clock : b.sts != null ? b.sts.clock() : Clock.systemUTC());
        this.startUrl = b.startUrl;
        this.pollInterval = b.pollInterval;
        this.slowDownIncrement = b.slowDownIncrement;
        this.enforcePollInterval = b.enforcePollInterval;
        this.deviceCodeLifetime = b.deviceCodeLifetime;
        this.accessTokenLifetime = b.accessTokenLifetime;
        this.refreshTokenLifetime = b.refreshTokenLifetime;
        this.clientSecretLifetime = b.clientSecretLifetime;
        this.authorizationCodeLifetime = b.authorizationCodeLifetime;
        this.roleSessionDuration = b.roleSessionDuration;
        this.pageSize = b.pageSize;
        LoopbackHttpServer oidc = null;
        try {
            oidc = new LoopbackHttpServer("fake-sso-oidc", this::handleOidc);
            this.oidcServer = oidc;
            this.portalServer = new LoopbackHttpServer("fake-sso-portal", this::handlePortal);
        } catch (IOException e) {
            if (oidc != null) {
                oidc.close();
            }
            throw new UncheckedIOException("cannot bind 127.0.0.1", e);
        }
    }

    /** Every secret this fake issued: client secrets, device and authorization codes, access and refresh tokens. */
    public List<IssuedSecret> issuedSecrets() {
        synchronized (lock) {
            List<IssuedSecret> out = new ArrayList<>();
            clients.values().forEach(c -> out.add(new IssuedSecret("SSO OIDC client secret of " + c.clientId, c.secret)));
            devicesByCode.keySet().forEach(c -> out.add(new IssuedSecret("SSO OIDC device code", c)));
            authCodes.keySet().forEach(c -> out.add(new IssuedSecret("SSO OIDC authorization code", c)));
            accessTokens.keySet().forEach(t -> out.add(new IssuedSecret("SSO access token", t)));
            refreshTokens.keySet().forEach(t -> out.add(new IssuedSecret("SSO refresh token", t)));
            return out;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A fake with every default, on the system clock, without STS. */
    public static FakeAwsSso start() {
        return builder().build();
    }

    /** {@code http://127.0.0.1:PORT} of SSO OIDC and the browser pages. */
    public String oidcEndpoint() {
        return "http://127.0.0.1:" + oidcServer.port();
    }

    /** {@code http://127.0.0.1:PORT} of the SSO portal API. */
    public String portalEndpoint() {
        return "http://127.0.0.1:" + portalServer.port();
    }

    /** The start URL (AWS access portal URL) StartDeviceAuthorization accepts. */
    public String startUrl() {
        return startUrl;
    }

    /** StartDeviceAuthorization's {@code verificationUri}: the page where a user types the code. */
    public String verificationUri() {
        return oidcEndpoint() + "/";
    }

    @Override
    public void close() {
        oidcServer.close();
        portalServer.close();
    }

    @Override
    public String toString() {
        return "FakeAwsSso[oidc=" + oidcEndpoint() + ", portal=" + portalEndpoint() + "]";
    }

    // ---------------------------------------------------------------------------------------------
    // Clock

    public Instant now() {
        return clock.instant();
    }

    /** Moves this fake's time (not a shared FakeSts's) forward, or back with a negative duration. */
    public void advance(Duration d) {
        synchronized (lock) {
            clock.advance(d);
        }
    }

    /** A clock that reads the fake's time. */
    public Clock clock() {
        return clock;
    }

    // ---------------------------------------------------------------------------------------------
    // Directory and assignments

    /** Adds a portal user; the first one added is the one signed in to the browser pages. */
    public PortalUser addUser(String userName) {
        if (userName == null || userName.length() < 2 || userName.length() > 64
                || !userName.matches("[\\w+=,.@-]+")) {
            throw new IllegalArgumentException("a user name must also be a valid role session name");
        }
        PortalUser user = new PortalUser(userName);
        synchronized (lock) {
            users.put(userName, user);
            if (signedIn == null) {
                signedIn = user;
            }
        }
        return user;
    }

    /** The user the browser pages and {@link #approveDevice(String)} act as. */
    public void signInAs(PortalUser user) {
        synchronized (lock) {
            signedIn = requireUser(user);
        }
    }

    public Account addAccount(String accountId, String accountName, String emailAddress) {
        if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("an AWS account id has 12 digits");
        }
        Account account = new Account(accountId, Objects.requireNonNull(accountName),
                Objects.requireNonNull(emailAddress));
        synchronized (lock) {
            accounts.put(accountId, account);
        }
        return account;
    }

    /**
     * Assigns permission sets in an added account to a user. With a FakeSts, each permission set's
     * role {@code AWSReservedSSO_<name>_<hex>} (path {@code /aws-reserved/sso.amazonaws.com/}, 12 h
     * maximum) is created there on first use.
     */
    public void assign(PortalUser user, String accountId, String... permissionSets) {
        synchronized (lock) {
            requireUser(user);
            if (!accounts.containsKey(accountId)) {
                throw new IllegalArgumentException("add the account first: " + accountId);
            }
            Set<String> sets = assignments.computeIfAbsent(user, u -> new LinkedHashMap<>())
                    .computeIfAbsent(accountId, a -> new LinkedHashSet<>());
            for (String ps : permissionSets) {
                if (!PERMISSION_SET.matcher(ps).matches()) {
                    throw new IllegalArgumentException("a permission set name is 1 to 32 of [\\w+=,.@-]");
                }
                sets.add(ps);
                ssoRoleArn(accountId, ps);
            }
        }
    }

    /** Removes a permission set from a user's assignments in an account. */
    public void unassign(PortalUser user, String accountId, String permissionSet) {
        synchronized (lock) {
            Map<String, Set<String>> byAccount = assignments.get(user);
            if (byAccount != null && byAccount.containsKey(accountId)) {
                byAccount.get(accountId).remove(permissionSet);
                if (byAccount.get(accountId).isEmpty()) {
                    byAccount.remove(accountId);
                }
            }
        }
    }

    /**
     * The ARN of the IAM role that backs {@code permissionSet} in {@code accountId}:
     * {@code arn:aws:iam::ACCT:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_<PS>_<16 hex>}.
     */
    public String ssoRoleArn(String accountId, String permissionSet) {
        synchronized (lock) {
            String key = accountId + "/" + permissionSet;
            String arn = ssoRoleArns.get(key);
            if (arn == null) {
                StringBuilder hex = new StringBuilder();
                for (int i = 0; i < 16; i++) {
                    hex.append(Character.forDigit(random.nextInt(16), 16));
                }
                arn = "arn:aws:iam::" + accountId + ":role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_"
                        + permissionSet + "_" + hex;
                ssoRoleArns.put(key, arn);
            }
            if (sts != null && sts.findRole(arn).isEmpty()) {
                sts.role(arn).maxSessionDuration(Duration.ofHours(12)).create();
            }
            return arn;
        }
    }

    /** The role name part of {@link #ssoRoleArn}: {@code AWSReservedSSO_<PS>_<hex>}. */
    public String ssoRoleName(String accountId, String permissionSet) {
        String arn = ssoRoleArn(accountId, permissionSet);
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    // ---------------------------------------------------------------------------------------------
    // The user's side: approvals without a browser

    /** Approves a pending device authorization as the signed-in user. */
    public void approveDevice(String userCode) {
        decideDevice(userCode, true, null);
    }

    /** Approves a pending device authorization as {@code user}. */
    public void approveDevice(String userCode, PortalUser user) {
        decideDevice(userCode, true, user);
    }

    /** Denies a pending device authorization; the client's next CreateToken gets access_denied. */
    public void denyDevice(String userCode) {
        decideDevice(userCode, false, null);
    }

    /** Approves every pending, unexpired device authorization; returns how many. */
    public int approveAllPendingDevices() {
        synchronized (lock) {
            Instant now = now();
            int n = 0;
            for (Device d : devicesByUserCode.values()) {
                if (status(d, now) == DeviceStatus.PENDING) {
                    d.status = DeviceStatus.APPROVED;
                    d.approvedBy = requireSignedIn();
                    n++;
                }
            }
            return n;
        }
    }

    /**
     * From now on, every device authorization still pending {@code delay} after it started counts
     * as approved by the signed-in user (by the fake's clock). {@code null} stops it.
     */
    public void autoApproveDevices(Duration delay) {
        synchronized (lock) {
            if (delay != null && delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative");
            }
            autoApproveDelay = delay;
        }
    }

    /** User codes of device authorizations still waiting for a user. */
    public List<String> pendingUserCodes() {
        synchronized (lock) {
            Instant now = now();
            List<String> codes = new ArrayList<>();
            for (Device d : devicesByUserCode.values()) {
                if (status(d, now) == DeviceStatus.PENDING) {
                    codes.add(d.userCode);
                }
            }
            return codes;
        }
    }

    /** Every device authorization started, oldest first. */
    public List<DeviceAuthorization> deviceAuthorizations() {
        synchronized (lock) {
            Instant now = now();
            List<DeviceAuthorization> out = new ArrayList<>();
            for (Device d : devicesByUserCode.values()) {
                out.add(new DeviceAuthorization(d.userCode, d.client.clientId, d.startUrl, d.startedAt,
                        d.expiresAt, d.intervalSeconds, status(d, now),
                        d.approvedBy == null ? null : d.approvedBy.userName()));
            }
            return out;
        }
    }

    /**
     * Does what clicking Allow on the {@code /authorize} page does, as the signed-in user: returns
     * the URL the browser is then sent to ({@code redirect_uri?code=…&state=…}, or an
     * {@code error=} redirect when the request is one AWS answers by redirecting with an error).
     *
     * @throws IllegalArgumentException when the page would show an error instead of redirecting
     *     (unknown client, unregistered redirect URI)
     */
    public String authorizeAsUser(String authorizeUrl) {
        return decideAuthorization(authorizeUrl, true);
    }

    /** Like {@link #authorizeAsUser} for the Deny button: {@code redirect_uri?error=access_denied…}. */
    public String denyAsUser(String authorizeUrl) {
        return decideAuthorization(authorizeUrl, false);
    }

    private String decideAuthorization(String authorizeUrl, boolean allow) {
        URI uri = URI.create(authorizeUrl);
        synchronized (lock) {
            Object outcome = validateAuthorize(query(uri.getRawQuery()));
            if (outcome instanceof String redirect) {
                return redirect;
            }
            if (outcome instanceof SsoError e) {
                throw new IllegalArgumentException("the authorize page shows an error: " + e.type());
            }
            return finishAuthorization((AuthRequest) outcome, allow, now());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Token controls

    /** Makes an access token expire now (by the fake's clock). */
    public void expireAccessToken(String accessToken) {
        synchronized (lock) {
            requireToken(accessTokens, accessToken).expiresAt = now();
        }
    }

    /** Revokes an access token: the portal answers 401 UnauthorizedException. */
    public void revokeAccessToken(String accessToken) {
        synchronized (lock) {
            requireToken(accessTokens, accessToken).revoked = true;
        }
    }

    /** Makes a refresh token expire now. */
    public void expireRefreshToken(String refreshToken) {
        synchronized (lock) {
            requireToken(refreshTokens, refreshToken).expiresAt = now();
        }
    }

    /** Revokes a refresh token: CreateToken answers invalid_grant. */
    public void revokeRefreshToken(String refreshToken) {
        synchronized (lock) {
            requireToken(refreshTokens, refreshToken).revoked = true;
        }
    }

    /** Ends every sign-in session: every access and refresh token stops working. */
    public void revokeAllTokens() {
        synchronized (lock) {
            accessTokens.values().forEach(t -> t.session.ended = true);
            refreshTokens.values().forEach(t -> t.session.ended = true);
        }
    }

    /** Makes a registered client's secret expire now: its calls get InvalidClientException. */
    public void expireClientSecret(String clientId) {
        synchronized (lock) {
            Client c = clients.get(clientId);
            if (c == null) {
                throw new IllegalArgumentException("no such client");
            }
            c.secretExpiresAt = now();
        }
    }

    /** Facts about an access token the fake issued. */
    public Optional<TokenInfo> accessToken(String accessToken) {
        synchronized (lock) {
            Token t = accessTokens.get(accessToken);
            return t == null ? Optional.empty() : Optional.of(new TokenInfo(
                    t.session.user.userName(), t.session.client.clientId, t.session.scopes, t.expiresAt,
                    t.usable(now())));
        }
    }

    /** How many clients registered. */
    public int registeredClients() {
        synchronized (lock) {
            return clients.size();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Observation and failure injection

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String action) {
        return calls.stream().filter(c -> action.equals(c.action())).toList();
    }

    /** Requests for {@code action} (API operation or page), whatever their outcome. */
    public int count(String action) {
        return (int) calls.stream().filter(c -> action.equals(c.action())).count();
    }

    /**
     * CreateToken (or any action) requests with this grant type: the full URN or just its last
     * part ({@code device_code}, {@code refresh_token}, {@code authorization_code}).
     */
    public int count(String action, String grantType) {
        return (int) calls.stream()
                .filter(c -> action.equals(c.action()) && grantMatches(c.grantType(), grantType)).count();
    }

    public int successCount(String action) {
        return (int) calls.stream().filter(c -> action.equals(c.action()) && c.succeeded()).count();
    }

    public int successCount(String action, String grantType) {
        return (int) calls.stream().filter(c -> action.equals(c.action()) && c.succeeded()
                && grantMatches(c.grantType(), grantType)).count();
    }

    /** Requests for {@code action} that failed with {@code errorCode} (an exception type name). */
    public int errorCount(String action, String errorCode) {
        return (int) calls.stream()
                .filter(c -> action.equals(c.action()) && errorCode.equals(c.errorCode())).count();
    }

    public void clearCalls() {
        calls.clear();
    }

    /** The next {@code n} API requests (any operation, either server) fail with {@code error}. */
    public void failNext(int n, SsoError error) {
        failNext(null, n, error);
    }

    /** The next {@code n} requests for the API operation {@code action} fail with {@code error}. */
    public void failNext(String action, int n, SsoError error) {
        Objects.requireNonNull(error);
        synchronized (lock) {
            for (int i = 0; i < n; i++) {
                injected.add(new Injected(action, error));
            }
        }
    }

    private static boolean grantMatches(String actual, String wanted) {
        return actual != null && (actual.equals(wanted) || actual.endsWith(":" + wanted));
    }

    // ---------------------------------------------------------------------------------------------
    // SSO OIDC server

    private Response handleOidc(Request r) {
        String path = r.rawPath();
        String method = r.method();
        synchronized (lock) {
            Instant now = now();
            if (path.equals("/") && (method.equals("GET") || method.equals("HEAD"))) {
                return devicePage(r, now);
            }
            if (path.equals("/device/decision") && method.equals("POST")) {
                return deviceDecision(r, now);
            }
            if (path.equals("/authorize") && method.equals("GET")) {
                return authorizePage(r, now);
            }
            if (path.equals("/authorize/decision") && method.equals("POST")) {
                return authorizeDecision(r, now);
            }
            String action = switch (method + " " + path) {
                case "POST /client/register" -> "RegisterClient";
                case "POST /device_authorization" -> "StartDeviceAuthorization";
                case "POST /token" -> "CreateToken";
                default -> null;
            };
            if (action == null) {
                record(now, "Unknown", null, null, Map.of("path", path), 404, "UnknownOperationException");
                return html(404, page("Not found", "<p>Nothing here.</p>"), now);
            }
            Map<String, String> logged = new LinkedHashMap<>();
            String grant = null;
            String user = null;
            try {
                if (r.rawQuery().contains("aws_iam=t")) {
                    throw new Fault(SsoError.invalidRequest("FakeAwsSso does not model CreateTokenWithIAM"));
                }
                Map<String, Object> body = jsonBody(r);
                if (action.equals("CreateToken")) {
                    grant = string(body, "grantType");
                }
                logSafe(body, logged);
                SsoError failure = takeInjected(action);
                if (failure != null) {
                    throw new Fault(failure);
                }
                Map<String, Object> result;
                String[] userOut = new String[1];
                switch (action) {
                    case "RegisterClient" -> result = registerClient(body, now);
                    case "StartDeviceAuthorization" -> result = startDeviceAuthorization(body, now);
                    default -> result = createToken(body, now, userOut);
                }
                user = userOut[0];
                record(now, action, grant, user, logged, 200, null);
                return json(200, result, Map.of(), now);
            } catch (Fault f) {
                SsoError e = f.error;
                record(now, action, grant, user, logged, e.status(), e.type());
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", e.oauthError() != null ? e.oauthError() : "invalid_request");
                body.put("error_description", e.message());
                return json(e.status(), body, Map.of("x-amzn-ErrorType", e.type() + ":" + OIDC_ERROR_NS),
                        now);
            }
        }
    }

    /** Copies the members that are not secret into the call log's parameters. */
    private static void logSafe(Map<String, Object> body, Map<String, String> logged) {
        for (String k : List.of("clientName", "clientType", "scopes", "grantTypes", "redirectUris",
                "issuerUrl", "clientId", "startUrl", "grantType", "scope", "redirectUri")) {
            Object v = body.get(k);
            if (v instanceof List<?> list) {
                logged.put(k, String.join(",", list.stream().map(String::valueOf).toList()));
            } else if (v != null) {
                logged.put(k, String.valueOf(v));
            }
        }
    }

    private Map<String, Object> registerClient(Map<String, Object> body, Instant now) {
        String name = string(body, "clientName");
        String type = string(body, "clientType");
        List<String> scopes = strings(body, "scopes");
        List<String> grants = strings(body, "grantTypes");
        List<String> redirects = strings(body, "redirectUris");
        string(body, "issuerUrl");
        if (name == null || name.isEmpty()) {
            throw new Fault(SsoError.invalidRequest("clientName is required"));
        }
        if (type == null) {
            throw new Fault(SsoError.invalidRequest("clientType is required"));
        }
        if (!type.equals("public")) {
            throw new Fault(new SsoError(400, "InvalidClientMetadataException",
                    "invalid_client_metadata", "Invalid client type provided"));
        }
        for (String g : grants) {
            if (!GRANTS.contains(g)) {
                throw new Fault(new SsoError(400, "UnsupportedGrantTypeException",
                        "unsupported_grant_type", "Unsupported grant type provided"));
            }
        }
        for (String uri : redirects) {
            if (!isLoopbackRedirect(uri)) {
                throw new Fault(new SsoError(400, "InvalidRedirectUriException", "invalid_redirect_uri",
                        "Invalid redirect uri provided"));
            }
        }
        if (grants.contains(AUTHORIZATION_CODE_GRANT) && redirects.isEmpty()) {
            throw new Fault(new SsoError(400, "InvalidRedirectUriException", "invalid_redirect_uri",
                    "Redirect uris are required for the authorization code grant"));
        }
        Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
        Client c = new Client(randomUrlSafe(16), "eyJ" + randomUrlSafe(300), name, List.copyOf(scopes),
                List.copyOf(grants), List.copyOf(redirects), issued.plus(clientSecretLifetime));
        clients.put(c.clientId, c);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("authorizationEndpoint", null);
        out.put("clientId", c.clientId);
        out.put("clientIdIssuedAt", issued.getEpochSecond());
        out.put("clientSecret", c.secret);
        out.put("clientSecretExpiresAt", c.secretExpiresAt.getEpochSecond());
        out.put("tokenEndpoint", null);
        return out;
    }

    private Map<String, Object> startDeviceAuthorization(Map<String, Object> body, Instant now) {
        Client c = authenticateClient(body, now);
        String url = string(body, "startUrl");
        if (url == null) {
            throw new Fault(SsoError.invalidRequest("startUrl is required"));
        }
        if (!stripSlash(url).equals(stripSlash(startUrl))) {
            throw new Fault(SsoError.invalidRequest("Invalid start url"));
        }
        if (!c.allows(DEVICE_CODE_GRANT)) {
            throw new Fault(new SsoError(400, "UnauthorizedClientException", "unauthorized_client",
                    "Client is not authorized to use the device code grant"));
        }
        String userCode;
        do {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                if (i == 4) {
                    sb.append('-');
                }
                sb.append(USER_CODE_CHARS.charAt(random.nextInt(USER_CODE_CHARS.length())));
            }
            userCode = sb.toString();
        } while (devicesByUserCode.containsKey(userCode));
        Device d = new Device(randomUrlSafe(96), userCode, c, url, now, now.plus(deviceCodeLifetime),
                (int) pollInterval.getSeconds());
        devicesByCode.put(d.deviceCode, d);
        devicesByUserCode.put(userCode, d);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deviceCode", d.deviceCode);
        out.put("expiresIn", deviceCodeLifetime.getSeconds());
        out.put("interval", d.intervalSeconds);
        out.put("userCode", userCode);
        out.put("verificationUri", verificationUri());
        out.put("verificationUriComplete", verificationUri() + "?user_code=" + userCode);
        return out;
    }

    private Map<String, Object> createToken(Map<String, Object> body, Instant now, String[] user) {
        Client c = authenticateClient(body, now);
        String grant = string(body, "grantType");
        string(body, "scope");
        if (grant == null) {
            throw new Fault(SsoError.invalidRequest("grantType is required"));
        }
        if (!GRANTS.contains(grant)) {
            throw new Fault(new SsoError(400, "UnsupportedGrantTypeException", "unsupported_grant_type",
                    "Unsupported grant type provided"));
        }
        if (!c.allows(grant)) {
            throw new Fault(new SsoError(400, "UnauthorizedClientException", "unauthorized_client",
                    "Client is not authorized to use this grant type"));
        }
        switch (grant) {
            case DEVICE_CODE_GRANT -> {
                Device d = devicesByCode.get(string(body, "deviceCode"));
                if (d == null || d.client != c || d.status == DeviceStatus.REDEEMED) {
                    throw new Fault(SsoError.invalidGrant());
                }
                DeviceStatus s = status(d, now);
                if (s == DeviceStatus.EXPIRED) {
                    throw new Fault(SsoError.expiredToken());
                }
                boolean tooSoon = enforcePollInterval && d.lastPollAt != null
                        && now.isBefore(d.lastPollAt.plusSeconds(d.intervalSeconds));
                d.lastPollAt = now;
                if (tooSoon && s == DeviceStatus.PENDING) {
                    d.intervalSeconds += (int) slowDownIncrement.getSeconds();
                    throw new Fault(SsoError.slowDown());
                }
                if (s == DeviceStatus.DENIED) {
                    throw new Fault(SsoError.accessDenied());
                }
                if (s == DeviceStatus.PENDING) {
                    throw new Fault(SsoError.authorizationPending());
                }
                d.status = DeviceStatus.REDEEMED;
                user[0] = d.approvedBy.userName();
                return issueTokens(new UserSession(d.approvedBy, c, c.scopes), now);
            }
            case REFRESH_TOKEN_GRANT -> {
                String presented = string(body, "refreshToken");
                Token old = presented == null ? null : refreshTokens.get(presented);
                if (old == null || old.session.client != c || !old.usable(now)) {
                    throw new Fault(SsoError.invalidRefreshToken());
                }
                old.revoked = true; // rotation: a refresh token works once
                user[0] = old.session.user.userName();
                return issueTokens(old.session, now);
            }
            default -> {
                String code = string(body, "code");
                String redirect = string(body, "redirectUri");
                String verifier = string(body, "codeVerifier");
                AuthCode ac = code == null ? null : authCodes.get(code);
                if (ac == null || ac.client != c || ac.used || !now.isBefore(ac.expiresAt)
                        || !ac.redirectUri.equals(redirect) || verifier == null
                        || !pkceMatches(verifier, ac.challenge)) {
                    if (ac != null && ac.client == c) {
                        ac.used = true; // a failed redemption burns the code, as OAuth 2.1 advises
                    }
                    throw new Fault(SsoError.invalidGrant());
                }
                ac.used = true;
                user[0] = ac.user.userName();
                return issueTokens(new UserSession(ac.user, c, ac.scopes), now);
            }
        }
    }

    private Map<String, Object> issueTokens(UserSession session, Instant now) {
        String access = "aoa" + randomUrlSafe(144);
        accessTokens.put(access, new Token(session, now.plus(accessTokenLifetime)));
        String refresh = null;
        if (session.client.getsRefreshTokens()) {
            refresh = "aor" + randomUrlSafe(144);
            refreshTokens.put(refresh, new Token(session, now.plus(refreshTokenLifetime)));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accessToken", access);
        out.put("expiresIn", accessTokenLifetime.getSeconds());
        out.put("idToken", null);
        out.put("refreshToken", refresh);
        out.put("tokenType", "Bearer");
        return out;
    }

    private Client authenticateClient(Map<String, Object> body, Instant now) {
        String id = string(body, "clientId");
        String secret = string(body, "clientSecret");
        if (id == null || secret == null) {
            throw new Fault(SsoError.invalidRequest("clientId and clientSecret are required"));
        }
        Client c = clients.get(id);
        if (c == null || !MessageDigest.isEqual(c.secret.getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8))) {
            throw new Fault(SsoError.invalidClient());
        }
        if (!now.isBefore(c.secretExpiresAt)) {
            throw new Fault(new SsoError(401, "InvalidClientException", "invalid_client",
                    "Client secret has expired"));
        }
        return c;
    }

    private DeviceStatus status(Device d, Instant now) {
        if (d.status == DeviceStatus.REDEEMED) {
            return DeviceStatus.REDEEMED;
        }
        if (!now.isBefore(d.expiresAt)) {
            return DeviceStatus.EXPIRED;
        }
        if (d.status == DeviceStatus.PENDING && autoApproveDelay != null && signedIn != null
                && !now.isBefore(d.startedAt.plus(autoApproveDelay))) {
            d.status = DeviceStatus.APPROVED;
            d.approvedBy = signedIn;
        }
        return d.status;
    }

    private void decideDevice(String userCode, boolean approve, PortalUser as) {
        synchronized (lock) {
            Device d = devicesByUserCode.get(normalizeUserCode(userCode));
            if (d == null || status(d, now()) != DeviceStatus.PENDING) {
                throw new IllegalStateException("no pending device authorization has that user code");
            }
            d.status = approve ? DeviceStatus.APPROVED : DeviceStatus.DENIED;
            d.approvedBy = approve ? (as != null ? requireUser(as) : requireSignedIn()) : null;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Browser pages

    private Response devicePage(Request r, Instant now) {
        Map<String, String> q = query(r.rawQuery());
        String userCode = q.get("user_code");
        if (userCode == null || userCode.isBlank()) {
            record(now, "DevicePage", null, null, Map.of(), 200, null);
            return html(200, page("Authorize request",
                    "<form method=\"get\" action=\"/\">"
                    + "<label for=\"user_code\">Code</label> "
                    + "<input id=\"user_code\" name=\"user_code\" autocomplete=\"off\">"
                    + "<button id=\"next\" type=\"submit\">Next</button></form>"), now);
        }
        String code = normalizeUserCode(userCode);
        Device d = devicesByUserCode.get(code);
        DeviceStatus s = d == null ? null : status(d, now);
        Map<String, String> params = Map.of("userCode", code);
        String who = signedIn == null ? null : signedIn.userName();
        if (s != DeviceStatus.PENDING) {
            String text = s == DeviceStatus.APPROVED || s == DeviceStatus.REDEEMED
                    ? "<p id=\"approved\">This request was already approved.</p>"
                    : "<p id=\"invalid\">This code is not valid or has expired.</p>";
            int status = s == DeviceStatus.APPROVED || s == DeviceStatus.REDEEMED ? 200 : 400;
            record(now, "DevicePage", null, who, params, status, status == 200 ? null : "invalid_code");
            return html(status, page("Authorize request", text), now);
        }
        record(now, "DevicePage", null, who, params, 200, null);
        return html(200, page("Authorize request",
                "<p>An application or device requested authorization using your AWS sign-in"
                + (who == null ? "" : " (<span id=\"user\">" + esc(who) + "</span>)") + ".</p>"
                + "<p>Application: <span id=\"client-name\">" + esc(d.client.name) + "</span></p>"
                + "<p>Code: <strong id=\"user-code\">" + esc(code) + "</strong></p>"
                + "<form id=\"decision\" method=\"post\" action=\"/device/decision\">"
                + "<input type=\"hidden\" name=\"user_code\" value=\"" + esc(code) + "\">"
                + "<button id=\"allow\" type=\"submit\" name=\"decision\" value=\"allow\">Allow</button> "
                + "<button id=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>"
                + "</form>"), now);
    }

    private Response deviceDecision(Request r, Instant now) {
        Map<String, String> form = query(new String(r.body(), StandardCharsets.UTF_8));
        String code = normalizeUserCode(form.getOrDefault("user_code", ""));
        String decision = form.getOrDefault("decision", "");
        Map<String, String> params = Map.of("userCode", code, "decision", decision);
        Device d = devicesByUserCode.get(code);
        if (d == null || status(d, now) != DeviceStatus.PENDING
                || !(decision.equals("allow") || decision.equals("deny"))) {
            record(now, "DeviceDecision", null, null, params, 400, "invalid_code");
            return html(400, page("Authorize request",
                    "<p id=\"invalid\">This code is not valid or has expired.</p>"), now);
        }
        if (signedIn == null) {
            record(now, "DeviceDecision", null, null, params, 400, "no_user");
            return html(400, page("Sign in", "<p id=\"no-user\">No user is signed in.</p>"), now);
        }
        boolean allow = decision.equals("allow");
        d.status = allow ? DeviceStatus.APPROVED : DeviceStatus.DENIED;
        d.approvedBy = allow ? signedIn : null;
        record(now, "DeviceDecision", null, signedIn.userName(), params, 200, null);
        return html(200, page(allow ? "Request approved" : "Request denied", allow
                ? "<p id=\"approved\">Request approved. You can close this window.</p>"
                : "<p id=\"denied\">Request denied.</p>"), now);
    }

    private Response authorizePage(Request r, Instant now) {
        Map<String, String> q = query(r.rawQuery());
        Map<String, String> params = new LinkedHashMap<>();
        for (String k : List.of("client_id", "redirect_uri", "response_type", "scopes",
                "code_challenge_method")) {
            if (q.containsKey(k)) {
                params.put(k, q.get(k));
            }
        }
        String who = signedIn == null ? null : signedIn.userName();
        Object outcome = validateAuthorize(q);
        if (outcome instanceof SsoError e) {
            record(now, "AuthorizePage", null, who, params, 400, e.type());
            return html(400, page("Error", "<p id=\"error\">" + esc(e.oauthError()) + ": "
                    + esc(e.message()) + "</p>"), now);
        }
        if (outcome instanceof String redirect) {
            record(now, "AuthorizePage", null, who, params, 302, query(URI.create(redirect)
                    .getRawQuery()).get("error"));
            return redirect(redirect, now);
        }
        AuthRequest ar = (AuthRequest) outcome;
        String id = randomUrlSafe(24);
        authRequests.put(id, ar);
        record(now, "AuthorizePage", null, who, params, 200, null);
        return html(200, page("Allow access",
                "<p>Allow <span id=\"client-name\">" + esc(ar.client().name) + "</span> to access your"
                + " data" + (who == null ? "" : " as <span id=\"user\">" + esc(who) + "</span>") + "?</p>"
                + "<p>Scopes: <span id=\"scopes\">" + esc(String.join(" ", ar.scopes())) + "</span></p>"
                + "<form id=\"decision\" method=\"post\" action=\"/authorize/decision\">"
                + "<input type=\"hidden\" name=\"request\" value=\"" + esc(id) + "\">"
                + "<button id=\"allow\" type=\"submit\" name=\"decision\" value=\"allow\">Allow access"
                + "</button> "
                + "<button id=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>"
                + "</form>"), now);
    }

    private Response authorizeDecision(Request r, Instant now) {
        Map<String, String> form = query(new String(r.body(), StandardCharsets.UTF_8));
        String decision = form.getOrDefault("decision", "");
        AuthRequest ar = authRequests.remove(form.getOrDefault("request", ""));
        Map<String, String> params = Map.of("decision", decision);
        if (ar == null || !(decision.equals("allow") || decision.equals("deny"))) {
            record(now, "AuthorizeDecision", null, null, params, 400, "invalid_request");
            return html(400, page("Error", "<p id=\"error\">This request is not valid any more.</p>"),
                    now);
        }
        if (signedIn == null) {
            record(now, "AuthorizeDecision", null, null, params, 400, "no_user");
            return html(400, page("Sign in", "<p id=\"no-user\">No user is signed in.</p>"), now);
        }
        String target = finishAuthorization(ar, decision.equals("allow"), now);
        record(now, "AuthorizeDecision", null, signedIn.userName(), params, 302,
                decision.equals("allow") ? null : "access_denied");
        return redirect(target, now);
    }

    /**
     * Checks an /authorize request: an {@link SsoError} when the page must show an error (unknown
     * client or redirect URI: never redirect there), a redirect URL with {@code error=} for other
     * faults, else the accepted {@link AuthRequest}.
     */
    private Object validateAuthorize(Map<String, String> q) {
        Instant now = now();
        Client c = clients.get(q.getOrDefault("client_id", ""));
        if (c == null || !now.isBefore(c.secretExpiresAt)) {
            return SsoError.invalidClient();
        }
        String redirectUri = q.get("redirect_uri");
        if (redirectUri == null || c.redirectUris.stream().noneMatch(
                registered -> redirectMatches(registered, redirectUri))) {
            return new SsoError(400, "InvalidRedirectUriException", "invalid_redirect_uri",
                    "Invalid redirect uri provided");
        }
        String state = q.get("state");
        if (!c.allows(AUTHORIZATION_CODE_GRANT)) {
            return errorRedirect(redirectUri, "unauthorized_client", state);
        }
        if (!"code".equals(q.get("response_type"))) {
            return errorRedirect(redirectUri, "unsupported_response_type", state);
        }
        String challenge = q.get("code_challenge");
        if (challenge == null || challenge.length() != 43
                || !"S256".equals(q.get("code_challenge_method"))) {
            return errorRedirect(redirectUri, "invalid_request", state);
        }
        List<String> scopes = new ArrayList<>();
        for (String s : q.getOrDefault("scopes", "").split("[ ,]+")) {
            if (!s.isEmpty()) {
                scopes.add(s);
            }
        }
        if (!c.scopes.containsAll(scopes)) {
            return errorRedirect(redirectUri, "invalid_scope", state);
        }
        return new AuthRequest(c, redirectUri, state, challenge,
                List.copyOf(scopes.isEmpty() ? c.scopes : scopes));
    }

    private String finishAuthorization(AuthRequest ar, boolean allow, Instant now) {
        if (!allow) {
            return errorRedirect(ar.redirectUri(), "access_denied", ar.state());
        }
        String code = randomUrlSafe(32);
        authCodes.put(code, new AuthCode(ar.client(), ar.redirectUri(), ar.challenge(), ar.scopes(),
                requireSignedIn(), now.plus(authorizationCodeLifetime)));
        return ar.redirectUri() + (ar.redirectUri().contains("?") ? "&" : "?") + "code="
                + enc(code) + (ar.state() == null ? "" : "&state=" + enc(ar.state()));
    }

    private static String errorRedirect(String redirectUri, String error, String state) {
        return redirectUri + (redirectUri.contains("?") ? "&" : "?") + "error=" + enc(error)
                + (state == null ? "" : "&state=" + enc(state));
    }

    /** RFC 8252 section 7.3: a loopback redirect URI matches whatever port the client listens on. */
    private static boolean redirectMatches(String registered, String actual) {
        if (registered.equals(actual)) {
            return true;
        }
        try {
            URI reg = new URI(registered);
            URI act = new URI(actual);
            return isLoopbackRedirect(registered) && isLoopbackRedirect(actual)
                    && reg.getHost().equals(act.getHost()) && reg.getPort() == -1
                    && Objects.equals(reg.getRawPath(), act.getRawPath())
                    && act.getRawQuery() == null && act.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isLoopbackRedirect(String uri) {
        try {
            URI u = new URI(uri);
            return "http".equals(u.getScheme())
                    && ("127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost()))
                    && u.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // SSO portal server

    private Response handlePortal(Request r) {
        String route = r.method() + " " + r.rawPath();
        synchronized (lock) {
            Instant now = now();
            String action = switch (route) {
                case "GET /assignment/accounts" -> "ListAccounts";
                case "GET /assignment/roles" -> "ListAccountRoles";
                case "GET /federation/credentials" -> "GetRoleCredentials";
                case "POST /logout" -> "Logout";
                default -> null;
            };
            Map<String, String> q = query(r.rawQuery());
            Map<String, String> logged = new LinkedHashMap<>();
            for (String k : List.of("account_id", "role_name", "max_result", "next_token")) {
                if (q.containsKey(k)) {
                    logged.put(k, q.get(k));
                }
            }
            String user = null;
            try {
                if (action == null) {
                    throw new Fault(new SsoError(404, "UnknownOperationException", null,
                            "No operation at " + r.method() + " " + r.rawPath()));
                }
                SsoError failure = takeInjected(action);
                if (failure != null) {
                    throw new Fault(failure);
                }
                Token token = accessTokens.get(Objects.requireNonNullElse(
                        r.header("x-amz-sso_bearer_token"), ""));
                if (token == null || !token.usable(now)) {
                    throw new Fault(SsoError.unauthorized());
                }
                PortalUser pu = token.session.user;
                user = pu.userName();
                Object result = switch (action) {
                    case "ListAccounts" -> listAccounts(pu, q);
                    case "ListAccountRoles" -> listAccountRoles(pu, q);
                    case "GetRoleCredentials" -> getRoleCredentials(pu, q, now);
                    default -> {
                        token.session.ended = true;
                        yield null;
                    }
                };
                record(now, action, null, user, logged, 200, null);
                if (result == null) {
                    return new Response(200, headers(now, Map.of()), new byte[0]);
                }
                return json(200, result, Map.of(), now);
            } catch (Fault f) {
                SsoError e = f.error;
                record(now, action == null ? "Unknown" : action, null, user, logged, e.status(), e.type());
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("message", e.message());
                body.put("__type", PORTAL_TYPE_PREFIX + e.type());
                return json(e.status(), body,
                        Map.of("x-amzn-ErrorType", e.type() + ":" + PORTAL_ERROR_NS), now);
            }
        }
    }

    private Map<String, Object> listAccounts(PortalUser user, Map<String, String> q) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (String id : assignments.getOrDefault(user, Map.of()).keySet()) {
            Account a = accounts.get(id);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("accountId", a.accountId());
            m.put("accountName", a.accountName());
            m.put("emailAddress", a.emailAddress());
            all.add(m);
        }
        return page("accounts", "accountList", all, user, null, q);
    }

    private Map<String, Object> listAccountRoles(PortalUser user, Map<String, String> q) {
        String accountId = q.get("account_id");
        if (accountId == null) {
            throw new Fault(SsoError.invalidRequest("account_id is required"));
        }
        Set<String> sets = assignments.getOrDefault(user, Map.of()).get(accountId);
        if (sets == null) {
            // Not verified against AWS: modelled like GetRoleCredentials for an unassigned account.
            throw new Fault(SsoError.forbidden());
        }
        List<Map<String, Object>> all = new ArrayList<>();
        for (String ps : sets) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("roleName", ps);
            m.put("accountId", accountId);
            all.add(m);
        }
        return page("roles", "roleList", all, user, accountId, q);
    }

    private Map<String, Object> page(String kind, String listName, List<Map<String, Object>> all,
            PortalUser user, String accountId, Map<String, String> q) {
        int limit = pageSize;
        String max = q.get("max_result");
        if (max != null) {
            int n;
            try {
                n = Integer.parseInt(max);
            } catch (NumberFormatException e) {
                throw new Fault(SsoError.invalidRequest("max_result must be a number"));
            }
            if (n < 1 || n > 100) {
                throw new Fault(SsoError.invalidRequest("max_result must be between 1 and 100"));
            }
            limit = Math.min(n, pageSize);
        }
        int start = 0;
        String next = q.get("next_token");
        if (next != null) {
            PageCursor cursor = cursors.remove(next);
            if (cursor == null || !cursor.kind().equals(kind) || !cursor.user().equals(user)
                    || !Objects.equals(cursor.accountId(), accountId)) {
                throw new Fault(SsoError.invalidRequest("Invalid next token"));
            }
            start = cursor.offset();
        }
        int end = Math.min(all.size(), start + limit);
        String nextToken = null;
        if (end < all.size()) {
            nextToken = randomUrlSafe(24);
            cursors.put(nextToken, new PageCursor(kind, user, accountId, end));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nextToken", nextToken);
        out.put(listName, start >= all.size() ? List.of() : all.subList(start, end));
        return out;
    }

    private Map<String, Object> getRoleCredentials(PortalUser user, Map<String, String> q,
            Instant now) {
        String accountId = q.get("account_id");
        String roleName = q.get("role_name");
        if (accountId == null || roleName == null) {
            throw new Fault(SsoError.invalidRequest("account_id and role_name are required"));
        }
        Set<String> sets = assignments.getOrDefault(user, Map.of()).get(accountId);
        if (sets == null || !sets.contains(roleName)) {
            throw new Fault(SsoError.forbidden());
        }
        String keyId;
        String secret;
        String token;
        Instant expiration;
        if (sts != null) {
            FakeSts.Role role = sts.findRole(ssoRoleArn(accountId, roleName)).orElseThrow();
            FakeSts.IssuedCredentials c = sts.issueRoleSession(role, user.userName(),
                    roleSessionDuration);
            keyId = c.accessKeyId();
            secret = c.secretAccessKey();
            token = c.sessionToken();
            expiration = c.expiration();
        } else {
            // Without STS the credentials are well-formed but accepted nowhere.
            keyId = "ASIA" + randomUpper(16);
            secret = randomUrlSafe(30).substring(0, 40);
            token = "IQoJb3JpZ2luX2VjE" + randomUrlSafe(300);
            expiration = now.plus(roleSessionDuration).truncatedTo(ChronoUnit.SECONDS);
        }
        Map<String, Object> creds = new LinkedHashMap<>();
        creds.put("accessKeyId", keyId);
        creds.put("secretAccessKey", secret);
        creds.put("sessionToken", token);
        creds.put("expiration", expiration.toEpochMilli());
        return Map.of("roleCredentials", creds);
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    private SsoError takeInjected(String action) {
        for (var it = injected.iterator(); it.hasNext(); ) {
            Injected i = it.next();
            if (i.action() == null || i.action().equals(action)) {
                it.remove();
                return i.error();
            }
        }
        return null;
    }

    private void record(Instant at, String action, String grant, String user,
            Map<String, String> params, int status, String errorCode) {
        calls.add(new Call(at, action, grant, user, Collections.unmodifiableMap(
                new LinkedHashMap<>(params)), status, errorCode));
    }

    private PortalUser requireUser(PortalUser user) {
        if (user == null || !users.containsKey(user.userName())) {
            throw new IllegalArgumentException("unknown portal user");
        }
        return user;
    }

    private PortalUser requireSignedIn() {
        if (signedIn == null) {
            throw new IllegalStateException("add a portal user first: nobody is signed in");
        }
        return signedIn;
    }

    private static Token requireToken(Map<String, Token> tokens, String value) {
        Token t = value == null ? null : tokens.get(value);
        if (t == null) {
            throw new IllegalArgumentException("the fake issued no such token");
        }
        return t;
    }

    private static String normalizeUserCode(String code) {
        String c = code.trim().toUpperCase(Locale.ROOT).replace("-", "");
        return c.length() == 8 ? c.substring(0, 4) + "-" + c.substring(4) : c;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static boolean pkceMatches(String verifier, String challenge) {
        if (verifier.length() < 43 || verifier.length() > 128
                || !verifier.matches("[A-Za-z0-9._~-]+")) {
            return false;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII));
            String computed = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
            return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                    challenge.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> jsonBody(Request r) {
        String text = new String(r.body(), StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            return Map.of();
        }
        try {
            Map<String, Object> m = JSON.std.mapFrom(text);
            return m == null ? Map.of() : m;
        } catch (IOException | RuntimeException e) {
            throw new Fault(SsoError.invalidRequest("The request body is not valid JSON"));
        }
    }

    private static String string(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new Fault(SsoError.invalidRequest(key + " must be a string"));
        }
        return s;
    }

    private static List<String> strings(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list) || list.stream().anyMatch(x -> !(x instanceof String))) {
            throw new Fault(SsoError.invalidRequest(key + " must be a list of strings"));
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(k, v);
            } catch (IllegalArgumentException e) {
                // a malformed pair is ignored, as lenient servers do
            }
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String randomUrlSafe(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private String randomUpper(int n) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(chars.charAt(random.nextInt(chars.length())));
        }
        return sb.toString();
    }

    private static Map<String, String> headers(Instant now, Map<String, String> extra) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Date", HTTP_DATE.format(now));
        h.put("x-amzn-RequestId", UUID.randomUUID().toString());
        h.putAll(extra);
        return h;
    }

    private static Response json(int status, Object body, Map<String, String> extra, Instant now) {
        Map<String, String> h = headers(now, extra);
        h.put("Content-Type", "application/json");
        try {
            return new Response(status, h, JSON_WRITER.asBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response html(int status, String html, Instant now) {
        Map<String, String> h = headers(now, Map.of());
        h.put("Content-Type", "text/html; charset=utf-8");
        h.put("Cache-Control", "no-store");
        return new Response(status, h, html.getBytes(StandardCharsets.UTF_8));
    }

    private static Response redirect(String location, Instant now) {
        Map<String, String> h = headers(now, Map.of());
        h.put("Location", location);
        h.put("Cache-Control", "no-store");
        return new Response(302, h, new byte[0]);
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + esc(title) + " | FakeAwsSso</title></head>\n<body><h1>" + esc(title) + "</h1>\n"
                + body + "\n</body></html>\n";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
