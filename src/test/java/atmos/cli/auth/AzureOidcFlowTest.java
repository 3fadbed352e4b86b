package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.AzureWorld;
import atmos.testing.Cli;
import atmos.testing.FakeAzure;
import atmos.testing.FakeGithubOidc;
import atmos.testing.RecordingProcessRunner;
import atmos.text.JsonText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * azure/oidc in a GitHub Actions job: the job's ID token (audience api://AzureADTokenExchange) is the
 * client assertion of an app registration whose federated credential names the repository and branch;
 * FakeAzure verifies it against FakeGithubOidc's published keys. Nothing reaches the keyring; the
 * environment is the Go Atmos's OIDC one; the isolated AZURE_CONFIG_DIR holds the service principal's
 * tokens for az.
 */
class AzureOidcFlowTest {
    @TempDir
    Path tmp;

    AzureWorld world;
    FakeGithubOidc github;
    FakeAzure.App deployer;

    @BeforeEach
    void setUp() {
        world = new AzureWorld(tmp);
        github = FakeGithubOidc.start(Clock.systemUTC());
        deployer = world.azure.app(world.contoso, "github-deployer",
                new FakeAzure.Federated(github.issuer(), "repo:acme/infrastructure:ref:refs/heads/main", "api://AzureADTokenExchange"));
        world.dev.principals().add(deployer.clientId());
        github.actionsEnv().forEach(world.host::env);
        world.host.write("atmos.yaml", """
                auth:
                  realm: ci
                  providers:
                    azure-ci:
                      kind: azure/oidc
                      spec: {tenant_id: "%s", client_id: "%s"}
                  identities:
                    dev:
                      kind: azure/subscription
                      default: true
                      via: {provider: azure-ci}
                      principal: {subscription_id: "%s", location: westeurope}
                """.formatted(world.contoso.id(), deployer.clientId(), world.dev.id()));
    }

    @AfterEach
    void tearDown() {
        github.close();
        world.close();
    }

    @Test
    void theActionsTokenIsTheClientAssertionAndTheEnvironmentIsTheOidcOne() throws Exception {
        Cli.Result r = world.atmos("auth", "env", "--login", "-f", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, Object> env = JsonText.parseObject(r.out());
        assertThat(env).containsEntry("ARM_USE_OIDC", "true").containsEntry("ARM_CLIENT_ID", deployer.clientId())
                .containsEntry("AZURE_CLIENT_ID", deployer.clientId()).containsEntry("ARM_TENANT_ID", world.contoso.id())
                .containsEntry("AZURE_TENANT_ID", world.contoso.id()).containsEntry("ARM_SUBSCRIPTION_ID", world.dev.id())
                .containsEntry("ARM_LOCATION", "westeurope").doesNotContainKeys("ARM_USE_CLI", "AZURE_FEDERATED_TOKEN_FILE");
        assertThat(github.audiences()).containsExactly("api://AzureADTokenExchange");
        assertThat(world.azure.tokens("client_credentials")).as("ARM, Graph and Key Vault").isEqualTo(3);
        assertThat(world.keyring.keys()).as("nothing of an OIDC chain is kept").isEmpty();
        assertThat(r.all()).doesNotContain("eyJ").doesNotContain(github.requestToken());

        Path dir = Path.of(String.valueOf(env.get("AZURE_CONFIG_DIR")));
        String cache = Files.readString(dir.resolve("msal_token_cache.json"));
        assertThat(cache).contains("appmetadata-127.0.0.1-" + deployer.clientId()).contains("\"home_account_id\": \"\"");
        assertThat(Files.readString(dir.resolve("azureProfile.json"))).contains("servicePrincipal").contains(deployer.clientId());
        assertThat(Files.readString(dir.resolve("service_principal_entries.json"))).contains("client_assertion");

        Cli.Result again = world.atmos("auth", "env", "--login");
        assertThat(again.exitCode()).isZero();
        assertThat(github.audiences()).as("every run asks for a fresh token").hasSize(2);
    }

    @Test
    void aTokenFileIsReadAndPassedOnToTerraform() throws Exception {
        Path token = Files.writeString(tmp.resolve("federated-token"), github.token("api://AzureADTokenExchange"));
        for (String k : List.of("GITHUB_ACTIONS", "ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN")) {
            world.host.env(k, null);
        }
        world.host.env("AZURE_FEDERATED_TOKEN_FILE", token.toString());
        RecordingProcessRunner runner = new RecordingProcessRunner(0);
        Cli.Result r = Cli.with(world.host.build()).systemKeyring(world.keyring).processes(runner).run("auth", "exec", "--", "terraform", "plan");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(runner.last().env()).containsEntry("AZURE_FEDERATED_TOKEN_FILE", token.toString())
                .containsEntry("ARM_OIDC_TOKEN_FILE_PATH", token.toString()).containsEntry("ARM_USE_OIDC", "true");
        assertThat(github.audiences()).as("the file was used, not the Actions endpoint").isEmpty();
    }

    @Test
    void missingOidcVariablesAreOneClearErrorNamingThem() {
        for (String k : List.of("GITHUB_ACTIONS", "ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN")) {
            world.host.env(k, null);
        }
        Cli.Result r = world.atmos("auth", "login");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains("error: provider \"azure-ci\" (azure/oidc) found no federated token")
                .contains("missing: GITHUB_ACTIONS=true, ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN")
                .contains("hint: in GitHub Actions give the job 'permissions: id-token: write'");
        assertThat(world.azure.calls()).isEmpty();
    }

    @Test
    void aBranchTheFederatedCredentialDoesNotNameIsRefusedWithWhatEntraCompared() {
        github.job("acme/infrastructure", "refs/heads/feature");
        Cli.Result r = world.atmos("auth", "login");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains("error: Microsoft Entra found no federated credential of application " + deployer.clientId()
                        + " matching this token (AADSTS70021)").contains("subject repo:acme/infrastructure:ref:refs/heads/feature")
                .contains("audience api://AzureADTokenExchange").contains("hint: add a federated credential");
        assertThat(r.all()).doesNotContain("eyJ");
    }
}
