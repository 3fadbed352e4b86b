package atmos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.testing.LoopbackHttpServer.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.model.AccessDeniedException;
import software.amazon.awssdk.services.ssooidc.model.AuthorizationPendingException;
import software.amazon.awssdk.services.ssooidc.model.CreateTokenResponse;
import software.amazon.awssdk.services.ssooidc.model.RegisterClientResponse;
import software.amazon.awssdk.services.ssooidc.model.StartDeviceAuthorizationResponse;

/**
 * Drives {@link FakeAwsSso}'s pages with a real headless Chromium, the way a user finishes an
 * AWS SSO login in a browser. One browser serves the whole class (it takes a second to start).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HeadlessChromiumTest {
    @TempDir static Path tmp;
    static HeadlessChromium browser;

    FakeAwsSso sso;
    SsoOidcClient oidc;

    @BeforeAll
    static void startBrowser() {
        HeadlessChromium.requireInstalled();
        browser = HeadlessChromium.start(tmp);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void setUp() {
        // The system clock, and no minimum polling interval: these tests poll right after a click.
        sso = FakeAwsSso.builder().pollInterval(Duration.ZERO).build();
        sso.addUser("alice@example.com");
        oidc = SsoOidcClient.builder()
                .endpointOverride(URI.create(sso.oidcEndpoint()))
                .region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .build();
    }

    @AfterEach
    void tearDown() {
        oidc.close();
        sso.close();
    }

    RegisterClientResponse registerForDevice() {
        return oidc.registerClient(r -> r.clientName("atmos-browser-test").clientType("public")
                .scopes(FakeAwsSso.ACCOUNT_ACCESS_SCOPE)
                .grantTypes(FakeAwsSso.DEVICE_CODE_GRANT, FakeAwsSso.REFRESH_TOKEN_GRANT));
    }

    StartDeviceAuthorizationResponse start(RegisterClientResponse client) {
        return oidc.startDeviceAuthorization(r -> r.clientId(client.clientId())
                .clientSecret(client.clientSecret()).startUrl(sso.startUrl()));
    }

    CreateTokenResponse poll(RegisterClientResponse client, StartDeviceAuthorizationResponse d) {
        return oidc.createToken(r -> r.clientId(client.clientId()).clientSecret(client.clientSecret())
                .grantType(FakeAwsSso.DEVICE_CODE_GRANT).deviceCode(d.deviceCode()));
    }

    /** What the main code's browser hook does: run {@code $BROWSER url}. */
    static int runBrowserCommand(Map<String, String> env, String url) throws Exception {
        Process p = new ProcessBuilder(env.get("BROWSER"), url).redirectErrorStream(true).start();
        return p.waitFor();
    }

    @Test
    void clicking_allow_on_the_verification_page_lets_the_pending_create_token_succeed()
            throws Exception {
        RegisterClientResponse client = registerForDevice();
        StartDeviceAuthorizationResponse device = start(client);
        assertThatThrownBy(() -> poll(client, device))
                .isInstanceOf(AuthorizationPendingException.class);

        BrowserHandOff handOff = BrowserHandOff.create(tmp);
        assertThat(runBrowserCommand(handOff.env(), device.verificationUriComplete())).isZero();
        String url = handOff.awaitUrl(Duration.ofSeconds(60));
        assertThat(url).isEqualTo(device.verificationUriComplete());

        browser.open(url);
        assertThat(browser.text("#user-code")).isEqualTo(device.userCode());
        assertThat(browser.text("#user")).isEqualTo("alice@example.com");
        browser.click("#allow");
        assertThat(browser.text("#approved")).startsWith("Request approved");

        CreateTokenResponse token = poll(client, device);
        assertThat(token.accessToken()).startsWith("aoa");
        assertThat(token.refreshToken()).startsWith("aor");
        assertThat(sso.count("DevicePage")).isEqualTo(1);
        assertThat(sso.successCount("DeviceDecision")).isEqualTo(1);
    }

    @Test
    void clicking_deny_makes_the_pending_create_token_fail_with_access_denied() {
        RegisterClientResponse client = registerForDevice();
        StartDeviceAuthorizationResponse device = start(client);

        browser.open(device.verificationUriComplete()).click("#deny");

        assertThat(browser.text("#denied")).isEqualTo("Request denied.");
        assertThatThrownBy(() -> poll(client, device)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void a_user_can_type_the_code_on_the_plain_verification_page() {
        RegisterClientResponse client = registerForDevice();
        StartDeviceAuthorizationResponse device = start(client);

        browser.open(device.verificationUri())
                .type("#user_code", device.userCode().toLowerCase().replace("-", ""))
                .click("#next");
        assertThat(browser.text("#user-code")).isEqualTo(device.userCode());
        browser.click("#allow");
        // The decision is recorded when the page says so; polling before that races the click.
        assertThat(browser.text("#approved")).startsWith("Request approved");

        assertThat(poll(client, device).accessToken()).isNotBlank();
        assertThat(sso.count("DevicePage")).isEqualTo(2);
    }

    @Test
    void allowing_an_authorization_request_redirects_the_browser_to_the_loopback_callback()
            throws Exception {
        List<String> callbacks = new CopyOnWriteArrayList<>();
        try (LoopbackHttpServer callback = new LoopbackHttpServer("callback", request -> {
            if (request.rawPath().equals("/oauth/callback")) { // not the browser's /favicon.ico
                callbacks.add(request.rawTarget());
            }
            return new Response(200, Map.of("Content-Type", "text/html; charset=utf-8"),
                    "<p id=\"done\">You can close this window.</p>".getBytes(StandardCharsets.UTF_8));
        })) {
            RegisterClientResponse client = oidc.registerClient(r -> r.clientName("atmos-browser-test")
                    .clientType("public").scopes(FakeAwsSso.ACCOUNT_ACCESS_SCOPE)
                    .grantTypes(FakeAwsSso.AUTHORIZATION_CODE_GRANT, FakeAwsSso.REFRESH_TOKEN_GRANT)
                    .redirectUris("http://127.0.0.1/oauth/callback").issuerUrl(sso.startUrl()));
            String redirect = "http://127.0.0.1:" + callback.port() + "/oauth/callback";
            byte[] raw = new byte[48];
            new SecureRandom().nextBytes(raw);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            String authorize = sso.oidcEndpoint() + "/authorize?response_type=code&client_id="
                    + client.clientId() + "&redirect_uri=" + enc(redirect) + "&state=state-42"
                    + "&code_challenge_method=S256&scopes=" + enc(FakeAwsSso.ACCOUNT_ACCESS_SCOPE)
                    + "&code_challenge=" + challenge;

            browser.open(authorize);
            assertThat(browser.text("#scopes")).isEqualTo(FakeAwsSso.ACCOUNT_ACCESS_SCOPE);
            browser.click("#allow");
            browser.waitForUrl(u -> u.startsWith(redirect), Duration.ofSeconds(60));

            assertThat(browser.text("#done")).isEqualTo("You can close this window.");
            assertThat(callbacks).hasSize(1);
            Map<String, String> q = query(URI.create(callbacks.get(0)).getRawQuery());
            assertThat(q).containsEntry("state", "state-42").containsKey("code");
            CreateTokenResponse token = oidc.createToken(r -> r.clientId(client.clientId())
                    .clientSecret(client.clientSecret()).grantType(FakeAwsSso.AUTHORIZATION_CODE_GRANT)
                    .code(q.get("code")).redirectUri(redirect).codeVerifier(verifier));
            assertThat(token.accessToken()).startsWith("aoa");
            assertThat(sso.count("AuthorizePage")).isEqualTo(1);
            assertThat(sso.calls("AuthorizeDecision").get(0).status()).isEqualTo(302);
        }
    }

    @Test
    void the_browser_can_show_what_the_user_sees() {
        RegisterClientResponse client = registerForDevice();
        StartDeviceAuthorizationResponse device = start(client);

        Path png = browser.open(device.verificationUriComplete())
                .screenshot(tmp.resolve("verification-page.png"));

        assertThat(png).exists();
        assertThat(browser.title()).isEqualTo("Authorize request | FakeAwsSso");
        assertThat(browser.has("#allow")).isTrue();
        assertThat(browser.has("#no-such-thing")).isFalse();
        assertThat(Files.isDirectory(browser.profile())).isTrue();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : raw.split("&")) {
            String[] kv = part.split("=", 2);
            out.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }
}
