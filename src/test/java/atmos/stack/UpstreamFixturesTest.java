package atmos.stack;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Go Atmos scenario fixtures, checked against the expectations upstream's own tests assert
 * ({@code tests/test-cases/*.yaml}, {@code internal/exec/*_test.go}, and the fixtures' comments).
 */
class UpstreamFixturesTest {
    @TempDir
    static Path tmp;

    static Upstream upstream;

    @BeforeAll
    static void copy() {
        upstream = Upstream.copy(tmp);
    }

    private String query(String fixture, String component, String stack, String query, String... extra) {
        String[] args = new String[6 + extra.length];
        args[0] = "describe";
        args[1] = "component";
        args[2] = component;
        args[3] = "-s";
        args[4] = stack;
        args[5] = "-q" + query;
        System.arraycopy(extra, 0, args, 6, extra.length);
        Cli.Result r = upstream.run(tmp, fixture, args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.out();
    }

    /** tests/test-cases/atmos-overrides-section.yaml: inline and imported `overrides`, team files. */
    @ParameterizedTest(name = "{0}: a={1} b={2} c={3}")
    @CsvSource({"prod,a-prod,b-prod,c-prod", "staging,a-staging,b-team2,c-team1", "dev,a-dev,b-team2,c-team1",
            "sandbox,a-team2,b-team2,c-team1", "test,a-test-2,b-test,c-team1"})
    void overridesApplyInlineAndThroughImports(String stack, String a, String b, String c) {
        String vars = query("scenarios/atmos-overrides-section", "c1", stack, ".vars.test");
        assertThat(vars).isEqualTo("a: " + a + "\nb: " + b + "\nc: " + c + "\nd: d\n");
    }

    /** component-list-merge-strategy fixture (issue #2396): settings.list_merge_strategy per component and base. */
    @ParameterizedTest(name = "{0} → {2}")
    @CsvSource(delimiter = '|', value = {
            "append-component|.vars.tags|[\"base-tag-1\",\"base-tag-2\",\"child-tag\"]",
            "replace-component|.vars.tags|[\"child-tag\"]",
            "inherit-strategy-component|.vars.tags|[\"base-tag-1\",\"base-tag-2\",\"child-tag\"]",
            "mi-append|.vars.my_list|[\"from_a\",\"from_b\"]",
            "mi-replace|.vars.my_list|[\"from_b\"]",
            "mi-multi-level-append|.vars.my_list|[\"from_a\",\"from_middle\",\"from_leaf\"]",
            "mi-merge-strategy|.vars.my_list|[\"from_a\"]"})
    void listMergeStrategyFollowsTheComponentAndItsBases(String component, String path, String expected) {
        String json = query("scenarios/component-list-merge-strategy", component, "dev", path, "--format", "json");
        assertThat(json.replaceAll("\\s", "")).isEqualTo(expected);
    }

    /** component-inheritance-without-metadata-component: inherits vars, keeps its own directory and the stack's workspace. */
    @Test
    void aComponentInheritingWithoutMetadataComponentKeepsItsOwnDirectory() {
        String fx = "scenarios/component-inheritance-without-metadata-component";
        assertThat(query(fx, "derived-component", "test", ".vars")).isEqualTo(
                "base_var: base-value\nderived_var: derived-value\nenabled: true\nname: derived-component\nstage: test\n");
        assertThat(query(fx, "derived-component", "test", ".component")).isEqualTo("derived-component\n");
        assertThat(query(fx, "derived-component", "test", ".workspace")).isEqualTo("test\n");
        assertThat(query(fx, "derived-component", "test", ".inheritance")).isEqualTo("- base-component\n");
    }

    /** env fixture: a global env: in an imported catalog reaches the component. */
    @Test
    void globalEnvFromAnImportReachesTheComponent() {
        assertThat(query("scenarios/env", "env-example", "staging", ".env")).isEqualTo("EXAMPLE: test\n");
    }

    /** basic fixture: name_template over vars.stage; a component pointing at another directory gets <stack>-<component>. */
    @Test
    void basicFixtureNamesStacksByTemplateAndDerivesTheWorkspace() {
        assertThat(upstream.run(tmp, "scenarios/basic", "list", "stacks").out()).isEqualTo("nonprod\nprod\n");
        String fx = "scenarios/basic";
        assertThat(query(fx, "mycomponent", "prod", ".vars")).isEqualTo(
                "bar: bar prod override\nbaz: baz catalog default\nfoo: foo prod override\nstage: prod\n");
        assertThat(query(fx, "mycomponent", "prod", ".workspace")).isEqualTo("prod-mycomponent\n");
        assertThat(query(fx, "mycomponent", "nonprod", ".component")).isEqualTo("mock\n");
    }

    /** tests/test-cases/auth-identity-resolution-bugs.yaml: imported default identity, stack-scoped defaults. */
    @Test
    void authDefaultsAreScopedToTheStackThatDeclaresThem() {
        assertThat(query("scenarios/auth-imported-defaults", "mycomponent", "acme-dev", ".auth.identities.dev-identity.default",
                "--identity", "off")).isEqualTo("true\n");
        assertThat(query("scenarios/auth-stack-scoping", "monitoring", "data-staging", ".auth.identities.data-default.default",
                "--process-functions=false")).isEqualTo("true\n");
        assertThat(query("scenarios/auth-stack-scoping", "eks", "plat-staging", ".auth.identities.data-default.default",
                "--process-functions=false")).isEqualTo("null\n");
    }

    /** stack-manifest-name: the component found through the legacy `component:` attribute keeps its own name. */
    @Test
    void stackManifestNameIsTheStacksOnlyName() {
        Cli.Result r = upstream.run(tmp, "scenarios/stack-manifest-name", "describe", "component", "vpc", "-s", "legacy-prod");
        assertThat(r.exitCode()).isNotZero();
        assertThat(query("scenarios/stack-manifest-name", "vpc", "my-legacy-prod-stack", ".atmos_stack_file")).isEqualTo("legacy-prod\n");
    }

    /** quick-start-simple example: every stack lists and describes. */
    @Test
    void quickStartSimpleDescribesEveryStack() {
        Cli.Result list = upstream.run(tmp, "examples/quick-start-simple", "list", "stacks");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out().lines().toList()).isNotEmpty();
        Cli.Result all = upstream.run(tmp, "examples/quick-start-simple", "describe", "stacks", "--format", "json");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        for (String stack : list.out().lines().toList()) {
            assertThat(all.out()).contains("\"" + stack + "\": {");
        }
    }
}
