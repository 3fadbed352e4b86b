package atmos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import atmos.testing.FakeAwsSso.DeviceStatus;
import atmos.testing.FakeAwsSso.PortalUser;
import com.fasterxml.jackson.jr.ob.JSON;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.model.AccountInfo;
import software.amazon.awssdk.services.sso.model.RoleCredentials;
import software.amazon.awssdk.services.sso.model.RoleInfo;
import software.amazon.awssdk.services.sso.model.SsoException;
import software.amazon.awssdk.services.sso.model.UnauthorizedException;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.model.AccessDeniedException;
import software.amazon.awssdk.services.ssooidc.model.AuthorizationPendingException;
import software.amazon.awssdk.services.ssooidc.model.CreateTokenResponse;
import software.amazon.awssdk.services.ssooidc.model.ExpiredTokenException;
import software.amazon.awssdk.services.ssooidc.model.InvalidClientException;
import software.amazon.awssdk.services.ssooidc.model.InvalidGrantException;
import software.amazon.awssdk.services.ssooidc.model.InvalidRequestException;
import software.amazon.awssdk.services.ssooidc.model.RegisterClientResponse;
import software.amazon.awssdk.services.ssooidc.model.SlowDownException;
import software.amazon.awssdk.services.ssooidc.model.StartDeviceAuthorizationResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** Proves {@link FakeAwsSso} with the real AWS SDK clients, as the main code will use them. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FakeAwsSsoTest {
    static final String DEV = "111111111111";
    static final String PROD = "222222222222";
    static final String REDIRECT = "http://127.0.0.1/oauth/callback";

    FixedClock clock;
    FakeSts sts;
    FakeAwsSso sso;
    PortalUser alice;
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp() {
        clock = FixedClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        sts = FakeSts.start(clock);
        sso = start(FakeAwsSso.builder().sts(sts));
        alignSdkClock();
    }

    /**
     * The fakes answer with a Date from their own clock, and the SDK treats a 401/403 whose Date
     * is more than a few minutes from its own clock as clock skew: it retries once and moves its
     * JVM-wide offset, as it would against AWS. Tests that move the fakes' clock therefore move
     * the SDK's clock with it (before building the client: each client copies the offset when
     * built), so that each request is sent once.
     */
    void alignSdkClock() {
        SdkGlobalTime.setGlobalTimeOffset(
                (int) Duration.between(sso.now(), Instant.now()).getSeconds());
    }

    void advance(Duration d) {
        sso.advance(d);
        alignSdkClock();
    }

    FakeAwsSso start(FakeAwsSso.Builder builder) {
        FakeAwsSso fake = builder.build();
        closeables.add(fake);
        alice = fake.addUser("alice@example.com");
        fake.addAccount(DEV, "dev", "aws+dev@example.com");
        fake.addAccount(PROD, "prod", "aws+prod@example.com");
        fake.assign(alice, DEV, "AdministratorAccess", "ReadOnlyAccess");
        fake.assign(alice, PROD, "ReadOnlyAccess");
        return fake;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        sts.close();
        SdkGlobalTime.setGlobalTimeOffset(0);
    }

    // ----------------------------------------------------------------------------------- helpers

    SsoOidcClient oidc() {
        SsoOidcClient c = SsoOidcClient.builder()
                .endpointOverride(URI.create(sso.oidcEndpoint()))
                .region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .build();
        closeables.add(c);
        return c;
    }

    SsoClient portal() {
        SsoClient c = SsoClient.builder()
                .endpointOverride(URI.create(sso.portalEndpoint()))
                .region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .build();
        closeables.add(c);
        return c;
    }

    StsClient stsAs(RoleCredentials rc) {
        StsClient c = StsClient.builder()
                .endpointOverride(URI.create(sts.endpoint()))
                .region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        rc.accessKeyId(), rc.secretAccessKey(), rc.sessionToken())))
                .build();
        closeables.add(c);
        return c;
    }

    /** Registers like `aws sso login` with an sso-session: scopes, so refresh tokens are issued. */
    RegisterClientResponse register(SsoOidcClient oidc) {
        return oidc.registerClient(r -> r.clientName("atmos-test").clientType("public")
                .scopes(FakeAwsSso.ACCOUNT_ACCESS_SCOPE)
                .grantTypes(FakeAwsSso.DEVICE_CODE_GRANT, FakeAwsSso.REFRESH_TOKEN_GRANT));
    }

    StartDeviceAuthorizationResponse start(SsoOidcClient oidc, RegisterClientResponse client) {
        return oidc.startDeviceAuthorization(r -> r.clientId(client.clientId())
                .clientSecret(client.clientSecret()).startUrl(sso.startUrl()));
    }

    CreateTokenResponse poll(SsoOidcClient oidc, RegisterClientResponse client,
            StartDeviceAuthorizationResponse device) {
        return oidc.createToken(r -> r.clientId(client.clientId()).clientSecret(client.clientSecret())
                .grantType(FakeAwsSso.DEVICE_CODE_GRANT).deviceCode(device.deviceCode()));
    }

    CreateTokenResponse refresh(SsoOidcClient oidc, RegisterClientResponse client, String token) {
        return oidc.createToken(r -> r.clientId(client.clientId()).clientSecret(client.clientSecret())
                .grantType(FakeAwsSso.REFRESH_TOKEN_GRANT).refreshToken(token));
    }

    /** A whole device login approved at once; returns the token response. */
    CreateTokenResponse login(SsoOidcClient oidc, RegisterClientResponse client) {
        StartDeviceAuthorizationResponse device = start(oidc, client);
        sso.approveDevice(device.userCode());
        return poll(oidc, client, device);
    }

    static String verifier() {
        return "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-fixed-for-tests";
    }

    static String challenge(String verifier) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    }

    String authorizeUrl(String clientId, String redirect, String state, String challenge) {
        return sso.oidcEndpoint() + "/authorize?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + enc(redirect) + "&state=" + state
                + "&code_challenge_method=S256&scopes=" + enc(FakeAwsSso.ACCOUNT_ACCESS_SCOPE)
                + "&code_challenge=" + challenge;
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Map<String, String> queryOf(String url) {
        return java.util.Arrays.stream(URI.create(url).getRawQuery().split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0],
                        p -> java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    // ------------------------------------------------------------------------------ registration

    @Test
    void register_client_returns_an_id_a_secret_and_a_ninety_day_expiry_in_epoch_seconds() {
        RegisterClientResponse client = register(oidc());

        assertThat(client.clientId()).isNotBlank();
        assertThat(client.clientSecret()).startsWith("eyJ").hasSizeGreaterThan(100);
        assertThat(client.clientIdIssuedAt()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(client.clientSecretExpiresAt() - client.clientIdIssuedAt())
                .isEqualTo(Duration.ofDays(90).getSeconds());
        assertThat(sso.successCount("RegisterClient")).isEqualTo(1);
    }

    @Test
    void a_client_type_other_than_public_is_rejected() {
        var e = catchThrowableOfType(
                software.amazon.awssdk.services.ssooidc.model.InvalidClientMetadataException.class,
                () -> oidc().registerClient(r -> r.clientName("x").clientType("confidential")));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.error()).isEqualTo("invalid_client_metadata");
    }

    @Test
    void a_wrong_or_expired_client_secret_gets_invalid_client_with_status_401() {
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = register(oidc);

        var wrong = catchThrowableOfType(InvalidClientException.class,
                () -> oidc.startDeviceAuthorization(r -> r.clientId(client.clientId())
                        .clientSecret("eyJnot-the-secret").startUrl(sso.startUrl())));
        assertThat(wrong.statusCode()).isEqualTo(401);
        // The type comes from x-amzn-ErrorType. The JDK's HttpURLConnection hands no body back for a
        // 401 to a streamed POST, so through UrlConnectionHttpClient error() stays null, as it would
        // against AWS; the body itself is pinned in oidc_errors_carry_..._on_the_wire.
        assertThat(wrong.awsErrorDetails().errorCode()).isEqualTo("InvalidClientException");

        advance(Duration.ofDays(90));
        assertThatThrownBy(() -> start(oidc, client)).isInstanceOf(InvalidClientException.class);
    }

    @Test
    void a_start_url_other_than_the_portals_is_rejected() {
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = register(oidc);

        var e = catchThrowableOfType(InvalidRequestException.class,
                () -> oidc.startDeviceAuthorization(r -> r.clientId(client.clientId())
                        .clientSecret(client.clientSecret()).startUrl("https://d-1111111111.awsapps.com/start")));
        assertThat(e.error()).isEqualTo("invalid_request");
        assertThat(start(oidc, client).userCode()).isNotBlank(); // with a trailing slash or not
    }

    // ------------------------------------------------------------------------------ device flow

    @Test
    void the_device_flow_is_pending_until_the_user_approves_then_issues_a_bearer_token() {
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = register(oidc);
        StartDeviceAuthorizationResponse device = start(oidc, client);

        assertThat(device.userCode()).matches("[A-Z]{4}-[A-Z]{4}");
        assertThat(device.verificationUri()).isEqualTo(sso.oidcEndpoint() + "/");
        assertThat(device.verificationUriComplete())
                .isEqualTo(sso.oidcEndpoint() + "/?user_code=" + device.userCode());
        assertThat(device.expiresIn()).isEqualTo(600);
        assertThat(device.interval()).isEqualTo(1);

        var pending = catchThrowableOfType(AuthorizationPendingException.class,
                () -> poll(oidc, client, device));
        assertThat(pending.statusCode()).isEqualTo(400);
        assertThat(pending.error()).isEqualTo("authorization_pending");
        assertThat(pending.errorDescription()).isEqualTo("Authorization is still pending");
        assertThat(pending.awsErrorDetails().errorCode()).isEqualTo("AuthorizationPendingException");
        assertThat(sso.pendingUserCodes()).containsExactly(device.userCode());

        sso.approveDevice(device.userCode());
        advance(Duration.ofSeconds(1));
        CreateTokenResponse token = poll(oidc, client, device);

        assertThat(token.accessToken()).startsWith("aoa");
        assertThat(token.tokenType()).isEqualTo("Bearer");
        assertThat(token.expiresIn()).isEqualTo(8 * 3600);
        assertThat(token.refreshToken()).startsWith("aor");
        assertThat(sso.accessToken(token.accessToken()).orElseThrow().userName())
                .isEqualTo("alice@example.com");
        assertThat(sso.count("CreateToken", "device_code")).isEqualTo(2);
        assertThat(sso.successCount("CreateToken", "device_code")).isEqualTo(1);
        assertThat(sso.errorCount("CreateToken", "AuthorizationPendingException")).isEqualTo(1);
        assertThat(sso.calls("CreateToken").get(1).userName()).isEqualTo("alice@example.com");

        advance(Duration.ofSeconds(1));
        var reused = catchThrowableOfType(InvalidGrantException.class, () -> poll(oidc, client, device));
        assertThat(reused.error()).isEqualTo("invalid_grant");
        assertThat(sso.deviceAuthorizations().get(0).status()).isEqualTo(DeviceStatus.REDEEMED);
    }

    @Test
    void polling_faster_than_the_interval_gets_slow_down_and_the_interval_grows() {
        sso = start(FakeAwsSso.builder().sts(sts).pollInterval(Duration.ofSeconds(2))
                .slowDownIncrement(Duration.ofSeconds(3)));
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = register(oidc);
        StartDeviceAuthorizationResponse device = start(oidc, client);

        assertThatThrownBy(() -> poll(oidc, client, device))
                .isInstanceOf(AuthorizationPendingException.class);
        var slow = catchThrowableOfType(SlowDownException.class, () -> poll(oidc, client, device));
        assertThat(slow.error()).isEqualTo("slow_down");
        assertThat(sso.deviceAuthorizations().get(0).intervalSeconds()).isEqualTo(5);

        advance(Duration.ofSeconds(2)); // the old interval is not enough any more
        assertThatThrownBy(() -> poll(oidc, client, device)).isInstanceOf(SlowDownException.class);
        advance(Duration.ofSeconds(8));
        assertThatThrownBy(() -> poll(oidc, client, device))
                .isInstanceOf(AuthorizationPendingException.class);

        assertThat(sso.calls("CreateToken")).extracting(FakeAwsSso.Call::errorCode).containsExactly(
                "AuthorizationPendingException", "SlowDownException", "SlowDownException",
                "AuthorizationPendingException");
    }

    @Test
    void an_unapproved_device_code_expires_with_expired_token() {
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = register(oidc);
        StartDeviceAuthorizationResponse device = start(oidc, client);

        advance(Duration.ofSeconds(600));
        var e = catchThrowableOfType(ExpiredTokenException.class, () -> poll(oidc, client, device));

        assertThat(e.error()).isEqualTo("expired_token");
        assertThat(sso.deviceAuthorizations().get(0).status()).isEqualTo(DeviceStatus.EXPIRED);
        assertThatThrownBy(() -> sso.approveDevice(device.userCode()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_denied_device_authorization_gets_access_denied() {
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = register(oidc);
        StartDeviceAuthorizationResponse device = start(oidc, client);

        sso.denyDevice(device.userCode());
        var e = catchThrowableOfType(AccessDeniedException.class, () -> poll(oidc, client, device));

        assertThat(e.error()).isEqualTo("access_denied");
        assertThat(e.statusCode()).isEqualTo(400);
    }

    @Test
    void a_device_code_belongs_to_the_client_that_started_it() {
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = register(oidc);
        RegisterClientResponse other = register(oidc);
        StartDeviceAuthorizationResponse device = start(oidc, client);
        sso.approveDevice(device.userCode());

        assertThatThrownBy(() -> poll(oidc, other, device)).isInstanceOf(InvalidGrantException.class);
        assertThat(poll(oidc, client, device).accessToken()).isNotBlank();
    }

    @Test
    void auto_approval_approves_each_device_that_long_after_it_started() {
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = register(oidc);
        sso.autoApproveDevices(Duration.ofSeconds(3));
        StartDeviceAuthorizationResponse device = start(oidc, client);

        assertThatThrownBy(() -> poll(oidc, client, device))
                .isInstanceOf(AuthorizationPendingException.class);
        advance(Duration.ofSeconds(3));
        assertThat(poll(oidc, client, device).accessToken()).isNotBlank();

        sso.autoApproveDevices(null);
        StartDeviceAuthorizationResponse second = start(oidc, client);
        advance(Duration.ofSeconds(3));
        assertThatThrownBy(() -> poll(oidc, client, second))
                .isInstanceOf(AuthorizationPendingException.class);
        assertThat(sso.approveAllPendingDevices()).isEqualTo(1);
    }

    @Test
    void a_client_registered_without_scopes_gets_no_refresh_token_as_with_aws() {
        SsoOidcClient oidc = oidc();
        RegisterClientResponse legacy =
                oidc.registerClient(r -> r.clientName("legacy").clientType("public"));

        CreateTokenResponse token = login(oidc, legacy);

        assertThat(token.accessToken()).isNotBlank();
        assertThat(token.refreshToken()).isNull();
    }

    // ------------------------------------------------------------------------------ refresh

    @Test
    void a_refresh_token_gives_a_new_access_token_and_a_rotated_refresh_token() {
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = register(oidc);
        CreateTokenResponse first = login(oidc, client);

        advance(Duration.ofHours(9));
        assertThat(sso.accessToken(first.accessToken()).orElseThrow().usable()).isFalse();
        CreateTokenResponse second = refresh(oidc, client, first.refreshToken());

        assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(second.refreshToken()).isNotBlank().isNotEqualTo(first.refreshToken());
        assertThat(second.expiresIn()).isEqualTo(8 * 3600);
        assertThat(sso.accessToken(second.accessToken()).orElseThrow().usable()).isTrue();

        var reused = catchThrowableOfType(InvalidGrantException.class,
                () -> refresh(oidc, client, first.refreshToken()));
        assertThat(reused.error()).isEqualTo("invalid_grant");
        assertThat(reused.errorDescription()).isEqualTo("Invalid refresh token provided");
        assertThat(refresh(oidc, client, second.refreshToken()).accessToken()).isNotBlank();
        assertThat(sso.successCount("CreateToken", "refresh_token")).isEqualTo(2);
    }

    @Test
    void a_revoked_or_expired_refresh_token_gets_invalid_grant() {
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = register(oidc);
        CreateTokenResponse revoked = login(oidc, client);
        CreateTokenResponse expired = login(oidc, client);

        sso.revokeRefreshToken(revoked.refreshToken());
        sso.expireRefreshToken(expired.refreshToken());

        assertThatThrownBy(() -> refresh(oidc, client, revoked.refreshToken()))
                .isInstanceOf(InvalidGrantException.class);
        assertThatThrownBy(() -> refresh(oidc, client, expired.refreshToken()))
                .isInstanceOf(InvalidGrantException.class);
    }

    @Test
    void refresh_tokens_expire_after_their_lifetime() {
        sso = start(FakeAwsSso.builder().sts(sts).refreshTokenLifetime(Duration.ofHours(12)));
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = register(oidc);
        CreateTokenResponse token = login(oidc, client);

        advance(Duration.ofHours(12));
        assertThatThrownBy(() -> refresh(oidc, client, token.refreshToken()))
                .isInstanceOf(InvalidGrantException.class);
    }

    // ------------------------------------------------------------------------------ auth code + PKCE

    RegisterClientResponse registerForAuthCode(SsoOidcClient oidc) {
        return oidc.registerClient(r -> r.clientName("atmos-test").clientType("public")
                .scopes(FakeAwsSso.ACCOUNT_ACCESS_SCOPE).redirectUris(REDIRECT)
                .grantTypes(FakeAwsSso.AUTHORIZATION_CODE_GRANT, FakeAwsSso.REFRESH_TOKEN_GRANT)
                .issuerUrl(sso.startUrl()));
    }

    @Test
    void the_authorization_code_flow_with_pkce_issues_tokens_and_rejects_a_wrong_verifier()
            throws Exception {
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = registerForAuthCode(oidc);
        String redirect = "http://127.0.0.1:54321/oauth/callback";

        String back = sso.authorizeAsUser(
                authorizeUrl(client.clientId(), redirect, "state-1", challenge(verifier())));
        assertThat(back).startsWith(redirect + "?code=");
        Map<String, String> q = queryOf(back);
        assertThat(q).containsEntry("state", "state-1");

        var wrong = catchThrowableOfType(InvalidGrantException.class, () -> oidc.createToken(r -> r
                .clientId(client.clientId()).clientSecret(client.clientSecret())
                .grantType(FakeAwsSso.AUTHORIZATION_CODE_GRANT).code(q.get("code"))
                .redirectUri(redirect).codeVerifier(verifier().replace('d', 'e'))));
        assertThat(wrong.error()).isEqualTo("invalid_grant");
        assertThat(wrong.errorDescription()).isEqualTo("Invalid grant provided");

        // The failed redemption burnt that code: a new authorization is needed.
        String again = sso.authorizeAsUser(
                authorizeUrl(client.clientId(), redirect, "state-2", challenge(verifier())));
        String code = queryOf(again).get("code");
        CreateTokenResponse token = oidc.createToken(r -> r.clientId(client.clientId())
                .clientSecret(client.clientSecret()).grantType(FakeAwsSso.AUTHORIZATION_CODE_GRANT)
                .code(code).redirectUri(redirect).codeVerifier(verifier()));

        assertThat(token.accessToken()).startsWith("aoa");
        assertThat(token.refreshToken()).startsWith("aor");
        assertThat(sso.successCount("CreateToken", "authorization_code")).isEqualTo(1);
        assertThatThrownBy(() -> oidc.createToken(r -> r.clientId(client.clientId())
                .clientSecret(client.clientSecret()).grantType(FakeAwsSso.AUTHORIZATION_CODE_GRANT)
                .code(code).redirectUri(redirect).codeVerifier(verifier())))
                .as("a code works once").isInstanceOf(InvalidGrantException.class);
    }

    @Test
    void an_authorization_code_is_bound_to_the_exact_redirect_uri_used_at_authorize() throws Exception {
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = registerForAuthCode(oidc);
        String back = sso.authorizeAsUser(authorizeUrl(client.clientId(),
                "http://127.0.0.1:40000/oauth/callback", "s", challenge(verifier())));

        assertThatThrownBy(() -> oidc.createToken(r -> r.clientId(client.clientId())
                .clientSecret(client.clientSecret()).grantType(FakeAwsSso.AUTHORIZATION_CODE_GRANT)
                .code(queryOf(back).get("code")).redirectUri("http://127.0.0.1:40001/oauth/callback")
                .codeVerifier(verifier()))).isInstanceOf(InvalidGrantException.class);
    }

    @Test
    void the_authorize_page_refuses_unknown_redirect_uris_and_redirects_a_denial_with_access_denied()
            throws Exception {
        RegisterClientResponse client = registerForAuthCode(oidc());

        assertThatThrownBy(() -> sso.authorizeAsUser(authorizeUrl(client.clientId(),
                "http://127.0.0.1:5000/elsewhere", "s", challenge(verifier()))))
                .isInstanceOf(IllegalArgumentException.class);
        String denied = sso.denyAsUser(authorizeUrl(client.clientId(),
                "http://127.0.0.1:5000/oauth/callback", "s", challenge(verifier())));
        assertThat(queryOf(denied)).containsEntry("error", "access_denied").containsEntry("state", "s");
        String plain = sso.oidcEndpoint() + "/authorize?response_type=code&client_id="
                + client.clientId() + "&redirect_uri=" + enc("http://127.0.0.1:5000/oauth/callback")
                + "&state=s"; // no PKCE challenge
        assertThat(queryOf(sso.authorizeAsUser(plain))).containsEntry("error", "invalid_request");
    }

    @Test
    void a_device_flow_client_may_not_use_the_authorization_code_grant() throws Exception {
        RegisterClientResponse client = register(oidc());
        // Registered without redirect URIs, so the page cannot even redirect back.
        assertThatThrownBy(() -> sso.authorizeAsUser(authorizeUrl(client.clientId(),
                "http://127.0.0.1:5000/oauth/callback", "s", challenge(verifier()))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------ portal

    @Test
    void list_accounts_pages_through_every_assigned_account() {
        sso = start(FakeAwsSso.builder().sts(sts).pageSize(2));
        for (int i = 3; i <= 5; i++) {
            String id = String.valueOf(i).repeat(12);
            sso.addAccount(id, "acct" + i, "aws+" + i + "@example.com");
            sso.assign(alice, id, "ReadOnlyAccess");
        }
        String token = login(oidc(), register(oidc())).accessToken();

        List<AccountInfo> accounts = portal().listAccountsPaginator(r -> r.accessToken(token))
                .accountList().stream().toList();

        assertThat(accounts).extracting(AccountInfo::accountId)
                .containsExactly(DEV, PROD, "333333333333", "444444444444", "555555555555");
        assertThat(accounts.get(0).accountName()).isEqualTo("dev");
        assertThat(accounts.get(0).emailAddress()).isEqualTo("aws+dev@example.com");
        assertThat(sso.count("ListAccounts")).isEqualTo(3);
        assertThat(sso.calls("ListAccounts").get(1).parameters()).containsKey("next_token");
    }

    @Test
    void list_account_roles_lists_the_permission_sets_of_one_account_page_by_page() {
        sso = start(FakeAwsSso.builder().sts(sts).pageSize(1));
        String token = login(oidc(), register(oidc())).accessToken();

        List<RoleInfo> roles = portal().listAccountRolesPaginator(r -> r.accessToken(token)
                .accountId(DEV)).roleList().stream().toList();

        assertThat(roles).extracting(RoleInfo::roleName)
                .containsExactly("AdministratorAccess", "ReadOnlyAccess");
        assertThat(roles).extracting(RoleInfo::accountId).containsOnly(DEV);
        assertThat(sso.count("ListAccountRoles")).isEqualTo(2);
        assertThat(sso.calls("ListAccountRoles").get(0).parameters())
                .containsEntry("account_id", DEV);
    }

    @Test
    void get_role_credentials_returns_a_session_with_an_expiration_in_epoch_millis() {
        String token = login(oidc(), register(oidc())).accessToken();

        RoleCredentials rc = portal().getRoleCredentials(r -> r.accessToken(token).accountId(DEV)
                .roleName("AdministratorAccess")).roleCredentials();

        assertThat(rc.accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(rc.secretAccessKey()).hasSize(40);
        assertThat(rc.sessionToken()).isNotBlank();
        assertThat(Instant.ofEpochMilli(rc.expiration())).isEqualTo(clock.instant().plusSeconds(3600));
        assertThat(sso.calls("GetRoleCredentials").get(0).parameters())
                .containsEntry("account_id", DEV).containsEntry("role_name", "AdministratorAccess");
    }

    @Test
    void a_role_or_account_not_assigned_to_the_user_gets_403_forbidden_no_access_as_from_aws() {
        String token = login(oidc(), register(oidc())).accessToken();
        SsoClient portal = portal();

        var role = catchThrowableOfType(SsoException.class, () -> portal.getRoleCredentials(r -> r
                .accessToken(token).accountId(PROD).roleName("AdministratorAccess")));
        var account = catchThrowableOfType(SsoException.class, () -> portal.getRoleCredentials(r -> r
                .accessToken(token).accountId("999999999999").roleName("ReadOnlyAccess")));

        for (SsoException e : List.of(role, account)) {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ForbiddenException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("No access");
        }
    }

    @Test
    void an_expired_or_revoked_access_token_gets_401_unauthorized() {
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = register(oidc);
        String expired = login(oidc, client).accessToken();
        String revoked = login(oidc, client).accessToken();

        advance(Duration.ofHours(8));
        sso.revokeAccessToken(revoked);
        SsoClient portal = portal(); // an SDK client takes the JVM-wide clock offset when built
        for (String token : List.of(expired, revoked, "aoa-never-issued")) {
            var e = catchThrowableOfType(UnauthorizedException.class,
                    () -> portal.listAccounts(r -> r.accessToken(token)));
            assertThat(e.statusCode()).isEqualTo(401);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Session token not found or invalid");
        }
        assertThat(sso.errorCount("ListAccounts", "UnauthorizedException")).isEqualTo(3);
    }

    @Test
    void logout_invalidates_the_access_token_and_its_sign_in_session() {
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = register(oidc);
        CreateTokenResponse token = login(oidc, client);
        SsoClient portal = portal();

        portal.logout(r -> r.accessToken(token.accessToken()));

        assertThatThrownBy(() -> portal.listAccounts(r -> r.accessToken(token.accessToken())))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> refresh(oidc, client, token.refreshToken()))
                .isInstanceOf(InvalidGrantException.class);
        assertThat(sso.successCount("Logout")).isEqualTo(1);
    }

    @Test
    void an_injected_too_many_requests_is_retried_by_the_sdk() {
        String token = login(oidc(), register(oidc())).accessToken();
        sso.failNext("GetRoleCredentials", 1, SsoError.tooManyRequests());

        RoleCredentials rc = portal().getRoleCredentials(r -> r.accessToken(token).accountId(DEV)
                .roleName("ReadOnlyAccess")).roleCredentials();

        assertThat(rc.accessKeyId()).isNotBlank();
        assertThat(sso.count("GetRoleCredentials")).isEqualTo(2);
        assertThat(sso.errorCount("GetRoleCredentials", "TooManyRequestsException")).isEqualTo(1);
    }

    @Test
    void injected_oidc_failures_use_the_oauth_error_body() {
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = register(oidc);
        sso.failNext("StartDeviceAuthorization", 1, SsoError.slowDown());

        var e = catchThrowableOfType(SlowDownException.class, () -> start(oidc, client));
        assertThat(e.error()).isEqualTo("slow_down");
        assertThat(start(oidc, client).userCode()).isNotBlank();
    }

    // ------------------------------------------------------------------------------ STS interop

    @Test
    void role_credentials_are_a_real_fake_sts_session_of_the_reserved_sso_role() {
        String token = login(oidc(), register(oidc())).accessToken();
        RoleCredentials rc = portal().getRoleCredentials(r -> r.accessToken(token).accountId(DEV)
                .roleName("AdministratorAccess")).roleCredentials();

        var me = stsAs(rc).getCallerIdentity();

        assertThat(me.account()).isEqualTo(DEV);
        assertThat(me.arn()).matches("arn:aws:sts::111111111111:assumed-role/"
                + "AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}/alice@example\\.com");
        assertThat(me.arn()).contains(sso.ssoRoleName(DEV, "AdministratorAccess"));
        assertThat(sso.ssoRoleArn(DEV, "AdministratorAccess")).matches(
                "arn:aws:iam::111111111111:role/aws-reserved/sso\\.amazonaws\\.com/"
                + "AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}");
        assertThat(me.userId()).startsWith("AROA").endsWith(":alice@example.com");
    }

    @Test
    void an_sso_session_may_assume_a_role_that_trusts_the_permission_set_role() {
        sts.role("arn:aws:iam::" + PROD + ":role/Deployer")
                .trust(sso.ssoRoleArn(DEV, "AdministratorAccess")).create();
        String token = login(oidc(), register(oidc())).accessToken();
        SsoClient portal = portal();
        RoleCredentials admin = portal.getRoleCredentials(r -> r.accessToken(token).accountId(DEV)
                .roleName("AdministratorAccess")).roleCredentials();
        RoleCredentials readOnly = portal.getRoleCredentials(r -> r.accessToken(token).accountId(DEV)
                .roleName("ReadOnlyAccess")).roleCredentials();

        AssumeRoleResponse deployer = stsAs(admin).assumeRole(r -> r
                .roleArn("arn:aws:iam::" + PROD + ":role/Deployer").roleSessionName("deploy"));

        assertThat(deployer.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/Deployer/deploy");
        assertThatThrownBy(() -> stsAs(readOnly).assumeRole(r -> r
                .roleArn("arn:aws:iam::" + PROD + ":role/Deployer").roleSessionName("deploy")))
                .isInstanceOfSatisfying(StsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    }

    @Test
    void role_credentials_stop_working_at_their_expiration() {
        String token = login(oidc(), register(oidc())).accessToken();
        RoleCredentials rc = portal().getRoleCredentials(r -> r.accessToken(token).accountId(DEV)
                .roleName("ReadOnlyAccess")).roleCredentials();

        clock.advance(Duration.ofHours(1)); // the shared clock moves both fakes
        alignSdkClock();

        assertThatThrownBy(() -> stsAs(rc).getCallerIdentity()).isInstanceOfSatisfying(
                StsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken"));
    }

    @Test
    void fake_sts_mints_a_role_session_for_another_service_by_account_and_role_name() {
        FakeSts.IssuedCredentials c = sts.issueRoleSession(PROD, "Plain", "bob", Duration.ofMinutes(15));
        assertThat(sts.calls()).as("minted outside the STS API").isEmpty();
        RoleCredentials rc = RoleCredentials.builder().accessKeyId(c.accessKeyId())
                .secretAccessKey(c.secretAccessKey()).sessionToken(c.sessionToken()).build();

        assertThat(stsAs(rc).getCallerIdentity().arn())
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/Plain/bob");
        assertThat(c.expiration()).isEqualTo(clock.instant().plusSeconds(900));
        assertThat(c.toString()).doesNotContain(c.secretAccessKey()).doesNotContain(c.sessionToken());
        assertThat(sts.findRole("arn:aws:iam::222222222222:role/Plain")).isPresent();
    }

    @Test
    void without_sts_role_credentials_are_well_formed_but_accepted_nowhere() {
        sso = start(FakeAwsSso.builder().clock(clock));
        String token = login(oidc(), register(oidc())).accessToken();
        RoleCredentials rc = portal().getRoleCredentials(r -> r.accessToken(token).accountId(DEV)
                .roleName("ReadOnlyAccess")).roleCredentials();

        assertThat(rc.accessKeyId()).startsWith("ASIA");
        assertThatThrownBy(() -> stsAs(rc).getCallerIdentity()).isInstanceOfSatisfying(
                StsException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
    }

    // ------------------------------------------------------------------------------ wire and pages

    @Test
    void oidc_errors_carry_the_aws_error_type_header_and_oauth_body_on_the_wire() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create(sso.oidcEndpoint() + "/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"clientId\":\"nobody\",\"clientSecret\":\"x\",\"grantType\":\"refresh_token\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue(
                "InvalidClientException:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(JSON.std.mapFrom(r.body())).containsOnlyKeys("error", "error_description")
                .containsEntry("error", "invalid_client");
    }

    @Test
    void portal_errors_carry_the_error_type_header_and_a_message_body_on_the_wire() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create(sso.portalEndpoint() + "/assignment/accounts?max_result=10"))
                .header("x-amz-sso_bearer_token", "aoa-wrong").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue(
                "UnauthorizedException:http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/");
        assertThat(JSON.std.mapFrom(r.body()))
                .containsEntry("message", "Session token not found or invalid")
                .containsEntry("__type", "com.amazonaws.switchboard.portal#UnauthorizedException");
    }

    @Test
    void the_verification_page_shows_the_code_and_its_allow_button_approves_the_device()
            throws Exception {
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = register(oidc);
        StartDeviceAuthorizationResponse device = start(oidc, client);
        HttpClient http = HttpClient.newHttpClient();

        String page = http.send(HttpRequest.newBuilder(URI.create(device.verificationUriComplete()))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains(device.userCode()).contains("id=\"allow\"").contains("id=\"deny\"")
                .contains("alice@example.com").doesNotContain(device.deviceCode());

        HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(
                        URI.create(sso.oidcEndpoint() + "/device/decision"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "user_code=" + device.userCode() + "&decision=allow")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.body()).contains("id=\"approved\"");

        assertThat(poll(oidc, client, device).accessToken()).isNotBlank();
        assertThat(sso.count("DevicePage")).isEqualTo(1);
        assertThat(sso.successCount("DeviceDecision")).isEqualTo(1);
    }

    @Test
    void nothing_the_fake_logs_or_prints_contains_a_secret() throws Exception {
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = register(oidc);
        StartDeviceAuthorizationResponse device = start(oidc, client);
        sso.approveDevice(device.userCode());
        CreateTokenResponse token = poll(oidc, client, device);
        CreateTokenResponse refreshed = refresh(oidc, client, token.refreshToken());
        RoleCredentials rc = portal().getRoleCredentials(r -> r.accessToken(refreshed.accessToken())
                .accountId(DEV).roleName("ReadOnlyAccess")).roleCredentials();
        portal().logout(r -> r.accessToken(refreshed.accessToken()));

        String everything = sso.calls() + " " + sso + " " + sso.deviceAuthorizations() + " "
                + sso.accessToken(token.accessToken());
        for (String secret : List.of(client.clientSecret(), device.deviceCode(), token.accessToken(),
                token.refreshToken(), refreshed.accessToken(), refreshed.refreshToken(),
                rc.secretAccessKey(), rc.sessionToken())) {
            assertThat(everything).doesNotContain(secret);
        }
    }
}
