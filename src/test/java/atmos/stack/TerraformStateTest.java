package atmos.stack;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.Cli;
import atmos.testing.TestHost;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * !terraform.state and !terraform.output without a cloud: the local backend's state file (per
 * workspace), a static remote state backend, yq defaults for state not provisioned yet, and one clear
 * error for other backends and for cycles.
 */
class TerraformStateTest {
    @TempDir
    Path tmp;

    TestHost host;

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp);
        host.write("atmos.yaml", """
                components: {terraform: {base_path: components/terraform}}
                stacks: {base_path: stacks, included_paths: ["deploy/**/*"], name_template: "{{ .vars.stage }}"}
                """);
        host.write("components/terraform/vpc/main.tf", "");
        host.write("components/terraform/app/main.tf", "");
        host.write("components/terraform/vpc/terraform.tfstate.d/dev/terraform.tfstate", """
                {"version": 4, "outputs": {"vpc_id": {"value": "vpc-123", "type": "string"},
                 "subnets": {"value": ["a", "b"], "type": ["list", "string"]}}}
                """);
        host.write("stacks/deploy/dev.yaml", """
                vars: {stage: dev}
                terraform: {backend_type: local}
                components:
                  terraform:
                    vpc: {vars: {name: vpc}}
                    app:
                      vars:
                        vpc_id: !terraform.state vpc vpc_id
                        first_subnet: !terraform.output vpc dev .subnets[0]
                        missing: !terraform.state vpc .nope // "fallback"
                    never-applied:
                      metadata: {component: app}
                      vars:
                        with_default: !terraform.state app .x // ["d1", "d2"]
                    reader:
                      metadata: {component: app}
                      vars:
                        strict: !terraform.state app .x
                    static-source:
                      metadata: {component: app}
                      remote_state_backend_type: static
                      remote_state_backend: {static: {endpoint: https://example.com}}
                    static-reader:
                      metadata: {component: app}
                      vars:
                        endpoint: !terraform.state static-source .endpoint
                    s3-source:
                      metadata: {component: app}
                      backend_type: s3
                      backend: {s3: {bucket: b}}
                    s3-reader:
                      metadata: {component: app}
                      vars:
                        v: !terraform.output s3-source .v
                    loop-a:
                      metadata: {component: app}
                      vars: {v: !terraform.state loop-b .v}
                    loop-b:
                      metadata: {component: app}
                      vars: {v: !terraform.state loop-a .v}
                """);
    }

    private String vars(String component) {
        Cli.Result r = Cli.run(host.build(), "describe", "component", component, "-s", "dev", "-q", ".vars", "--format", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.out().replaceAll("\\s", "");
    }

    private Cli.Result fails(String component) {
        Cli.Result r = Cli.run(host.build(), "describe", "component", component, "-s", "dev");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).startsWith("error: ").doesNotContain("\tat ");
        return r;
    }

    @Test
    void outputsComeFromTheLocalStateOfTheComponentsWorkspace() {
        assertThat(vars("app")).contains("\"vpc_id\":\"vpc-123\"").contains("\"first_subnet\":\"a\"").contains("\"missing\":\"fallback\"");
    }

    @Test
    void aDefaultStandsInForStateNotProvisionedYet() {
        assertThat(vars("never-applied")).contains("\"with_default\":[\"d1\",\"d2\"]");
        assertThat(fails("reader").err()).contains("stacks/deploy/dev.yaml:18: terraform state not provisioned for component `app` in stack `dev`");
    }

    @Test
    void aStaticRemoteStateBackendIsItsOwnState() {
        assertThat(vars("static-reader")).contains("\"endpoint\":\"https://example.com\"");
    }

    @Test
    void otherBackendsAndCyclesAreOneClearError() {
        assertThat(fails("s3-reader").err()).contains("the YAML function !terraform.output is not supported by atmos-java for the s3 backend");
        assertThat(fails("loop-a").err()).contains("circular dependency in YAML functions: loop-a in dev → loop-b in dev → loop-a in dev");
    }
}
