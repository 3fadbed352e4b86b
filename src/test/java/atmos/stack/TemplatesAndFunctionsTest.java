package atmos.stack;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.Cli;
import atmos.testing.TestHost;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Go templates in component sections and YAML functions, as `describe component` shows them. */
class TemplatesAndFunctionsTest {
    @TempDir
    Path tmp;

    TestHost host;

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp).env("TEAM", "platform");
        host.write("atmos.yaml", """
                stacks:
                  base_path: stacks
                  included_paths: ["deploy/**/*"]
                  name_template: "{{ .vars.tenant | lower }}-{{ .vars.stage }}"
                templates:
                  settings:
                    enabled: true
                    evaluations: 2
                """);
        host.write("stacks/deploy/dev.yaml", """
                vars:
                  tenant: PLAT
                  stage: dev
                components:
                  terraform:
                    vpc:
                      metadata:
                        component: vpc-base
                      vars:
                        name: "{{ .vars.tenant | lower }}-{{ .atmos_component }}-{{ .vars.stage }}"
                        count: "{{ len .vars.zones }}"
                        zones: [a, b, c]
                        workspace_seen: "{{ .workspace }}"
                        stack_seen: "{{ .atmos_stack }}"
                        label: '{{ "{{" }} .vars.stage {{ "}}" }}'
                        team: !env TEAM
                        missing_env: !env NOPE fallback
                        shell: !exec echo hello
                        gone: !unset
                        literal: !literal "${var.not_a_function}"
                    reader:
                      vars:
                        name: reader
                        state: !store ssm vpc vpc_id
                """);
    }

    private String q(String query, String... extra) {
        String[] args = new String[6 + extra.length];
        System.arraycopy(new String[]{"describe", "component", "vpc", "-s", "plat-dev", "-q", query}, 0, args, 0, 6);
        args[5] = "-q" + query;
        System.arraycopy(extra, 0, args, 6, extra.length);
        Cli.Result r = Cli.with(host.build()).processes((cmd, env, dir) -> {
            throw new AssertionError("unexpected process " + cmd);
        }).run(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.out();
    }

    @Test
    void templatesSeeTheComponentsSectionsAndRenderedValuesTakeYamlTypes() {
        assertThat(q(".vars.name")).isEqualTo("plat-vpc-dev\n");
        assertThat(q(".vars.count")).isEqualTo("\"3\"\n");
        assertThat(q(".vars.workspace_seen")).isEqualTo("plat-dev-vpc\n");
        assertThat(q(".vars.stack_seen")).isEqualTo("plat-dev\n");
        assertThat(q(".workspace")).isEqualTo("plat-dev-vpc\n");
    }

    @Test
    void evaluationsRenderTheResultAgain() {
        // first pass produces "{{ .vars.stage }}", the second renders it
        assertThat(q(".vars.label")).isEqualTo("dev\n");
    }

    @Test
    void withoutProcessTemplatesTheTextStays() {
        assertThat(q(".vars.name", "--process-templates=false")).isEqualTo("'{{ .vars.tenant | lower }}-{{ .atmos_component }}-{{ .vars.stage }}'\n");
    }

    @Test
    void yamlFunctionsAreEvaluatedOrKeptAsText() {
        assertThat(q(".vars.team")).isEqualTo("platform\n");
        assertThat(q(".vars.missing_env")).isEqualTo("fallback\n");
        assertThat(q(".vars.shell")).isEqualTo("hello\n");
        assertThat(q(".vars | keys")).doesNotContain("gone");
        assertThat(q(".vars.literal")).isEqualTo("${var.not_a_function}\n");
    }

    @Test
    void functionsCanBeSkippedOrLeftAlone() {
        assertThat(q(".vars.team", "--process-functions=false")).isEqualTo("'!env TEAM'\n");
        assertThat(q(".vars.shell", "--skip", "exec")).isEqualTo("'!exec echo hello'\n");
        assertThat(q(".vars.team", "--skip", "!exec")).isEqualTo("platform\n");
    }

    /** What needs a store or a cloud is one clear error, never the function's text as a value. */
    @Test
    void functionsThatNeedAStoreAreAnErrorUnlessSkipped() {
        Cli.Result r = Cli.run(host.build(), "describe", "component", "reader", "-s", "plat-dev");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: stacks/deploy/dev.yaml:24: the YAML function !store is not supported by atmos-java"
                        + " (it reads an external store): vars.state: !store ssm vpc vpc_id\n")
                .contains("hint: see the stack without it: --skip store (keeps the text) or --process-functions=false")
                .doesNotContain("\tat ");
        assertThat(Cli.run(host.build(), "describe", "stacks").exitCode()).isEqualTo(3);
        Cli.Result skipped = Cli.run(host.build(), "describe", "component", "reader", "-s", "plat-dev", "--skip", "store",
                "-q", ".vars.state");
        assertThat(skipped.out()).isEqualTo("'!store ssm vpc vpc_id'\n");
        assertThat(Cli.run(host.build(), "describe", "stacks", "--process-functions=false", "-q", ".plat-dev.components.terraform.reader.vars.state")
                .out()).isEqualTo("'!store ssm vpc vpc_id'\n");
        assertThat(Cli.run(host.build(), "list", "stacks").out()).isEqualTo("plat-dev\n");
    }

    /** !git.* read the repository's own files (no git process); !tags and !labels the component's metadata. */
    @Test
    void gitAndMetadataFunctions() {
        host.write(".git/HEAD", "ref: refs/heads/main\n");
        host.write(".git/refs/heads/main", "0123456789abcdef0123456789abcdef01234567\n");
        host.write(".git/config", "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = git@github.com:acme/infra.git\n");
        host.write("stacks/deploy/git.yaml", """
                vars: {tenant: PLAT, stage: git}
                components:
                  terraform:
                    info:
                      metadata:
                        tags: [network, core]
                        labels: {team: platform, tier: "1"}
                      vars:
                        sha: !git.sha
                        branch: !git.branch
                        repository: !git.repository
                        host: !git.host
                        url: !git.url
                        tags: !tags
                        labels: !labels
                        label_keys: !labels.keys
                """);
        Cli.Result r = Cli.run(host.build(), "describe", "component", "info", "-s", "plat-git", "-q", ".vars", "--format", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().replaceAll("\\s", "")).contains("\"sha\":\"0123456789abcdef0123456789abcdef01234567\"")
                .contains("\"branch\":\"main\"").contains("\"repository\":\"acme/infra\"").contains("\"host\":\"github.com\"")
                .contains("\"url\":\"git@github.com:acme/infra.git\"").contains("\"tags\":[\"network\",\"core\"]")
                .contains("\"labels\":{\"team\":\"platform\",\"tier\":\"1\"}").contains("\"label_keys\":[\"team\",\"tier\"]");
    }

    @Test
    void templatesAreOffUnlessAtmosYamlEnablesThem() {
        host.write("atmos.yaml", """
                stacks:
                  base_path: stacks
                  included_paths: ["deploy/**/*"]
                  name_template: "{{ .vars.tenant | lower }}-{{ .vars.stage }}"
                """);
        assertThat(q(".vars.stack_seen")).isEqualTo("'{{ .atmos_stack }}'\n");
        // the name template is always rendered
        assertThat(Cli.run(host.build(), "list", "stacks").out()).isEqualTo("plat-dev\n");
    }
}
