package atmos.stack;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.config.ConfigLoader;
import atmos.testing.Cli;
import atmos.testing.TestHost;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workspaces, backends, command precedence, overrides, locals and includes as `describe component` shows them. */
class ComponentSectionsTest {
    @TempDir
    Path tmp;

    TestHost host;

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp);
        host.write("atmos.yaml", """
                components:
                  terraform:
                    base_path: components/terraform
                    command: tofu
                stacks:
                  base_path: stacks
                  included_paths: ["orgs/**/*"]
                  name_pattern: "{tenant}-{environment}-{stage}"
                """);
        host.write("stacks/orgs/acme/plat/dev.yaml", """
                locals:
                  team: platform
                  owner: "{{ .locals.team }}-team"
                  label: "{{ .locals.team }}-{{ .vars.stage }}-{{ .settings.tier }}"
                settings:
                  tier: gold
                vars:
                  tenant: plat
                  environment: ue2
                  stage: dev
                  owner: "{{ .locals.owner }}"
                  label: "{{ .locals.label }}"
                terraform:
                  backend_type: s3
                  backend:
                    s3: {bucket: tfstate, region: us-east-2}
                  vars:
                    tf_only: true
                components:
                  terraform:
                    vpc:
                      vars:
                        from_tfvars: !include ../../../../tfvars/vpc.tfvars
                        from_json: !include ../../../../json/data.json .items[1]
                    vpc/blue:
                      metadata:
                        component: infra/vpc
                      command: terraform
                    pinned:
                      metadata:
                        terraform_workspace: team/pinned
                    patterned:
                      metadata:
                        terraform_workspace_pattern: "{tenant}-{stage}-{component}"
                    templated:
                      metadata:
                        terraform_workspace_template: "{{ .vars.tenant }}/{{ .vars.stage }}"
                    http:
                      backend_type: http
                      backend:
                        http: {address: "https://state"}
                    overridden:
                      vars: {size: small}
                      overrides:
                        vars: {size: large}
                        command: terragrunt
                """);
        host.write("tfvars/vpc.tfvars", """
                cidr = "10.0.0.0/16" # the block
                azs  = ["a", "b"]
                tags = {
                  Team = "platform"
                }
                count = 3
                """);
        host.write("json/data.json", "{\"items\": [\"x\", {\"y\": true}]}");
    }

    private String q(String component, String query) {
        Cli.Result r = Cli.run(host.build(), "describe", "component", component, "-s", "plat-ue2-dev", "-q", query);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.out().strip();
    }

    @Test
    void workspaces() {
        assertThat(q("vpc", ".workspace")).isEqualTo("plat-ue2-dev");
        assertThat(q("vpc/blue", ".workspace")).isEqualTo("plat-ue2-dev-vpc-blue");
        assertThat(q("pinned", ".workspace")).isEqualTo("team-pinned");
        assertThat(q("patterned", ".workspace")).isEqualTo("plat-dev-patterned");
        assertThat(q("templated", ".workspace")).isEqualTo("plat-dev");
        assertThat(q("http", ".workspace")).isEqualTo("default");
    }

    @Test
    void backendsGetAtmosDefaults() {
        assertThat(q("vpc", ".backend")).isEqualTo("bucket: tfstate\nregion: us-east-2\nworkspace_key_prefix: vpc");
        assertThat(q("vpc/blue", ".backend.workspace_key_prefix")).isEqualTo("infra-vpc");
        assertThat(q("vpc", ".remote_state_backend_type")).isEqualTo("s3");
        assertThat(q("vpc", ".remote_state_backend.bucket")).isEqualTo("tfstate");
        assertThat(q("http", ".backend")).isEqualTo("address: https://state");
    }

    @Test
    void commandAndOverridesTakeTheMostSpecificValue() {
        assertThat(q("vpc", ".command")).isEqualTo("tofu");
        assertThat(q("vpc/blue", ".command")).isEqualTo("terraform");
        assertThat(q("overridden", ".command")).isEqualTo("terragrunt");
        assertThat(q("overridden", ".vars.size")).isEqualTo("large");
        assertThat(q("vpc", ".vars.tf_only")).isEqualTo("true");
    }

    @Test
    void localsResolveInTheirFile() {
        assertThat(q("vpc", ".vars.owner")).isEqualTo("platform-team");
    }

    @Test
    void localsReadTheSettingsAndVarsOfTheirFileAsWritten() {
        assertThat(q("vpc", ".vars.label")).isEqualTo("platform-dev-gold");
    }

    @Test
    void includesReadTfvarsAndJsonWithAQuery() {
        assertThat(q("vpc", ".vars.from_tfvars")).isEqualTo("azs:\n  - a\n  - b\ncidr: 10.0.0.0/16\ncount: 3\ntags:\n  Team: platform");
        assertThat(q("vpc", ".vars.from_json")).isEqualTo("\"y\": true");
    }

    @Test
    void eachManifestIsReadOnceWhateverTheNumberOfStacksImportingIt() {
        host.write("atmos.yaml", "stacks:\n  base_path: stacks\n  included_paths: [\"deploy/*\"]\n");
        host.write("stacks/catalog/shared.yaml", "import: [catalog/base]\ncomponents:\n  terraform:\n    vpc: {vars: {a: 1}}\n");
        host.write("stacks/catalog/base.yaml", "vars: {region: us-east-2}\n");
        for (int i = 0; i < 20; i++) {
            host.write("stacks/deploy/s" + i + ".yaml", "import: [catalog/shared]\nvars: {i: " + i + "}\n");
        }
        var h = host.build();
        StackSettings settings = StackSettings.from(new ConfigLoader(h, null).load(ConfigLoader.Selection.NONE), h);
        Manifests manifests = new Manifests(settings);
        StackLoader loader = new StackLoader(settings, manifests, GoTemplateRenderer.of(h));
        for (int i = 0; i < 20; i++) {
            loader.load(host.cwd().resolve("stacks/deploy/s" + i + ".yaml"));
        }
        assertThat(manifests.reads()).isEqualTo(22);
        assertThat(manifests.parses()).isEqualTo(22);
    }
}
