package atmos.stack;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.Cli;
import atmos.testing.TestHost;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: one clear error and hint each, a non-zero exit code, no stack trace, nothing on stdout. */
class StackErrorsTest {
    @TempDir
    Path tmp;

    TestHost host;

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp);
        host.write("atmos.yaml", """
                stacks:
                  base_path: stacks
                  included_paths: ["deploy/**/*"]
                  name_template: "{{ .vars.stage }}"
                """);
    }

    private Cli.Result run(String... args) {
        Cli.Result r = Cli.run(host.build(), args);
        assertThat(r.exitCode()).as(r.toString()).isNotZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("error: ").contains("hint: ").doesNotContain("\tat ").doesNotContain("Exception");
        return r;
    }

    @Test
    void aHugeManifestOrIncludeIsRefusedBeforeItIsRead() throws Exception {
        host.write("stacks/deploy/dev.yaml", "vars: {stage: dev}\n");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(host.write("stacks/deploy/huge.yaml", "").toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: 3 GB on paper, nothing on disk
        }
        assertThat(run("list", "stacks").err()).contains("stack manifest").contains("huge.yaml").contains("more than the 4 MiB");
        java.nio.file.Files.delete(host.cwd().resolve("stacks/deploy/huge.yaml"));
        host.write("stacks/deploy/dev.yaml", "vars: {stage: dev, big: !include ../blob.json}\ncomponents: {terraform: {vpc: {vars: {a: 1}}}}\n");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(host.write("stacks/blob.json", "").toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        assertThat(run("describe", "component", "vpc", "-s", "dev").err()).contains("!include").contains("more than the 4 MiB");
    }

    @Test
    void anImportCycleNamesTheWholeChain() {
        host.write("stacks/deploy/dev.yaml", "import: [catalog/a]\nvars: {stage: dev}\n");
        host.write("stacks/catalog/a.yaml", "import: [catalog/b]\n");
        host.write("stacks/catalog/b.yaml", "import: [catalog/a]\n");
        Cli.Result r = run("describe", "stacks");
        assertThat(r.err()).contains("error: import cycle: catalog/a.yaml → catalog/b.yaml → catalog/a.yaml");
    }

    @Test
    void aManifestImportingItselfIsACycle() {
        host.write("stacks/deploy/dev.yaml", "vars: {stage: dev}\nimport:\n  - deploy/dev\n");
        assertThat(run("list", "stacks").err()).contains("imports itself").contains("deploy/dev.yaml");
    }

    @Test
    void aMissingImportNamesTheImportingFileAndLine() {
        host.write("stacks/deploy/dev.yaml", "vars: {stage: dev}\nimport:\n  - catalog/base\n  - catalog/vpcx\n");
        host.write("stacks/catalog/base.yaml", "vars: {a: 1}\n");
        Cli.Result r = run("describe", "component", "vpc", "-s", "dev");
        assertThat(r.err()).contains("error: import 'catalog/vpcx' not found: deploy/dev.yaml:4 imports it")
                .contains("skip_if_missing");
    }

    @Test
    void aMissingImportMarkedSkipIfMissingIsIgnored() {
        host.write("stacks/deploy/dev.yaml", "vars: {stage: dev}\nimport:\n  - path: catalog/nope\n    skip_if_missing: true\n"
                + "components:\n  terraform:\n    vpc: {vars: {a: 1}}\n");
        assertThat(Cli.run(host.build(), "list", "stacks").out()).isEqualTo("dev\n");
    }

    @Test
    void anInvalidNameTemplateIsReportedWithTheTemplate() {
        host.write("atmos.yaml", """
                stacks:
                  base_path: stacks
                  included_paths: ["deploy/**/*"]
                  name_template: "{{ .vars.tenant }}-{{ .vars.stage }}"
                """);
        host.write("stacks/deploy/dev.yaml", "vars: {stage: dev}\ncomponents:\n  terraform:\n    vpc: {vars: {a: 1}}\n");
        Cli.Result r = run("list", "stacks");
        assertThat(r.err()).contains("error: invalid stacks.name_template \"{{ .vars.tenant }}-{{ .vars.stage }}\"")
                .contains("map has no entry for key \"tenant\"");
    }

    @Test
    void anUnknownStackSuggestsCloseNamesAndListStacks() {
        host.write("stacks/deploy/staging.yaml", "vars: {stage: staging}\ncomponents:\n  terraform:\n    vpc: {vars: {a: 1}}\n");
        Cli.Result r = run("describe", "component", "vpc", "-s", "stagin");
        assertThat(r.exitCode()).as("the Go Atmos exits 1").isEqualTo(1);
        assertThat(r.err()).contains("error: invalid stack: stack `stagin` not found")
                .contains("hint: did you mean `staging`? Run `atmos list stacks` to see all available stacks.");
    }

    @Test
    void anUnknownComponentSuggestsCloseNames() {
        host.write("stacks/deploy/dev.yaml", "vars: {stage: dev}\ncomponents:\n  terraform:\n    vpc-flow-logs: {vars: {a: 1}}\n");
        Cli.Result r = run("describe", "component", "vpc-flow-log", "-s", "dev");
        assertThat(r.err()).contains("could not find the component `vpc-flow-log` in the stack `dev`")
                .contains("did you mean `vpc-flow-logs`?");
    }

    @Test
    void inheritingFromAnUndefinedComponentNamesIt() {
        host.write("stacks/deploy/dev.yaml", """
                vars: {stage: dev}
                components:
                  terraform:
                    vpc-defaults: {vars: {a: 1}}
                    vpc:
                      metadata: {inherits: [vpc-default]}
                """);
        Cli.Result r = run("describe", "component", "vpc", "-s", "dev");
        assertThat(r.err()).contains("inherits from 'vpc-default' (using 'metadata.inherits'), but 'vpc-default' is not defined")
                .contains("did you mean 'vpc-defaults'?");
    }

    @Test
    void anUnsupportedYamlTagNamesTheFile() {
        host.write("stacks/deploy/dev.yaml", "vars:\n  stage: dev\n  x: !bogus value\n");
        assertThat(run("list", "stacks").err()).contains("unsupported YAML tag '!bogus' found in file 'deploy/dev.yaml' (line 3)");
    }

    @Test
    void aSectionOfTheWrongTypeNamesItAndTheFile() {
        host.write("stacks/deploy/dev.yaml", "vars: [stage, dev]\ncomponents:\n  terraform:\n    vpc: {vars: {a: 1}}\n");
        assertThat(run("list", "stacks").err()).contains("invalid 'vars' section in the file 'deploy/dev'");
    }

    @Test
    void invalidYamlNamesTheFileAndLine() {
        host.write("stacks/deploy/dev.yaml", "vars:\n  stage: dev\n   bad: [\n");
        assertThat(run("list", "stacks").err()).contains("deploy/dev.yaml:3: invalid YAML");
    }

    @Test
    void noStackManifestsIsAConfigurationErrorExceptForListStacks() {
        host.write("stacks/other/dev.yaml", "vars: {stage: dev}\n");
        Cli.Result r = run("describe", "stacks");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("no stack manifests found in the paths [deploy/**/*]");
        // as the Go Atmos: a project with no stacks yet lists none
        Cli.Result list = Cli.run(host.build(), "list", "stacks");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).isEmpty();
        assertThat(list.err()).contains("No stacks found");
    }

    @Test
    void describingNeverTouchesTheKeyring() {
        host.write("atmos.yaml", """
                stacks: {base_path: stacks, included_paths: ["**/*"]}
                auth:
                  keyring: {type: file}
                  providers: {p: {kind: mock}}
                  identities: {i: {kind: mock, default: true, via: {provider: p}}}
                """);
        host.write("stacks/dev.yaml", "components:\n  terraform:\n    vpc: {vars: {a: 1}}\n");
        Cli.Result r = Cli.with(host.build()).run("describe", "component", "vpc", "-s", "dev", "-q", ".vars.a");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("1\n");
        assertThat(tmp.resolve("home/.local/share/atmos")).doesNotExist();
    }
}
