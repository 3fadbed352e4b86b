package atmos.stack;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.Cli;
import atmos.testing.TestHost;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * More of the Go Atmos's scenario fixtures, with what its tests assert on them: component paths
 * ({@code tests/test-cases/component-path-resolution.yaml}), custom delimiters
 * ({@code tests/yaml_functions_custom_delimiters_test.go}), top-level stack composition
 * ({@code internal/exec/top_level_stack_composition_test.go}), name patterns with missing vars
 * ({@code internal/exec/stack_manifest_name_test.go}), computed CI names, and how what atmos-java
 * does not support fails: one line, no stack trace, never a wrong value.
 */
class UpstreamScenariosTest {
    @TempDir
    static Path tmp;

    static Upstream upstream;

    @BeforeAll
    static void copy() {
        upstream = Upstream.copy(tmp);
    }

    private static TestHost in(String dir) {
        return upstream.host(tmp, "scenarios/" + dir);
    }

    private static Map<String, Object> json(TestHost host, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--format";
        all[args.length + 1] = "json";
        Cli.Result r = Cli.run(host.build(), all);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        try {
            return JSON.std.mapFrom(r.out());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> m, String... path) {
        Object cur = m;
        for (String p : path) {
            assertThat(cur).as(p).isInstanceOf(Map.class);
            cur = ((Map<String, Object>) cur).get(p);
        }
        assertThat(cur).isInstanceOf(Map.class);
        return (Map<String, Object>) cur;
    }

    private static void failsWithOneLine(Cli.Result r, int exit, String... fragments) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(exit);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: ").contains(fragments).doesNotContain("\tat ").doesNotContain("Exception");
    }

    // ---------------------------------------------------------------- component paths

    /** component-path-resolution.yaml: `.`, a relative path and the plain name give the same component. */
    @Test
    void aComponentGivenAsItsDirectoryIsTheStacksComponentThere() {
        String expected = Cli.run(in("complete").build(), "describe", "component", "top-level-component1", "--stack", "tenant1-ue2-dev").out();
        assertThat(expected).contains("component: top-level-component1");
        Cli.Result dot = Cli.run(in("complete/components/terraform/top-level-component1").build(),
                "describe", "component", ".", "--stack", "tenant1-ue2-dev");
        assertThat(dot.exitCode()).as(dot.toString()).isZero();
        assertThat(dot.out()).isEqualTo(expected);
        Cli.Result relative = Cli.run(in("complete/components/terraform").build(),
                "describe", "component", "./top-level-component1", "--stack", "tenant1-ue2-dev");
        assertThat(relative.out()).isEqualTo(expected);
    }

    /** A directory several components use is ambiguous; the stacks directory and the base directory are no component. */
    @Test
    void aComponentPathThatNamesNoSingleComponentIsAUsageError() {
        failsWithOneLine(Cli.run(in("complete/components/terraform/infra/vpc").build(), "describe", "component", ".", "--stack", "tenant1-ue2-dev"),
                2, "ambiguous component path", "Matching components: infra/vpc, vpc, vpc/new");
        failsWithOneLine(Cli.run(in("complete").build(), "describe", "component", "./stacks", "--stack", "tenant1-ue2-dev"),
                2, "path is not within Atmos component directories", "stacks configuration directory");
        failsWithOneLine(Cli.run(in("complete/components/terraform").build(), "describe", "component", ".", "--stack", "tenant1-ue2-dev"),
                2, "failed to resolve component from path");
        failsWithOneLine(Cli.run(in("complete/components/terraform/top-level-component1").build(), "describe", "component", ".", "--stack",
                "nonexistent-stack"), 2, "stack not found");
    }

    /** terraform takes the same paths (component-path-resolution.yaml, --dry-run). */
    @Test
    void terraformTakesAComponentPath() {
        Cli.Result r = Cli.run(in("complete/components/terraform/top-level-component1").build(), "terraform", "plan", ".", "--stack",
                "tenant1-ue2-dev", "--dry-run", "-i", "off");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Component:  top-level-component1 in stack tenant1-ue2-dev");
    }

    // ---------------------------------------------------------------- computed values

    /** describe component computes spacelift_stack and atlantis_project before templates use them. */
    @Test
    void ciNamesAreComputedBeforeTemplates() {
        Map<String, Object> c = json(in("complete").env("ATMOS_DESCRIBE_COMPONENT_FILTER", "full"),
                "describe", "component", "top-level-component1", "-s", "tenant1-ue2-dev");
        assertThat(c).containsEntry("spacelift_stack", "tenant1-ue2-dev-top-level-component1")
                .containsEntry("atlantis_project", "tenant1-ue2-dev-top-level-component1");
        assertThat(at(c, "vars", "tags")).containsEntry("spacelift_stack", "tenant1-ue2-dev-top-level-component1")
                .containsEntry("atlantis_project", "tenant1-ue2-dev-top-level-component1");
    }

    /** yaml_functions_custom_delimiters_test.go: delimiters with quotes survive the sections' YAML. */
    @Test
    void customDelimitersWithQuotes() {
        Map<String, Object> vars = at(json(in("atmos-terraform-state-custom-delimiters"), "describe", "component", "component-1", "-s", "test"),
                "vars");
        assertThat(vars).containsEntry("foo", "component-1-a").containsEntry("bar", "component-1-b").containsEntry("baz", "component-1-c");
    }

    /** template_env_integration_test.go: templates.settings.env of atmos.yaml and of the component are there for `env`. */
    @Test
    void templateSettingsEnvReachesTheTemplates() {
        TestHost host = in("template-env-vars");
        assertThat(at(json(host, "describe", "component", "env-test", "-s", "test"), "vars"))
                .containsEntry("foo", "from-atmos-yaml-from-stack-manifest");
        assertThat(at(json(host, "describe", "stacks"), "test", "components", "terraform", "env-test", "vars"))
                .containsEntry("foo", "from-atmos-yaml-from-stack-manifest");
    }

    // ---------------------------------------------------------------- stack names

    /** top_level_stack_composition_test.go: two top-level manifests compose one logical stack. */
    @Test
    void topLevelManifestsComposeOneStack() {
        for (String[] t : new String[][]{{"top-level-stack-composition", "dev-shared"}, {"top-level-stack-composition-explicit-name", "imperative-shared"}}) {
            Map<String, Object> stacks = json(in(t[0]), "describe", "stacks", "--process-templates=false", "--process-functions=false");
            assertThat(stacks).containsOnlyKeys(t[1]);
            assertThat(at(stacks, t[1], "components", "terraform")).containsKeys("shared", "network", "platform", "dns-primary", "chatops");
            Map<String, Object> shared = json(in(t[0]).env("ATMOS_DESCRIBE_COMPONENT_FILTER", "full"), "describe", "component", "shared", "-s", t[1]);
            assertThat(shared).containsEntry("atmos_stack_file", "parents/01-network");
            assertThat(at(shared, "vars")).containsEntry("name", "shared");
            Map<String, Object> chatops = json(in(t[0]).env("ATMOS_DESCRIBE_COMPONENT_FILTER", "full"), "describe", "component", "chatops", "-s", t[1]);
            assertThat(chatops).containsEntry("atmos_stack_file", "parents/02-platform");
            assertThat(at(chatops, "vars")).containsEntry("name", "chatops").containsEntry("inherited_value", "from-shared-catalog");
        }
    }

    /** TestTopLevelStackCompositionRejectsConflictingDuplicates / …PreservesParentScopes / …RejectsPeerOnlyInheritance. */
    @Test
    void topLevelCompositionConflictsAndScopes() {
        failsWithOneLine(Cli.run(in("top-level-stack-composition-conflict").build(), "describe", "component", "conflicting", "-s", "dev-conflict"),
                3, "duplicate config for the component 'conflicting'", "parents/01-network", "parents/02-platform");
        assertThat(at(json(in("top-level-stack-composition-parent-scope"), "describe", "component", "dns-primary", "-s", "dev-scoped"), "vars"))
                .containsEntry("owner", "network");
        assertThat(at(json(in("top-level-stack-composition-parent-scope"), "describe", "component", "chatops", "-s", "dev-scoped"), "vars"))
                .containsEntry("owner", "platform");
        failsWithOneLine(Cli.run(in("top-level-stack-composition-isolated-inheritance").build(), "describe", "stacks"),
                3, "component 'chatops'", "inherits from 'dns-primary'");
    }

    /**
     * stack_manifest_name_test.go TestDescribeStacks_NameTemplateWorkspace: describe stacks gives a component
     * that points at another Terraform component the stack's name as workspace (Atmos builds it without a base
     * component there); describe component, as Atmos, gives {@code <stack>-<component>}.
     */
    @Test
    void describeStacksWorkspacesAreTheStackName() {
        Map<String, Object> stacks = json(in("stack-manifest-name-template"), "describe", "stacks");
        assertThat(at(stacks, "prod-ue2", "components", "terraform", "vpc")).containsEntry("workspace", "prod-ue2");
        assertThat(at(stacks, "my-explicit-stack", "components", "terraform", "vpc")).containsEntry("workspace", "my-explicit-stack");
        assertThat(json(in("stack-manifest-name-template").env("ATMOS_DESCRIBE_COMPONENT_FILTER", "full"), "describe", "component", "vpc",
                "-s", "prod-ue2")).containsEntry("workspace", "prod-ue2-vpc");
    }

    /** stack_manifest_name_test.go: an explicit name bypasses the pattern; a stack the pattern cannot name keeps its file name. */
    @Test
    void aNamePatternThatCannotBeFilledFallsBackToTheFileName() {
        Map<String, Object> stacks = json(in("stack-name-pattern-missing-vars"), "describe", "stacks");
        assertThat(stacks).containsKeys("no-explicit-name", "my-explicit-stack");
        assertThat(at(json(in("stack-name-pattern-missing-vars").env("ATMOS_DESCRIBE_COMPONENT_FILTER", "full"),
                "describe", "component", "vpc", "-s", "my-explicit-stack"))).containsEntry("atmos_stack", "my-explicit-stack");
    }

    /** remote-state-backend-type-mismatch.yaml: remote_state_backend keys that miss the type in effect fail, naming component and stack. */
    @Test
    void aRemoteStateBackendWithoutTheTypeInEffectIsAnError() {
        failsWithOneLine(Cli.run(in("remote-state-backend-type-mismatch").build(), "describe", "stacks", "-s", "dev"), 3,
                "component \"bootstrap\"", "stack \"sandbox\"", "remote_state_backend_type is \"local\"");
    }

    /** yaml_functions_circular_deps_integration_test.go: a !terraform.state / !terraform.output cycle is reported, not a stack overflow. */
    @Test
    void aCycleOfTerraformStateReferencesIsReported() {
        for (String fixture : new String[]{"yaml-functions-circular-deps", "yaml-functions-circular-deps-mixed"}) {
            failsWithOneLine(Cli.run(in(fixture).build(), "describe", "component", "component-a", "-s", "test"), 3,
                    "circular dependency in YAML functions: component-a in test → component-b in test → component-a in test");
        }
    }

    // ---------------------------------------------------------------- what is not supported

    /** atmos-functions.yaml: !env works; !terraform.output of a component never applied is one clear error naming key and file. */
    @Test
    void terraformOutputOfAnUnappliedComponentIsAClearErrorAndEnvWorks() {
        TestHost host = in("atmos-functions").env("ATMOS_TEST_1", "test-env-and-terraform-output-functions");
        assertThat(at(json(host, "describe", "component", "component-5", "-s", "nonprod"), "vars"))
                .containsEntry("foo", "test-env-and-terraform-output-functions");
        failsWithOneLine(Cli.run(host.build(), "describe", "component", "component-6", "-s", "nonprod"), 3,
                "stacks/deploy/nonprod.yaml:40: terraform state not provisioned for component `component-5` in stack `nonprod`",
                "vars.foo: !terraform.output component-5 foo", "hint: apply the component first, or give a default");
        assertThat(at(json(host, "describe", "component", "component-6", "-s", "nonprod", "--skip", "terraform.output"), "vars"))
                .containsEntry("foo", "!terraform.output component-5 foo");
    }

    /** yaml_functions_custom_delimiters_test.go: !terraform.state with a templated stack reads the local backend's state file. */
    @Test
    void terraformStateReadsTheLocalBackendsStateFile() {
        assertThat(at(json(in("atmos-terraform-state-custom-delimiters"), "describe", "component", "component-2", "-s", "test"), "vars"))
                .containsEntry("foo", "foo-from-state").containsEntry("bar", "bar-from-state").containsEntry("baz", "baz-from-state");
    }

    /** stack-templates-3: the atmos template namespace (atmos.Component) says it is not supported. */
    @Test
    void atmosTemplateFunctionsAreAClearError() {
        Cli.Result r = Cli.run(in("stack-templates-3").env("ATMOS_LOGS_LEVEL", "Warning").build(), "describe", "stacks");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("error calling Component: atmos.Component is not supported by atmos-java")
                .doesNotContain("function \"atmos\" not defined");
    }

    /** describe component --provenance: not supported, said in one line. */
    @Test
    void provenanceIsAClearError() {
        failsWithOneLine(Cli.run(in("complete").build(), "describe", "component", "top-level-component1", "-s", "tenant1-ue2-dev", "--provenance"),
                2, "--provenance is not supported by atmos-java");
    }
}
