package atmos.cli.describe;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.system.Host;
import atmos.testing.Cli;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The describe and list commands' flags and output forms. */
class DescribeAndListCommandsTest {
    @TempDir
    Path tmp;

    TestHost host;

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp);
        host.write("atmos.yaml", """
                stacks:
                  base_path: stacks
                  included_paths: ["deploy/*"]
                  name_pattern: "{tenant}-{stage}"
                """);
        host.write("stacks/catalog.yaml", """
                components:
                  terraform:
                    vpc-defaults:
                      metadata: {type: abstract}
                      vars: {cidr: 10.0.0.0/16}
                    vpc:
                      vars: {name: vpc}
                    vpc2:
                      metadata: {inherits: [vpc-defaults]}
                      vars: {name: vpc2}
                    vpc-flow-logs:
                      component: vpc
                  helmfile:
                    nginx: {vars: {replicas: 2}}
                """);
        host.write("stacks/deploy/dev.yaml", "import: [catalog]\nvars: {tenant: plat, stage: dev}\n");
        host.write("stacks/deploy/prod.yaml", "import: [catalog]\nvars: {tenant: plat, stage: prod}\n"
                + "components:\n  terraform:\n    eks: {vars: {a: 1}}\n");
    }

    private Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(host.build(), args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void listStacksPlainAndByComponentAndFormats() {
        assertThat(ok("list", "stacks").out()).isEqualTo("plat-dev\nplat-prod\n");
        assertThat(ok("list", "stacks", "-c", "eks").out()).isEqualTo("plat-prod\teks\n");
        assertThat(ok("list", "stacks", "--format", "json").out()).isEqualTo("[\n  {\n    \"Stack\": \"plat-dev\"\n  },\n  {\n    \"Stack\": \"plat-prod\"\n  }\n]\n");
        assertThat(ok("list", "stacks", "-f", "csv").out()).isEqualTo("Stack\nplat-dev\nplat-prod\n");
        assertThat(ok("list", "stacks", "-f", "yaml").out()).isEqualTo("- Stack: plat-dev\n- Stack: plat-prod\n");
    }

    @Test
    void listStacksOnATerminalIsATable() {
        Cli.Result r = Cli.run(host.terminals(new Host.Terminals(false, true, true)).build(), "list", "stacks");
        assertThat(r.out()).startsWith("Stack").contains("─").contains("plat-prod");
    }

    @Test
    void listComponentsCountsStacksAndHidesAbstractOnes() {
        assertThat(ok("list", "components").out()).isEqualTo(
                "eks\tterraform\t1\nnginx\thelmfile\t2\nvpc\tterraform\t2\nvpc-flow-logs\tterraform\t2\nvpc2\tterraform\t2\n");
        assertThat(ok("list", "components", "-s", "*-dev").out()).doesNotContain("eks");
        assertThat(ok("list", "components", "--type", "abstract").out()).isEqualTo("vpc-defaults\tterraform\t2\n");
    }

    @Test
    void describeStacksFilters() {
        String all = ok("describe", "stacks", "-q", ".plat-dev.components | keys").out();
        assertThat(all).isEqualTo("- helmfile\n- terraform\n");
        String filtered = ok("describe", "stacks", "-s", "plat-prod", "--components", "vpc", "--sections", "vars,workspace",
                "--format", "json").out();
        assertThat(filtered).contains("\"plat-prod\"").doesNotContain("plat-dev").contains("\"vpc-flow-logs\"")
                // as the Go Atmos's describe stacks: the stack's name, without -<component> (describe component adds it)
                .contains("\"workspace\": \"plat-prod\"").doesNotContain("\"settings\"").doesNotContain("\"eks\"");
        String helmfile = ok("describe", "stacks", "--component-types", "helmfile", "-q", ".plat-dev.components.helmfile.nginx.vars").out();
        assertThat(helmfile).isEqualTo("replicas: 2\nstage: dev\ntenant: plat\n");
        assertThat(ok("describe", "stacks", "-s", "deploy/dev", "-q", ". | keys").out()).isEqualTo("- plat-dev\n");
    }

    @Test
    void describeComponentWritesAFileAndInheritsFromBases() {
        ok("describe", "component", "vpc", "-s", "plat-dev", "--file", "out/vpc.json", "--format", "json");
        assertThat(host.cwd().resolve("out/vpc.json")).exists();
        assertThat(ok("describe", "component", "vpc2", "-s", "plat-dev", "-q", ".vars").out()).isEqualTo(
                "cidr: 10.0.0.0/16\nname: vpc2\nstage: dev\ntenant: plat\n");
        assertThat(ok("describe", "component", "vpc2", "-s", "plat-dev", "-q", ".component").out()).isEqualTo("vpc2\n");
        // legacy `component:` points vpc-flow-logs at vpc's directory and inherits its configuration
        assertThat(ok("describe", "component", "vpc-flow-logs", "-s", "plat-dev", "-q", ".component").out()).isEqualTo("vpc\n");
        assertThat(ok("describe", "component", "vpc-flow-logs", "-s", "plat-dev", "-q", ".vars.name").out()).isEqualTo("vpc\n");
        // a helmfile component is found too
        assertThat(ok("describe", "component", "nginx", "-s", "plat-dev", "-q", ".component_type").out()).isEqualTo("helmfile\n");
        // describing an abstract component works, as in Atmos
        assertThat(ok("describe", "component", "vpc-defaults", "-s", "plat-dev", "-q", ".metadata.type").out()).isEqualTo("abstract\n");
    }

    @Test
    void describeComponentNeedsAStack() throws Exception {
        Cli.Result r = Cli.run(host.build(), "describe", "component", "vpc");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--stack=STACK'");
        assertThat(Files.exists(host.cwd().resolve("out"))).isFalse();
    }
}
