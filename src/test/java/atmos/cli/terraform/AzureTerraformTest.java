package atmos.cli.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.AzureWorld;
import atmos.testing.Cli;
import atmos.testing.FakeAzure;
import atmos.testing.RecordingProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atmos terraform plan <component> -s <stack>} where the stack's default identity is an
 * azure/subscription: one device-code sign-in before Terraform starts, and every Terraform step (init,
 * workspace, plan) gets the subscription, ARM_USE_CLI and the isolated AZURE_CONFIG_DIR.
 */
class AzureTerraformTest {
    @TempDir
    Path tmp;

    AzureWorld world;

    @BeforeEach
    void setUp() {
        world = new AzureWorld(tmp);
        world.azure.autoApproveDevices(world.alice, Duration.ZERO);
        String auth = world.config().substring(world.config().indexOf("auth:"));
        world.host.write("atmos.yaml", """
                base_path: .
                components:
                  terraform: {base_path: components/terraform, command: terraform}
                stacks:
                  base_path: stacks
                  included_paths: ["**/*"]
                  name_pattern: "{stage}"
                """ + auth.replace("      default: true\n", ""));
        world.host.write("stacks/dev.yaml", """
                vars: {stage: dev}
                auth: {identities: {dev: {default: true}}}
                components: {terraform: {network: {vars: {address_space: 10.0.0.0/16}}}}
                """);
        world.host.write("components/terraform/network/main.tf", "variable \"address_space\" {}\n");
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void everyTerraformStepRunsAsTheStacksAzureSubscription() {
        RecordingProcessRunner terraform = new RecordingProcessRunner(0);
        Cli.Result r = Cli.with(world.host.build()).systemKeyring(world.keyring).processes(terraform).run("terraform", "plan", "network", "-s", "dev");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(terraform.runs()).hasSize(3);
        assertThat(terraform.runs().get(2).command()).contains("plan");
        Path configDir = world.host.home().resolve(".config/atmos/az/azure/azure-dev/dev");
        for (RecordingProcessRunner.Run run : terraform.runs()) {
            Map<String, String> env = run.env();
            assertThat(env).containsEntry("ARM_SUBSCRIPTION_ID", world.dev.id()).containsEntry("ARM_USE_CLI", "true")
                    .containsEntry("AZURE_CONFIG_DIR", configDir.toString()).containsEntry("AZURE_RESOURCE_GROUP", "rg-dev")
                    .doesNotContainKey("ARM_TENANT_ID");
        }
        assertThat(world.azure.tokens(FakeAzure.DEVICE_GRANT)).isEqualTo(1);
        assertThat(configDir.resolve("msal_token_cache.json")).exists();

        Cli.Result again = Cli.with(world.host.build()).systemKeyring(world.keyring).processes(terraform).run("terraform", "plan", "network", "-s", "dev");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(world.azure.tokens(FakeAzure.DEVICE_GRANT)).as("the cached session, no second sign-in").isEqualTo(1);
    }
}
