package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.credentials.AzureCredentials;
import atmos.credentials.CredentialCodec;
import atmos.testing.AzureWorld;
import atmos.testing.Cli;
import atmos.testing.FakeAzure;
import atmos.testing.RecordingProcessRunner;
import atmos.text.JsonText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * azure/device-code with azure/subscription, end to end in-process against FakeAzure over https (the
 * test CA trusted through SSL_CERT_FILE only): a sign-in without a terminal, the MSAL cache in the
 * keyring and nowhere else, the isolated AZURE_CONFIG_DIR, the environment as the Go Atmos sets it,
 * silent renewal with the refresh token, and one clear error for each bad input with nothing cached lost.
 */
class AzureDeviceCodeFlowTest {
    @TempDir
    Path tmp;

    AzureWorld world;
    FakeAzure azure;

    @BeforeEach
    void setUp() {
        world = new AzureWorld(tmp);
        azure = world.azure;
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private Path configDir() {
        return world.host.home().resolve(".config/atmos/az/azure/azure-dev/dev");
    }

    private Map<String, Object> env(String... more) throws Exception {
        String[] args = new String[5 + more.length];
        args[0] = "auth";
        args[1] = "env";
        args[2] = "--login";
        args[3] = "-f";
        args[4] = "json";
        System.arraycopy(more, 0, args, 5, more.length);
        Cli.Result r = world.atmos(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return JsonText.parseObject(r.out());
    }

    private String stored(String alias) {
        return world.keyring.get("atmos_az_" + alias).orElseThrow();
    }

    @Test
    void aDeviceCodeSignInWithoutATerminalCachesTheSessionInTheKeyringAndSeedsAnIsolatedAzureConfigDir() throws Exception {
        azure.autoApproveDevices(world.alice, Duration.ofSeconds(2));
        Cli.Result login = world.atmos("auth", "login");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        String code = azure.userCodes().get(0);
        assertThat(login.err()).contains("To sign in to azure-dev (Microsoft Entra tenant " + world.contoso.id() + "), enter the code " + code)
                .contains(azure.authorityHost() + "/devicelogin").contains("Waiting for approval of code " + code)
                .contains("Authentication successful").contains("Tenant").contains(world.dev.id() + " (contoso-dev)").contains("eastus");
        assertThat(azure.tokens(FakeAzure.DEVICE_GRANT)).isEqualTo(1);
        assertThat(azure.count("/common/discovery/instance")).as("MSAL never asked instance discovery about the custom host").isZero();
        assertThat(azure.armCalls("/subscriptions/" + world.dev.id())).as("the subscription was checked").isEqualTo(1);

        // The refresh token lives in the provider's keyring entry, inside the MSAL cache; the identity's has none.
        AzureCredentials provider = (AzureCredentials) CredentialCodec.decode(stored("azure-dev")).orElseThrow();
        assertThat(provider.msalCache()).contains("\"RefreshToken\"").contains("\"secret\":\"0.RT");
        assertThat(provider.username()).isEqualTo(world.alice.upn());
        AzureCredentials identity = (AzureCredentials) CredentialCodec.decode(stored("dev")).orElseThrow();
        assertThat(identity.msalCache()).isNull();
        assertThat(identity.subscriptionId()).isEqualTo(world.dev.id());
        assertThat(identity.subscriptionName()).isEqualTo("contoso-dev");
        assertThat(identity.graphApiToken()).isNotBlank();
        assertThat(identity.keyVaultToken()).isNotBlank();

        // What az and Terraform read: access tokens only, private, and ~/.azure never created.
        Path dir = configDir();
        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        for (String f : List.of("msal_token_cache.json", "azureProfile.json")) {
            assertThat(Files.getPosixFilePermissions(dir.resolve(f))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        String cache = Files.readString(dir.resolve("msal_token_cache.json"));
        assertThat(cache).contains(identity.accessToken()).contains("https://management.core.windows.net//.default")
                .contains("\"username\": \"" + world.alice.upn() + "\"").contains("04b07795-8ddb-461a-bbee-02f9e1bf7b46")
                .doesNotContain("0.RT");
        assertThat(Files.readString(dir.resolve("azureProfile.json"))).contains(world.dev.id()).contains("\"isDefault\": true")
                .contains("AzureCloud");
        assertThat(world.host.home().resolve(".azure")).doesNotExist();
        assertThat(login.all()).doesNotContain(identity.accessToken()).doesNotContain("0.RT");
    }

    @Test
    void theEnvironmentIsWhatTheGoAtmosSetsForTheCliPathWithoutTheTenantAndWithTheIsolatedConfigDir() throws Exception {
        azure.autoApproveDevices(world.alice, Duration.ZERO);
        world.host.env("ARM_TENANT_ID", "stale").env("AZURE_CLIENT_SECRET", "from-another-tool").env("AZURE_CONFIG_DIR", "/home/me/.azure");
        Map<String, Object> env = env();
        assertThat(env).containsEntry("ARM_SUBSCRIPTION_ID", world.dev.id()).containsEntry("AZURE_SUBSCRIPTION_ID", world.dev.id())
                .containsEntry("ARM_USE_CLI", "true").containsEntry("AZURE_LOCATION", "eastus").containsEntry("ARM_LOCATION", "eastus")
                .containsEntry("AZURE_RESOURCE_GROUP", "rg-dev").containsEntry("AZURE_CONFIG_DIR", configDir().toString())
                .doesNotContainKeys("ARM_TENANT_ID", "AZURE_TENANT_ID", "ARM_USE_OIDC", "ARM_ENVIRONMENT", "AZURE_CLIENT_SECRET");
        for (Object v : env.values()) {
            assertThat(String.valueOf(v)).doesNotStartWith("eyJ");
        }

        RecordingProcessRunner runner = new RecordingProcessRunner(0);
        Cli.Result exec = Cli.with(world.host.build()).systemKeyring(world.keyring).processes(runner).run("auth", "exec", "--", "az", "account", "show");
        assertThat(exec.exitCode()).as(exec.toString()).isZero();
        Map<String, String> child = runner.last().env();
        assertThat(child).containsEntry("AZURE_CONFIG_DIR", configDir().toString()).containsEntry("ARM_USE_CLI", "true")
                .doesNotContainKeys("ARM_TENANT_ID", "AZURE_CLIENT_SECRET");
        assertThat(azure.tokens(FakeAzure.DEVICE_GRANT)).as("exec used the cached session").isEqualTo(1);
    }

    @Test
    void shellStartsWithTheSubscriptionsEnvironmentFromTheCachedSession() throws Exception {
        azure.autoApproveDevices(world.alice, Duration.ZERO);
        assertThat(world.atmos("auth", "login", "-i", "dev").exitCode()).isZero();
        RecordingProcessRunner runner = new RecordingProcessRunner(0);
        Cli.Result shell = Cli.with(world.host.env("ARM_TENANT_ID", "stale").build()).systemKeyring(world.keyring).processes(runner)
                .run("auth", "shell", "-i", "dev", "--shell", "/bin/sh", "--", "-c", "az account show");
        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        assertThat(runner.last().command()).containsExactly("/bin/sh", "-c", "az account show");
        assertThat(runner.last().env()).containsEntry("ATMOS_IDENTITY", "dev").containsEntry("ARM_SUBSCRIPTION_ID", world.dev.id())
                .containsEntry("AZURE_CONFIG_DIR", configDir().toString()).containsEntry("ARM_USE_CLI", "true")
                .doesNotContainKeys("ARM_TENANT_ID");
        assertThat(shell.err()).contains("Entering Atmos shell with identity: dev");
        assertThat(azure.tokens(FakeAzure.DEVICE_GRANT)).as("the shell used the cached session").isEqualTo(1);
    }

    @Test
    void theMorningLoginOfTheProviderAloneServesEveryIdentityAfterwards() throws Exception {
        azure.autoApproveDevices(world.alice, Duration.ZERO);
        Cli.Result provider = world.atmos("auth", "login", "--provider", "azure-dev");
        assertThat(provider.exitCode()).as(provider.toString()).isZero();
        assertThat(provider.err()).contains("Logged in to provider azure-dev");
        assertThat(world.atmos("auth", "login", "-i", "dev").exitCode()).isZero();
        assertThat(world.atmos("auth", "env", "--login", "-i", "dev").exitCode()).isZero();
        assertThat(azure.tokens(FakeAzure.DEVICE_GRANT)).isEqualTo(1);
        assertThat(world.atmos("auth", "login", "--provider", "azure-dev").err()).contains("Already logged in to provider azure-dev");
    }

    @Test
    void consoleOpensTheAzurePortalForTheTenantAfterSigningIn() {
        azure.autoApproveDevices(world.alice, Duration.ZERO);
        Cli.Result home = world.atmos("auth", "console", "-i", "dev", "--print-only");
        assertThat(home.exitCode()).as(home.toString()).isZero();
        assertThat(home.out().strip()).isEqualTo("https://portal.azure.com/#@" + world.contoso.id());
        assertThat(azure.tokens(FakeAzure.DEVICE_GRANT)).as("the identity was signed in first").isEqualTo(1);
        Cli.Result sub = world.atmos("auth", "console", "-i", "dev", "--print-only", "--destination", "subscription");
        assertThat(sub.out().strip()).isEqualTo("https://portal.azure.com/#@" + world.contoso.id() + "/resource/subscriptions/" + world.dev.id() + "/overview");
        Cli.Result bad = world.atmos("auth", "console", "-i", "dev", "--print-only", "--destination", "lambda");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown Azure portal destination \"lambda\"").contains("keyvault");
    }

    @Test
    void whoamiShowsTenantSubscriptionUserAndExpiryAndNeverAToken() throws Exception {
        azure.autoApproveDevices(world.alice, Duration.ZERO);
        assertThat(world.atmos("auth", "login").exitCode()).isZero();
        Cli.Result who = world.atmos("auth", "whoami");
        assertThat(who.exitCode()).as(who.toString()).isZero();
        assertThat(who.err()).contains("Tenant").contains(world.contoso.id()).contains("Principal").contains(world.alice.upn())
                .contains("Account").contains(world.dev.id()).contains("Region").contains("eastus").contains("Expires");
        Cli.Result json = world.atmos("auth", "whoami", "-o", "json");
        Map<String, Object> data = JsonText.parseObject(json.out());
        assertThat(data).containsEntry("tenant", world.contoso.id()).containsEntry("principal", world.alice.upn())
                .containsEntry("account", world.dev.id()).containsEntry("region", "eastus").containsEntry("authenticated", true);
        assertThat(json.out()).contains("AZURE_CONFIG_DIR").contains("Azure CLI configuration").doesNotContain("eyJ");
    }

    @Test
    void anExpiredAccessTokenIsRenewedWithTheRefreshTokenWithoutANewSignIn() throws Exception {
        azure.autoApproveDevices(world.alice, Duration.ZERO).accessTokenLifetime(Duration.ofMinutes(4));
        assertThat(world.atmos("auth", "login").exitCode()).isZero();
        long refreshes = azure.tokens("refresh_token");
        Cli.Result again = world.atmos("auth", "env", "--login");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(azure.tokens(FakeAzure.DEVICE_GRANT)).as("no second sign-in").isEqualTo(1);
        assertThat(azure.tokens("refresh_token")).as("the ARM token was renewed silently").isGreaterThan(refreshes);
        assertThat(again.err()).doesNotContain("enter the code");
    }

    @Test
    void anExpiredRefreshTokenSaysSoThenSignsInAgainAndAFailedSignInLosesNothing() throws Exception {
        azure.autoApproveDevices(world.alice, Duration.ZERO).accessTokenLifetime(Duration.ofMinutes(4));
        assertThat(world.atmos("auth", "login").exitCode()).isZero();
        Map<String, String> before = world.keyring.keys().stream().collect(java.util.stream.Collectors.toMap(k -> k, k -> world.keyring.get(k).orElseThrow()));
        azure.expireRefreshTokens();
        azure.autoApproveDevices(null, Duration.ZERO).deviceCodeLifetime(Duration.ofSeconds(3));
        Cli.Result r = world.atmos("auth", "login", "-i", "dev");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains("The Azure sign-in of azure-dev has expired (AADSTS700082); signing in again.")
                .contains("error: the sign-in code for provider \"azure-dev\" (azure/device-code) expired before it was approved")
                .contains("hint: run 'atmos auth login --provider azure-dev' again");
        assertThat(r.all()).doesNotContain("eyJ").doesNotContain("0.RT");
        Map<String, String> after = world.keyring.keys().stream().collect(java.util.stream.Collectors.toMap(k -> k, k -> world.keyring.get(k).orElseThrow()));
        assertThat(after).as("nothing cached was lost or changed").isEqualTo(before);

        azure.autoApproveDevices(world.alice, Duration.ZERO).deviceCodeLifetime(Duration.ofMinutes(15));
        Cli.Result again = world.atmos("auth", "login", "-i", "dev");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(azure.tokens(FakeAzure.DEVICE_GRANT)).isEqualTo(2);
    }

    @Test
    void aWrongTenantIsOneClearError() {
        world.host.write("atmos.yaml", world.config().replace("tenant_id: \"" + world.contoso.id() + "\", location", "tenant_id: \"fabrikam.onmicrosoft.com\", location"));
        Cli.Result r = world.atmos("auth", "login");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains("error: Microsoft Entra does not know tenant \"fabrikam.onmicrosoft.com\" (AADSTS90002) for provider \"azure-dev\"")
                .contains("hint: check spec.tenant_id");
        assertThat(r.err().lines().filter(l -> l.startsWith("error:")).count()).isEqualTo(1);
        assertThat(world.keyring.keys()).isEmpty();
    }

    @Test
    void anEditedTenantSignsInToTheNewTenantInsteadOfUsingTheOldTenantsSession() throws Exception {
        azure.autoApproveDevices(world.alice, Duration.ZERO);
        assertThat(world.atmos("auth", "login").exitCode()).isZero();
        FakeAzure.Tenant fabrikam = azure.tenant("fabrikam.onmicrosoft.com", "Fabrikam");
        FakeAzure.User carol = azure.user(fabrikam, "carol@fabrikam.onmicrosoft.com", "Carol Example");
        FakeAzure.Subscription fabrikamDev = azure.subscription(fabrikam, "fabrikam-dev", carol.oid());
        world.host.write("atmos.yaml", world.config().replace(world.contoso.id(), fabrikam.id()).replace(world.dev.id(), fabrikamDev.id()));
        azure.autoApproveDevices(carol, Duration.ZERO);
        Map<String, Object> env = env();
        assertThat(azure.tokens(FakeAzure.DEVICE_GRANT)).as("a sign-in to the new tenant").isEqualTo(2);
        assertThat(env).containsEntry("ARM_SUBSCRIPTION_ID", fabrikamDev.id());
        Cli.Result who = world.atmos("auth", "whoami", "-o", "json");
        assertThat(JsonText.parseObject(who.out())).containsEntry("tenant", fabrikam.id()).containsEntry("principal", carol.upn());
    }

    @Test
    void anUnknownOrForbiddenSubscriptionIsOneClearErrorAndKeepsTheCachedSignIn() {
        azure.autoApproveDevices(world.alice, Duration.ZERO);
        assertThat(world.atmos("auth", "login").exitCode()).isZero();
        String provider = stored("azure-dev");

        Cli.Result nowhere = world.atmos("auth", "login", "-i", "nowhere");
        assertThat(nowhere.exitCode()).as(nowhere.toString()).isEqualTo(4);
        assertThat(nowhere.err()).contains("error: subscription 0b5d0f5c-1111-2222-3333-444455556666 was not found in tenant " + world.contoso.id()
                + " for " + world.alice.upn() + " (identity \"nowhere\", ARM SubscriptionNotFound)").contains("hint: check principal.subscription_id");

        Cli.Result prod = world.atmos("auth", "login", "-i", "prod");
        assertThat(prod.exitCode()).as(prod.toString()).isEqualTo(4);
        assertThat(prod.err()).contains("error: " + world.alice.upn() + " has no access to subscription " + world.prod.id())
                .contains("AuthorizationFailed").contains("hint: ask an owner of the subscription for a role assignment");

        assertThat(stored("azure-dev")).as("the cached sign-in is kept").isEqualTo(provider);
        assertThat(world.keyring.get("atmos_az_prod")).isEmpty();
        assertThat(azure.tokens(FakeAzure.DEVICE_GRANT)).as("and reused: no second sign-in").isEqualTo(1);
        assertThat(nowhere.all() + prod.all()).doesNotContain("eyJ");
    }

    @Test
    void logoutRemovesTheSessionsAndTheConfigDirListAndValidateKnowTheKinds() throws Exception {
        azure.autoApproveDevices(world.alice, Duration.ZERO);
        assertThat(world.atmos("auth", "login").exitCode()).isZero();
        Cli.Result validate = world.atmos("auth", "validate");
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        Cli.Result list = world.atmos("auth", "list", "-f", "json");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("azure/device-code").contains("azure/subscription").contains("\"dev\"");

        Cli.Result logout = world.atmos("auth", "logout", "-i", "dev");
        assertThat(logout.exitCode()).as(logout.toString()).isZero();
        assertThat(configDir()).doesNotExist();
        assertThat(world.keyring.get("atmos_az_dev")).isEmpty();
        assertThat(world.keyring.get("atmos_az_azure-dev")).isPresent();

        Cli.Result all = world.atmos("auth", "logout", "--provider", "azure-dev");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(world.keyring.keys()).isEmpty();
        Cli.Result who = world.atmos("auth", "whoami");
        assertThat(who.exitCode()).isEqualTo(4);
    }

    @Test
    void usGovernmentUsesItsOwnHostsThroughTheProxyAndSaysSoToTerraform() throws Exception {
        try (atmos.testing.FakeProxy proxy = atmos.testing.FakeProxy.start()) {
            proxy.route("login.microsoftonline.us", 443, azure.loginPort()).route("management.usgovcloudapi.net", 443, azure.armPort());
            world.host.env("AZURE_AUTHORITY_HOST", null).env("AZURE_RESOURCE_MANAGER_ENDPOINT", null).env("HTTPS_PROXY", proxy.url());
            world.host.write("atmos.yaml", world.config().replace("location: westeurope}", "location: westeurope, cloud_environment: usgovernment}"));
            azure.autoApproveDevices(world.alice, Duration.ZERO);
            Map<String, Object> env = env();
            assertThat(env).containsEntry("ARM_ENVIRONMENT", "usgovernment").containsEntry("AZURE_ENVIRONMENT", "usgovernment")
                    .containsEntry("ARM_SUBSCRIPTION_ID", world.dev.id());
            assertThat(proxy.connects()).contains("login.microsoftonline.us:443", "management.usgovcloudapi.net:443")
                    .noneMatch(c -> c.contains("microsoftonline.com"));
            assertThat(azure.count("/common/discovery/instance")).as("MSAL asked Microsoft's own (here: the fake) host about itself").isPositive();
            assertThat(Files.readString(configDir().resolve("azureProfile.json"))).contains("AzureUSGovernment");
            assertThat(Files.readString(configDir().resolve("msal_token_cache.json"))).contains("\"environment\": \"login.microsoftonline.us\"")
                    .contains("https://management.usgovcloudapi.net/.default");
        }
    }

    @Test
    void withAFileKeyringACachedCommandReadsTheConfigDirAndNeedsNoPassword() throws Exception {
        world.host.env("ATMOS_KEYRING_TYPE", "file").env("ATMOS_KEYRING_PASSWORD", "a password for the test keyring");
        azure.autoApproveDevices(world.alice, Duration.ZERO);
        assertThat(world.atmos("auth", "login").exitCode()).isZero();
        world.host.env("ATMOS_KEYRING_PASSWORD", null);
        Cli.Result env = world.atmos("auth", "env");
        assertThat(env.exitCode()).as(env.toString()).isZero();
        assertThat(env.out()).contains("ARM_SUBSCRIPTION_ID=" + world.dev.id());
    }
}
