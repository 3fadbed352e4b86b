package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.AzCli;
import atmos.testing.AzureWorld;
import atmos.testing.Cli;
import atmos.testing.FakeAzure;
import atmos.testing.FakeProxy;
import atmos.text.JsonText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * azure/cli with Debian's real Azure CLI: {@code az login --use-device-code} against FakeAzure (reached as
 * login.microsoftonline.com and management.azure.com through the CONNECT-only FakeProxy), then atmos
 * reuses that session read-only, through the same proxy (HTTPS_PROXY) and the corporate CA
 * (SSL_CERT_FILE): the public cloud's real host names, MSAL4J's instance discovery answered by the fake.
 * And the other way round: az reads the AZURE_CONFIG_DIR atmos seeds for a device-code identity.
 */
class AzureCliFlowTest {
    @TempDir
    Path tmp;

    AzureWorld world;
    FakeAzure azure;
    FakeProxy proxy;
    Path dotAzure;
    AzCli az;

    @BeforeEach
    void setUp() throws Exception {
        AzCli.requireInstalled();
        world = new AzureWorld(tmp);
        azure = world.azure;
        proxy = FakeProxy.start().route("login.microsoftonline.com", 443, azure.loginPort())
                .route("management.azure.com", 443, azure.armPort());
        dotAzure = Files.createDirectories(tmp.resolve("az-home/.azure"));
        az = new AzCli(tmp.resolve("az-home"), dotAzure, proxy, world.caFile);
        world.host.env("AZURE_AUTHORITY_HOST", null).env("AZURE_RESOURCE_MANAGER_ENDPOINT", null)
                .env("HTTPS_PROXY", proxy.url()).env("AZURE_CONFIG_DIR", dotAzure.toString());
        world.host.write("atmos.yaml", """
                auth:
                  realm: cli
                  providers:
                    azure-cli:
                      kind: azure/cli
                      spec: {tenant_id: "%1$s"}
                  identities:
                    dev:
                      kind: azure/subscription
                      default: true
                      via: {provider: azure-cli}
                      principal: {subscription_id: "%2$s", location: northeurope}
                    prod:
                      kind: azure/subscription
                      via: {provider: azure-cli}
                      principal: {subscription_id: "%3$s"}
                """.formatted(world.contoso.id(), world.dev.id(), world.prod.id()));
    }

    @AfterEach
    void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
        if (world != null) {
            world.close();
        }
    }

    private Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p) + "@" + Files.getLastModifiedTime(p).toMillis(), java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    private void azLogin() throws Exception {
        azure.autoApproveDevices(world.alice, Duration.ofSeconds(1));
        Cli.Result login = az.run("login", "--use-device-code", "--tenant", world.contoso.id(), "--output", "none");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.err()).contains("devicelogin");
        assertThat(dotAzure.resolve("msal_token_cache.json")).exists();
    }

    @Test
    void theSessionOfARealAzLoginIsReusedReadOnlyThroughTheProxy() throws Exception {
        azLogin();
        Map<String, String> before = snapshot(dotAzure);
        long deviceCodes = azure.tokens(FakeAzure.DEVICE_GRANT);

        Cli.Result r = world.atmos("auth", "env", "--login", "-f", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, Object> env = JsonText.parseObject(r.out());
        assertThat(env).containsEntry("ARM_SUBSCRIPTION_ID", world.dev.id()).containsEntry("ARM_USE_CLI", "true")
                .containsEntry("AZURE_CONFIG_DIR", dotAzure.toString()).containsEntry("AZURE_LOCATION", "northeurope")
                .doesNotContainKey("ARM_TENANT_ID");
        assertThat(azure.armCalls("/subscriptions/" + world.dev.id())).isEqualTo(1);
        assertThat(proxy.connects()).contains("login.microsoftonline.com:443", "management.azure.com:443");
        assertThat(azure.tokens(FakeAzure.DEVICE_GRANT)).isEqualTo(deviceCodes);
        assertThat(world.keyring.keys()).as("nothing of an azure/cli chain is kept").isEmpty();
        assertThat(snapshot(dotAzure)).as("~/.azure is read, never written").isEqualTo(before);

        Cli.Result who = world.atmos("auth", "whoami");
        assertThat(who.exitCode()).as(who.toString()).isZero();
        assertThat(who.err()).as("whoami reads az's session, read-only").contains(world.alice.upn()).contains(world.dev.id())
                .contains(world.contoso.id());
        Cli.Result prod = world.atmos("auth", "env", "--login", "-i", "prod");
        assertThat(prod.exitCode()).isEqualTo(4);
        assertThat(prod.err()).contains("has no access to subscription " + world.prod.id());
        assertThat(snapshot(dotAzure)).isEqualTo(before);
    }

    @Test
    void anExpiredAzAccessTokenIsRenewedInMemoryWithAzsRefreshToken() throws Exception {
        azure.accessTokenLifetime(Duration.ofMinutes(4));
        azLogin();
        Map<String, String> before = snapshot(dotAzure);
        long refreshes = azure.tokens("refresh_token");
        Cli.Result r = world.atmos("auth", "env", "--login");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(azure.tokens("refresh_token")).isEqualTo(refreshes + 1);
        assertThat(snapshot(dotAzure)).as("the renewed token is not written back").isEqualTo(before);
    }

    @Test
    void withoutAzLoginOrAfterItExpiredTheErrorSaysToRunAzLogin() throws Exception {
        Cli.Result none = world.atmos("auth", "env", "--login");
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(4);
        assertThat(none.err()).contains("error: the Azure CLI has no token cache at " + dotAzure.resolve("msal_token_cache.json"))
                .contains("hint: run 'az login' first");

        azure.accessTokenLifetime(Duration.ofMinutes(4));
        azLogin();
        azure.expireRefreshTokens();
        Cli.Result expired = world.atmos("auth", "env", "--login");
        assertThat(expired.exitCode()).as(expired.toString()).isEqualTo(4);
        assertThat(expired.err()).contains("error: the Azure CLI's session for tenant " + world.contoso.id() + " has expired (AADSTS700082)")
                .contains("hint: run 'az login --tenant " + world.contoso.id() + "'");
        assertThat(expired.all()).doesNotContain("eyJ");
    }

    @Test
    void azReadsTheConfigDirAtmosSeedsForADeviceCodeIdentity() throws Exception {
        world.host.write("atmos.yaml", world.config());
        world.host.env("AZURE_CONFIG_DIR", null);
        azure.autoApproveDevices(world.alice, Duration.ZERO);
        Cli.Result login = world.atmos("auth", "login");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        Path seeded = world.host.home().resolve(".config/atmos/az/azure/azure-dev/dev");

        AzCli consumer = new AzCli(tmp.resolve("az-home"), seeded, proxy, world.caFile);
        Cli.Result show = consumer.run("account", "show", "--output", "json");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        Map<String, Object> account = JsonText.parseObject(show.out());
        assertThat(account).containsEntry("id", world.dev.id()).containsEntry("tenantId", world.contoso.id());
        assertThat(String.valueOf(account.get("user"))).contains(world.alice.upn());

        long tokensBefore = azure.calls().stream().filter(c -> c.path().endsWith("/token")).count();
        Cli.Result token = consumer.run("account", "get-access-token", "--subscription", world.dev.id(), "--output", "json");
        assertThat(token.exitCode()).as(token.toString()).isZero();
        Map<String, Object> t = JsonText.parseObject(token.out());
        String cached = Files.readString(seeded.resolve("msal_token_cache.json"));
        assertThat(cached).contains(String.valueOf(t.get("accessToken")));
        assertThat(azure.calls().stream().filter(c -> c.path().endsWith("/token")).count()).as("az used the seeded token").isEqualTo(tokensBefore);
    }
}
