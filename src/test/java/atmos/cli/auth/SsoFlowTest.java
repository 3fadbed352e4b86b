package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.testing.Cli;
import atmos.testing.FakeAwsSso;
import atmos.testing.FakeBrowser;
import atmos.testing.FakeSts;
import atmos.testing.RecordingProcessRunner;
import atmos.testing.TestHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IAM Identity Center end to end against honest fakes of SSO OIDC, the SSO portal and STS: the device
 * and PKCE logins, refresh before any browser, permission sets by account name, the errors people hit.
 */
class SsoFlowTest {
    @TempDir
    Path tmp;

    FakeSts sts;
    FakeAwsSso sso;
    FakeAwsSso.PortalUser alice;
    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();
    RecordingProcessRunner processes = new RecordingProcessRunner(0);

    @BeforeEach
    void setUp() {
        sts = FakeSts.start();
        sso = FakeAwsSso.builder().sts(sts).pollInterval(Duration.ofSeconds(1)).pageSize(2).build();
        alice = sso.addUser("alice");
        sso.addAccount("111111111111", "core-root", "root@acme.test");
        sso.addAccount("800000000001", "plat-dev", "dev@acme.test");
        sso.addAccount("800000000003", "plat-staging", "staging@acme.test");
        sso.addAccount("800000000004", "plat-prod", "prod@acme.test");
        sso.assign(alice, "800000000001", "TerraformApplyAccess", "ReadOnlyAccess");
        sso.assign(alice, "800000000004", "TerraformPlanAccess");
        sso.assign(alice, "111111111111", "TerraformStateAccess");
        sso.autoApproveDevices(Duration.ZERO);
        host = new TestHost(tmp).clock(sso.clock())
                .env("AWS_ENDPOINT_URL_SSO_OIDC", sso.oidcEndpoint())
                .env("AWS_ENDPOINT_URL_SSO", sso.portalEndpoint())
                .env("AWS_ENDPOINT_URL_STS", sts.endpoint());
        host.write("atmos.yaml", """
                auth:
                  realm: sso
                  providers:
                    acme-sso:
                      kind: aws/iam-identity-center
                      region: us-east-1
                      start_url: %s
                  identities:
                    plat-dev/terraform:
                      kind: aws/permission-set
                      default: true
                      via: {provider: acme-sso}
                      principal: {name: TerraformApplyAccess, account: {name: plat-dev}}
                    plat-prod/terraform:
                      kind: aws/permission-set
                      via: {provider: acme-sso}
                      principal: {name: TerraformPlanAccess, account: {name: plat-prod}}
                    core-root/terraform:
                      kind: aws/permission-set
                      via: {provider: acme-sso}
                      principal: {name: TerraformStateAccess, account: {id: "111111111111"}}
                """.formatted(sso.startUrl()));
    }

    @AfterEach
    void tearDown() {
        sso.close();
        sts.close();
        // The SDK learns a JVM-wide clock offset from skewed Date headers; tests that move the fakes' clocks reset it.
        software.amazon.awssdk.core.SdkGlobalTime.setGlobalTimeOffset(0);
    }

    private Cli cli(FakeBrowser browser) {
        return Cli.with(host.build()).systemKeyring(keyring).processes(processes).browser(browser);
    }

    @Test
    void theDeviceFlowShowsTheCodeOpensTheBrowserOnceAndCachesTheSession() {
        FakeBrowser browser = FakeBrowser.recording();
        Cli.Result r = cli(browser).run("auth", "login", "--provider", "acme-sso");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String code = sso.deviceAuthorizations().get(0).userCode();
        assertThat(r.err()).contains("confirm the code " + code).contains("Your browser has been opened")
                .contains("✓ Logged in to provider acme-sso");
        assertThat(browser.opened()).hasSize(1);
        assertThat(browser.opened().get(0).toString()).contains(code);
        assertThat(sso.count("RegisterClient")).isEqualTo(1);
        assertThat(sso.successCount("CreateToken", FakeAwsSso.DEVICE_CODE_GRANT)).isEqualTo(1);
        assertThat(keyring.keys()).contains("atmos_sso_acme-sso", "atmos_sso_acme-sso#client-device-code");
        assertThat(keyring.get("atmos_sso_acme-sso").orElseThrow()).startsWith("{\"type\":\"aws\",\"data\":{\"access_key_id\":");

        Cli.Result again = cli(browser).run("auth", "login", "--provider", "acme-sso");
        assertThat(again.err()).contains("Already logged in to provider acme-sso");
        assertThat(sso.count("StartDeviceAuthorization")).isEqualTo(1);
    }

    @Test
    void withoutABrowserTheUrlIsPrintedForAnotherDevice() {
        Cli.Result r = cli(FakeBrowser.recording()).run("auth", "login", "--provider", "acme-sso", "--no-browser");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("Open the URL above in a browser on any device").contains(sso.verificationUri());
    }

    @Test
    void permissionSetsByAccountNameUseOneCachedAccountList() {
        assertThat(cli(FakeBrowser.recording()).run("auth", "exec", "-i", "plat-dev/terraform", "--", "true").exitCode()).isZero();
        assertThat(processes.last().env()).containsEntry("AWS_PROFILE", "plat-dev/terraform");
        assertThat(sso.successCount("GetRoleCredentials")).isEqualTo(1);
        int listCalls = sso.count("ListAccounts");
        assertThat(listCalls).as("pages of two").isGreaterThanOrEqualTo(2);
        assertThat(cli(FakeBrowser.recording()).run("auth", "exec", "-i", "plat-prod/terraform", "--", "true").exitCode()).isZero();
        assertThat(sso.count("ListAccounts")).as("the account list is cached").isEqualTo(listCalls);
        assertThat(sso.count("StartDeviceAuthorization")).isEqualTo(1);
    }

    @Test
    void whoamiShowsTheAssumedSsoRole() {
        assertThat(cli(FakeBrowser.recording()).run("auth", "login").exitCode()).isZero();
        Cli.Result r = cli(FakeBrowser.recording()).run("auth", "whoami", "-o", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\"principal\": \"arn:aws:sts::800000000001:assumed-role/AWSReservedSSO_TerraformApplyAccess_")
                .contains("/alice\"").contains("\"account\": \"800000000001\"");
    }

    @Test
    void anUnknownAccountNameListsCloseMatches() {
        host.write("atmos.yaml", readConfig().replace("account: {name: plat-dev}", "account: {name: plat-devv}"));
        Cli.Result r = cli(FakeBrowser.recording()).run("auth", "login", "-i", "plat-dev/terraform");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("account \"plat-devv\"").contains("close matches: plat-dev");
    }

    @Test
    void anUnknownPermissionSetListsTheOnesTheUserHas() {
        host.write("atmos.yaml", readConfig().replace("name: TerraformApplyAccess", "name: AdministratorAccess"));
        Cli.Result r = cli(FakeBrowser.recording()).run("auth", "login", "-i", "plat-dev/terraform");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("permission set \"AdministratorAccess\" is not available to you in account 800000000001")
                .contains("permission sets you have there: ReadOnlyAccess, TerraformApplyAccess");
    }

    @Test
    void anExpiredAccessTokenIsRenewedWithTheRefreshTokenBeforeAnyBrowser() {
        FakeBrowser browser = FakeBrowser.recording();
        assertThat(cli(browser).run("auth", "login", "--provider", "acme-sso").exitCode()).isZero();
        sso.advance(Duration.ofHours(9));
        Cli.Result r = cli(browser).run("auth", "exec", "-i", "plat-dev/terraform", "--", "true");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(sso.successCount("CreateToken", FakeAwsSso.REFRESH_TOKEN_GRANT)).isEqualTo(1);
        assertThat(sso.count("StartDeviceAuthorization")).isEqualTo(1);
        assertThat(browser.opened()).hasSize(1);
    }

    @Test
    void aRevokedRefreshTokenFallsBackToTheBrowser() {
        FakeBrowser browser = FakeBrowser.recording();
        assertThat(cli(browser).run("auth", "login", "--provider", "acme-sso").exitCode()).isZero();
        sso.revokeAllTokens();
        sso.advance(Duration.ofHours(9));
        Cli.Result r = cli(browser).run("auth", "login", "--provider", "acme-sso");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(sso.count("StartDeviceAuthorization")).isEqualTo(2);
        assertThat(browser.opened()).hasSize(2);
    }

    @Test
    void aSessionRevokedAtThePortalIsRenewedAndTheIdentityRetried() {
        FakeBrowser browser = FakeBrowser.recording();
        assertThat(cli(browser).run("auth", "login", "--provider", "acme-sso").exitCode()).isZero();
        String stored = keyring.get("atmos_sso_acme-sso").orElseThrow();
        String token = stored.replaceAll(".*\"access_key_id\":\"([^\"]+)\".*", "$1");
        sso.revokeAccessToken(token);
        Cli.Result r = cli(browser).run("auth", "exec", "-i", "core-root/terraform", "--", "true");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(sso.successCount("GetRoleCredentials")).isEqualTo(1);
    }

    @Test
    void aDeniedRequestIsAClearErrorAndCachesNothing() {
        sso.autoApproveDevices(null);
        FakeBrowser browser = new FakeBrowser(u -> {
            sleep(300);
            sso.pendingUserCodes().forEach(sso::denyDevice);
        });
        Cli.Result r = cli(browser).run("auth", "login", "--provider", "acme-sso");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("was denied in the browser");
        assertThat(keyring.keys()).doesNotContain("atmos_sso_acme-sso");
    }

    @Test
    void theAuthorizationCodeFlowUsesPkceAndALoopbackRedirect() {
        HttpClient http = HttpClient.newHttpClient();
        FakeBrowser browser = new FakeBrowser(url -> {
            try {
                String redirect = sso.authorizeAsUser(url.toString());
                http.send(HttpRequest.newBuilder(URI.create(redirect)).GET().build(), HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Cli.Result r = cli(browser).run("auth", "login", "--provider", "acme-sso", "--auth-flow", "authorization-code");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(browser.opened().get(0).toString()).contains("/authorize?response_type=code").contains("code_challenge_method=S256")
                .contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A");
        assertThat(sso.successCount("CreateToken", FakeAwsSso.AUTHORIZATION_CODE_GRANT)).isEqualTo(1);
        assertThat(sso.count("StartDeviceAuthorization")).isZero();
    }

    @Test
    void logoutOfTheProviderEndsTheSsoSessionAndRemovesTheTokens() {
        assertThat(cli(FakeBrowser.recording()).run("auth", "login").exitCode()).isZero();
        Cli.Result r = cli(FakeBrowser.recording()).run("auth", "logout", "--provider", "acme-sso");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(sso.successCount("Logout")).isEqualTo(1);
        assertThat(keyring.keys()).isEmpty();
        assertThat(Files.exists(host.home().resolve(".config/atmos/sso/aws/acme-sso"))).isFalse();
    }

    @Test
    void rolesChainOnFromAPermissionSet() {
        String ssoRole = sso.ssoRoleArn("800000000001", "TerraformApplyAccess");
        sts.role("arn:aws:iam::800000000004:role/Deploy").trust(sts.findRole(ssoRole).orElseThrow()).create();
        host.write("atmos.yaml", readConfig() + """
                    plat-prod/deploy:
                      kind: aws/assume-role
                      via: {identity: plat-dev/terraform}
                      principal: {assume_role: "arn:aws:iam::800000000004:role/Deploy"}
                """);
        Cli.Result r = cli(FakeBrowser.recording()).run("auth", "whoami", "-i", "plat-prod/deploy");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(cli(FakeBrowser.recording()).run("auth", "login", "-i", "plat-prod/deploy").exitCode()).isZero();
        Cli.Result who = cli(FakeBrowser.recording()).run("auth", "whoami", "-i", "plat-prod/deploy", "-o", "json");
        assertThat(who.out()).contains("\"principal\": \"arn:aws:sts::800000000004:assumed-role/Deploy/atmos-plat-prod-deploy-")
                .contains("\"acme-sso\",\n    \"plat-dev/terraform\",\n    \"plat-prod/deploy\"");
    }

    @Test
    void noFileHoldsAnSsoTokenOrClientSecretInClear() throws Exception {
        assertThat(cli(FakeBrowser.recording()).run("auth", "exec", "--", "true").exitCode()).isZero();
        String stored = keyring.get("atmos_sso_acme-sso").orElseThrow();
        String access = stored.replaceAll(".*\"access_key_id\":\"([^\"]+)\".*", "$1");
        String refresh = stored.replaceAll(".*\"refresh_token\":\"([^\"]+)\".*", "$1");
        String clientSecret = keyring.get("atmos_sso_acme-sso#client-device-code").orElseThrow()
                .replaceAll(".*\"client_secret\":\"([^\"]+)\".*", "$1");
        try (var files = Files.walk(tmp)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(text).as(f.toString()).doesNotContain(access).doesNotContain(refresh).doesNotContain(clientSecret);
            }
        }
    }

    @Test
    void tokensNeverAppearInTheOutput() {
        Cli.Result r = cli(FakeBrowser.recording()).run("--logs-level", "Trace", "auth", "login");
        assertThat(r.exitCode()).isZero();
        String stored = keyring.get("atmos_sso_acme-sso").orElseThrow();
        String access = stored.replaceAll(".*\"access_key_id\":\"([^\"]+)\".*", "$1");
        String refresh = stored.replaceAll(".*\"refresh_token\":\"([^\"]+)\".*", "$1");
        String clientSecret = keyring.get("atmos_sso_acme-sso#client-device-code").orElseThrow()
                .replaceAll(".*\"client_secret\":\"([^\"]+)\".*", "$1");
        assertThat(r.all()).doesNotContain(access).doesNotContain(refresh).doesNotContain(clientSecret);
    }

    private String readConfig() {
        try {
            return Files.readString(host.cwd().resolve("atmos.yaml"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
