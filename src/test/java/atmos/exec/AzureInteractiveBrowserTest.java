package atmos.exec;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.credentials.AzureCredentials;
import atmos.credentials.CredentialCodec;
import atmos.testing.AzureWorld;
import atmos.testing.Cli;
import atmos.testing.FakeAzure;
import atmos.testing.HeadlessChromium;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * azure/interactive with a person at a real browser: atmos (through MSAL4J) opens the authorize page,
 * Debian's Chromium (headless, accepting only the fake's certificate) shows it, the person picks Accept,
 * and the fake redirects the browser to MSAL's loopback listener with the code, which atmos redeems
 * with its PKCE verifier.
 */
class AzureInteractiveBrowserTest {
    @TempDir
    Path tmp;

    AzureWorld world;
    FakeAzure azure;

    @BeforeEach
    void setUp() {
        HeadlessChromium.requireInstalled();
        world = new AzureWorld(tmp);
        azure = world.azure;
        azure.browserUser(world.alice);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void aPersonSignsInInChromiumAndTheLoopbackRedirectCompletesTheLogin() throws Exception {
        LinkedBlockingQueue<URI> opened = new LinkedBlockingQueue<>();
        atmos.system.Browser browser = new atmos.system.Browser() {
            public boolean available() {
                return true;
            }

            public boolean open(URI url) {
                opened.add(url);
                return true;
            }
        };
        CompletableFuture<Cli.Result> login = CompletableFuture.supplyAsync(() -> world.atmos(browser, "auth", "login", "-i", "dev-web"));
        URI url = opened.poll(60, TimeUnit.SECONDS);
        assertThat(url).as("atmos opened the browser").isNotNull();
        assertThat(url.toString()).startsWith(azure.authorityHost() + "/" + world.contoso.id() + "/oauth2/v2.0/authorize?")
                .contains("code_challenge_method=S256").contains("redirect_uri=http%3A%2F%2Flocalhost%3A");
        try (HeadlessChromium chromium = HeadlessChromium.start(Files.createDirectories(tmp.resolve("chromium")),
                List.of("--ignore-certificate-errors-spki-list=" + azure.certificate().spkiSha256()))) {
            chromium.open(url.toString());
            assertThat(chromium.text("#who")).isEqualTo(world.alice.upn());
            chromium.click("#allow");
            chromium.waitForUrl(u -> u.startsWith("http://localhost:"), Duration.ofSeconds(30));
            assertThat(chromium.pageSource()).as(chromium.currentUrl()).contains("You can close this window");
        }
        Cli.Result r = login.get(90, TimeUnit.SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("Opening your browser to sign in to azure-web").contains("Authentication successful");
        assertThat(azure.tokens("authorization_code")).isEqualTo(1);
        assertThat(azure.tokens(FakeAzure.DEVICE_GRANT)).isZero();
        AzureCredentials provider = (AzureCredentials) CredentialCodec.decode(world.keyring.get("atmos_az_azure-web").orElseThrow()).orElseThrow();
        assertThat(provider.authMethod()).isEqualTo("interactive");
        assertThat(provider.username()).isEqualTo(world.alice.upn());
        String cache = Files.readString(world.host.home().resolve(".config/atmos/az/azure/azure-web/dev-web/msal_token_cache.json"));
        assertThat(cache).contains("\"account_source\": \"authorization_code\"");
    }

    @Test
    void withoutABrowserTheInteractiveProviderFallsBackToADeviceCode() {
        azure.autoApproveDevices(world.alice, Duration.ZERO);
        Cli.Result r = world.atmos("auth", "login", "-i", "dev-web");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("No browser can be opened here; using a device code instead.").contains("enter the code");
        assertThat(azure.tokens(FakeAzure.DEVICE_GRANT)).isEqualTo(1);
    }
}
