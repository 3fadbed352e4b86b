package atmos.exec;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.BrowserHandOff;
import atmos.testing.Cli;
import atmos.testing.FakeAwsSso;
import atmos.testing.HeadlessChromium;
import atmos.testing.SsoWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person signing in for real: atmos (its own process) opens the browser through $BROWSER, and
 * Debian's Chromium, driven headless, shows the approval page and clicks Allow.
 */
class RealBrowserLoginTest {
    @TempDir
    Path tmp;

    SsoWorld world;
    FakeAwsSso sso;
    BrowserHandOff handOff;

    @BeforeEach
    void setUp() throws Exception {
        HeadlessChromium.requireInstalled();
        world = SsoWorld.start(tmp, "chromium", "{id: \"800000000001\"}", Duration.ofHours(8));
        sso = world.sso;
        handOff = BrowserHandOff.create(Files.createDirectories(tmp.resolve("browser")));
        world.env.putAll(handOff.env());
    }

    @AfterEach
    void tearDown() {
        if (world != null) {
            world.close();
        }
    }

    private Cli.Result signIn(String flow, String allowButton) throws Exception {
        CompletableFuture<Cli.Result> atmos = CompletableFuture.supplyAsync(() -> {
            try {
                return world.atmos("", "auth", "login", "--auth-flow", flow);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        String url = handOff.awaitUrl(Duration.ofSeconds(180));
        try (HeadlessChromium chromium = HeadlessChromium.start(Files.createDirectories(tmp.resolve("chromium")))) {
            chromium.open(url).click(allowButton);
            if (flow.equals("device-code")) {
                // The decision is recorded when the page says so: closing the browser before that could drop the form post.
                assertThat(chromium.text("#approved")).startsWith("Request approved");
            } else {
                chromium.waitForUrl(u -> u.startsWith("http://127.0.0.1:") && u.contains("/oauth/callback"), Duration.ofSeconds(30));
                assertThat(chromium.pageSource()).contains("You can close this window");
            }
        }
        return atmos.get(300, TimeUnit.SECONDS);
    }

    @Test
    void theDeviceApprovalPageIsApprovedInChromium() throws Exception {
        Cli.Result r = signIn("device-code", "#allow");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("Your browser has been opened").contains("Authentication successful");
        assertThat(handOff.urls()).hasSize(1);
        assertThat(sso.successCount("CreateToken", FakeAwsSso.DEVICE_CODE_GRANT)).isEqualTo(1);
        assertThat(sso.successCount("GetRoleCredentials")).isEqualTo(1);
    }

    @Test
    void theAuthorizationCodeFlowRedirectsChromiumBackToAtmos() throws Exception {
        Cli.Result r = signIn("authorization-code", "#allow");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(sso.successCount("CreateToken", FakeAwsSso.AUTHORIZATION_CODE_GRANT)).isEqualTo(1);
        assertThat(sso.count("StartDeviceAuthorization")).isZero();
    }
}
