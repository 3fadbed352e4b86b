package atmos.exec;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.AtmosProcess;
import atmos.testing.BrowserHandOff;
import atmos.testing.Cli;
import atmos.testing.FakeAwsSso;
import atmos.testing.FakeSts;
import atmos.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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

    FakeSts sts;
    FakeAwsSso sso;
    BrowserHandOff handOff;
    Map<String, String> env = new HashMap<>();
    Path work;

    @BeforeEach
    void setUp() throws Exception {
        HeadlessChromium.requireInstalled();
        sts = FakeSts.start();
        sso = FakeAwsSso.builder().sts(sts).pollInterval(Duration.ofSeconds(1)).build();
        FakeAwsSso.PortalUser alice = sso.addUser("alice");
        sso.addAccount("800000000001", "plat-dev", "dev@acme.test");
        sso.assign(alice, "800000000001", "TerraformApplyAccess");
        handOff = BrowserHandOff.create(Files.createDirectories(tmp.resolve("browser")));
        work = Files.createDirectories(tmp.resolve("work"));
        Files.createDirectories(tmp.resolve("home"));
        Files.writeString(work.resolve("atmos.yaml"), """
                auth:
                  realm: chromium
                  keyring: {type: file}
                  providers:
                    acme-sso: {kind: aws/iam-identity-center, region: us-east-1, start_url: "%s"}
                  identities:
                    plat-dev/terraform:
                      kind: aws/permission-set
                      default: true
                      via: {provider: acme-sso}
                      principal: {name: TerraformApplyAccess, account: {id: "800000000001"}}
                """.formatted(sso.startUrl()));
        env.put("HOME", tmp.resolve("home").toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("ATMOS_KEYRING_PASSWORD", "a browser test password");
        env.putAll(handOff.env());
        env.put("AWS_ENDPOINT_URL_SSO_OIDC", sso.oidcEndpoint());
        env.put("AWS_ENDPOINT_URL_SSO", sso.portalEndpoint());
        env.put("AWS_ENDPOINT_URL_STS", sts.endpoint());
    }

    @AfterEach
    void tearDown() {
        if (sso != null) {
            sso.close();
            sts.close();
        }
    }

    private Cli.Result signIn(String flow, String allowButton) throws Exception {
        CompletableFuture<Cli.Result> atmos = CompletableFuture.supplyAsync(() -> {
            try {
                return AtmosProcess.run(env, work, "", AtmosProcess.command("auth", "login", "--auth-flow", flow));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        String url = handOff.awaitUrl(Duration.ofSeconds(60));
        try (HeadlessChromium chromium = HeadlessChromium.start(Files.createDirectories(tmp.resolve("chromium")))) {
            chromium.open(url).click(allowButton);
            if (flow.equals("authorization-code")) {
                chromium.waitForUrl(u -> u.startsWith("http://127.0.0.1:") && u.contains("/oauth/callback"), Duration.ofSeconds(30));
                assertThat(chromium.pageSource()).contains("You can close this window");
            }
        }
        return atmos.get(90, TimeUnit.SECONDS);
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
