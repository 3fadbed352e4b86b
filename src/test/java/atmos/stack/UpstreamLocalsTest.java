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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Go Atmos's {@code tests/cli_locals_test.go}, assertion for assertion, on its {@code locals*}
 * fixtures and {@code examples/locals}: {@code describe component}, {@code describe stacks} and
 * {@code describe locals} through the whole CLI, in-process.
 */
class UpstreamLocalsTest {
    @TempDir
    static Path tmp;

    static Upstream upstream;

    @BeforeAll
    static void copy() {
        upstream = Upstream.copy(tmp);
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

    /** Everything, as the Go tests' ExecuteDescribeComponent returns it (the CLI prints the manifest sections only). */
    private static Map<String, Object> component(String fixture, String component, String stack) {
        return json(upstream.host(tmp, "scenarios/" + fixture).env("ATMOS_DESCRIBE_COMPONENT_FILTER", "full"),
                "describe", "component", component, "-s", stack);
    }

    private static Map<String, Object> vars(String fixture, String component, String stack) {
        return map(component(fixture, component, stack).get("vars"));
    }

    private static Map<String, Object> locals(String fixture, String stack) {
        return json(upstream.host(tmp, fixture), "describe", "locals", "-s", stack);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    private static Map<String, Object> at(Map<String, Object> m, String... path) {
        Map<String, Object> cur = m;
        for (String p : path) {
            cur = map(cur.get(p));
        }
        return cur;
    }

    /** TestLocalsResolutionDev, TestLocalsResolutionProd, TestLocalsNotInFinalOutput. */
    @Test
    void localsResolveInVarsAndBackend() {
        Map<String, Object> dev = component("locals", "mock/instance-1", "dev-us-east-1");
        assertThat(map(dev.get("vars"))).containsEntry("app_name", "acme-dev-mock-instance-1").containsEntry("bar", "dev")
                .containsEntry("bucket", "acme-dev-tfstate");
        assertThat(map(dev.get("backend"))).containsEntry("bucket", "acme-dev-tfstate");
        assertThat(dev).doesNotContainKey("locals");
        assertThat(vars("locals", "mock/primary", "prod-us-east-1")).containsEntry("app_name", "acme-prod-mock-primary")
                .containsEntry("bar", "prod").containsEntry("bucket", "acme-prod-tfstate");
    }

    /** TestLocalsDescribeStacks. */
    @Test
    void describeStacksResolvesLocals() {
        Map<String, Object> all = json(upstream.host(tmp, "scenarios/locals"), "describe", "stacks");
        Map<String, Object> vars = at(all, "dev-us-east-1", "components", "terraform", "mock/instance-1", "vars");
        assertThat(vars).containsEntry("app_name", "acme-dev-mock-instance-1").containsEntry("bar", "dev");
    }

    /** TestLocalsCircularDependency: a cycle fails describe stacks, naming it. */
    @Test
    void circularLocalsAreAnError() {
        Cli.Result r = upstream.run(tmp, "scenarios/locals-circular", "describe", "stacks");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("circular dependency").contains("a → b → c → a").doesNotContain("\tat ");
    }

    /** TestLocalsFileScoped, TestLocalsNotInherited: an imported file's locals are not visible; its vars are. */
    @Test
    void localsAreFileScoped() {
        assertThat(vars("locals-file-scoped", "test-component", "test")).containsEntry("own_local", "file-ns-file-env");
        assertThat(vars("locals-not-inherited", "test-component", "test")).containsEntry("attempt_mixin_local", "<no value>")
                .containsEntry("inherited_var", "from-mixin-vars");
    }

    /** TestLocalsDeepImportChain, TestLocalsDeepImportChainDescribeStacks. */
    @Test
    void deepImportChainKeepsEachFilesLocals() {
        assertThat(vars("locals-deep-import-chain", "deep-chain-component", "final"))
                .containsEntry("local_value", "from-final-stack").containsEntry("computed", "from-final-stack-computed")
                .containsEntry("shared", "final-value").containsEntry("full_chain", "final-value-from-final-stack")
                .containsEntry("base_var", "from-base-vars").containsEntry("layer1_var", "from-layer1-vars")
                .containsEntry("layer2_var", "from-layer2-vars").containsEntry("final_var", "from-final-vars");
        Map<String, Object> all = json(upstream.host(tmp, "scenarios/locals-deep-import-chain"), "describe", "stacks");
        assertThat(at(all, "final", "components", "terraform", "deep-chain-component", "vars"))
                .containsEntry("local_value", "from-final-stack").containsEntry("computed", "from-final-stack-computed");
    }

    /** TestDescribeLocals, TestDescribeLocalsWithFilter, TestDescribeLocalsForComponent(Output), …InProdStack. */
    @Test
    void describeLocalsShowsEachScope() {
        Map<String, Object> dev = locals("scenarios/locals", "deploy/dev");
        assertThat(map(dev.get("locals"))).containsEntry("environment", "dev").containsEntry("namespace", "acme")
                .containsEntry("name_prefix", "acme-dev").containsEntry("stage", "us-east-1").containsEntry("full_name", "acme-dev-us-east-1");
        assertThat(at(dev, "terraform", "locals")).containsEntry("backend_bucket", "acme-dev-tfstate").containsEntry("tf_specific", "terraform-only");
        Map<String, Object> prod = locals("scenarios/locals", "deploy/prod");
        assertThat(map(prod.get("locals"))).containsEntry("environment", "prod").containsEntry("namespace", "acme");
        assertThat(at(prod, "terraform", "locals")).containsEntry("backend_bucket", "acme-prod-tfstate");
    }

    /** TestDescribeLocalsWithLogicalStackName and the other locals-logical-names tests. */
    @Test
    void describeLocalsFindsTheStackByNameOrPath() {
        Map<String, Object> dev = locals("scenarios/locals-logical-names", "dev-us-east-1");
        assertThat(map(dev.get("locals"))).containsEntry("namespace", "acme").containsEntry("env_prefix", "acme-dev");
        assertThat(at(dev, "terraform", "locals")).containsEntry("backend_bucket", "acme-dev-tfstate").containsEntry("tf_only", "terraform-specific-dev");
        assertThat(dev).doesNotContainKeys("global", "merged", "component", "component_type");
        Map<String, Object> prod = locals("scenarios/locals-logical-names", "prod-us-west-2");
        assertThat(map(prod.get("locals"))).containsEntry("namespace", "acme").containsEntry("env_prefix", "acme-prod");
        assertThat(at(prod, "terraform", "locals")).containsEntry("backend_bucket", "acme-prod-tfstate").containsEntry("tf_only", "terraform-specific-prod");
        assertThat(at(prod, "helmfile", "locals")).containsEntry("release_name", "acme-prod-release").containsEntry("hf_only", "helmfile-specific-prod");
        Map<String, Object> byPath = locals("scenarios/locals-logical-names", "deploy/prod");
        assertThat(map(byPath.get("locals"))).containsEntry("env_prefix", "acme-prod");
        assertThat(at(byPath, "terraform", "locals")).containsEntry("backend_bucket", "acme-prod-tfstate");
        assertThat(vars("locals-logical-names", "vpc", "dev-us-east-1")).containsEntry("name", "acme-dev-us-east-1-vpc")
                .containsEntry("bucket", "acme-dev-tfstate");
    }

    /** TestLocalsDescribeLocalsDeepChain: only the file's own locals. */
    @Test
    void describeLocalsShowsOnlyTheFilesOwnLocals() {
        Map<String, Object> l = map(locals("scenarios/locals-deep-import-chain", "final").get("locals"));
        assertThat(l).containsEntry("final_local", "from-final-stack").containsEntry("shared_key", "final-value")
                .doesNotContainKeys("base_local", "layer1_local", "layer2_local");
    }

    /** describe locals for a component: the stack's locals for its type, merged with its own. */
    @Test
    void describeLocalsForAComponentMergesItsOwn() {
        Map<String, Object> l = at(json(upstream.host(tmp, "scenarios/locals"), "describe", "locals", "mock/instance-1", "-s", "dev-us-east-1"),
                "components", "terraform", "mock/instance-1", "locals");
        assertThat(l).containsEntry("namespace", "acme").containsEntry("backend_bucket", "acme-dev-tfstate");
        Cli.Result missing = upstream.run(tmp, "scenarios/locals", "describe", "locals", "-s", "nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: stack not found: nope\n");
        Cli.Result noStack = upstream.run(tmp, "scenarios/locals", "describe", "locals");
        assertThat(noStack.exitCode()).isEqualTo(2);
        assertThat(noStack.err()).startsWith("error: --stack flag is required\n");
    }

    /** TestLocalsSettingsAccessSameFile, TestLocalsSettingsAccessDescribeStacks. */
    @Test
    void localsReadTheFilesSettings() {
        assertThat(vars("locals-settings-access", "same-file-component", "test-same-file")).containsEntry("domain", "dev.example.com")
                .containsEntry("substage", "dev");
        Map<String, Object> all = json(upstream.host(tmp, "scenarios/locals-settings-access"), "describe", "stacks");
        assertThat(at(all, "test-same-file", "components", "terraform", "same-file-component", "vars"))
                .containsEntry("domain", "dev.example.com");
    }

    /** TestLocalsSettingsAccessNotCrossFile: settings of an imported file are not there for locals. */
    @Test
    void localsCannotReadAnImportedFilesSettings() {
        Cli.Result r = upstream.run(tmp, "scenarios/locals-settings-cross-file", "describe", "component", "cross-file-component",
                "-s", "test-cross-file");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("map has no entry for key \"settings\"").contains("attempted_cross_file_domain")
                .doesNotContain("circular").doesNotContain("\tat ");
    }

    /** TestComponentLevelLocals: component locals, inherited from bases and overridden. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "standalone|name=acme-dev-standalone,bucket=acme-dev-tfstate|standalone_value=standalone-only,computed_ref=acme-dev",
            "vpc/dev|name=acme-dev-vpc,bucket=acme-dev-tfstate,description=acme-dev-vpc-dev|cidr_prefix=10.0,vpc_type=development,extra_tag=dev-only",
            "vpc/standard|name=acme-dev-vpc,description=acme-dev-vpc-standard|vpc_type=standard,cidr_prefix=10.0",
            "vpc/custom|prefix=acme-dev|custom_local=custom-value"})
    void componentLevelLocalsAreInheritedAndPrinted(String component, String expectedVars, String expectedLocals) {
        Map<String, Object> c = component("locals-component-level", component, "dev-us-east-1");
        for (String kv : expectedVars.split(",")) {
            assertThat(map(c.get("vars"))).containsEntry(kv.split("=")[0], kv.split("=")[1]);
        }
        for (String kv : expectedLocals.split(",")) {
            assertThat(map(c.get("locals"))).containsEntry(kv.split("=")[0], kv.split("=")[1]);
        }
    }

    /** TestExampleLocals, TestExampleLocalsWorkerComponent, TestExampleLocalsDescribeLocals. */
    @Test
    void theLocalsExampleWorks() {
        for (String[] s : new String[][]{{"dev", "development"}, {"prod", "production"}}) {
            Map<String, Object> vars = map(json(upstream.host(tmp, "examples/locals"), "describe", "component", "myapp", "-s", s[0]).get("vars"));
            assertThat(vars).containsEntry("name", "acme").containsEntry("environment", s[1]).containsEntry("full_name", "acme-" + s[1] + "-" + s[0]);
            // a value that is exactly one reference keeps the referenced map
            assertThat(map(vars.get("tags"))).containsEntry("Namespace", "acme").containsEntry("ManagedBy", "Atmos");
        }
        Map<String, Object> worker = map(json(upstream.host(tmp, "examples/locals"), "describe", "component", "myapp-worker", "-s", "dev")
                .get("vars"));
        assertThat(worker).containsEntry("name", "acme").containsEntry("full_name", "acme-development-dev-worker");
        Map<String, Object> l = map(locals("examples/locals", "dev").get("locals"));
        assertThat(l).containsEntry("namespace", "acme").containsEntry("environment", "development").containsEntry("name_prefix", "acme-development")
                .containsEntry("full_name", "acme-development-dev").containsEntry("app_version", "v1").containsEntry("stage_name", "dev")
                .containsEntry("namespace_upper", "ACME");
    }

    /** TestLocalsNestedSettingsAccess, TestLocalsHelmfileSectionLocals, TestLocalsDescribeLocalsAdvanced. */
    @Test
    void advancedLocals() {
        assertThat(vars("locals-advanced", "vpc", "advanced")).containsEntry("region", "us-east-1").containsEntry("db_identifier", "acme-postgres-15")
                .containsEntry("cidr", "10.0.0.0/16").containsEntry("backend_bucket", "acme-advanced-tfstate").containsEntry("env_suffix", "advanced");
        Map<String, Object> l = locals("scenarios/locals-advanced", "advanced");
        assertThat(map(l.get("locals"))).containsEntry("primary_region", "us-east-1").containsEntry("db_engine", "postgres")
                .containsEntry("vpc_cidr", "10.0.0.0/16");
        assertThat(at(l, "terraform", "locals")).containsEntry("backend_bucket", "acme-advanced-tfstate");
        assertThat(at(l, "helmfile", "locals")).containsEntry("release_prefix", "acme-helm").containsEntry("chart_repo", "https://charts.example.com");
    }

    /** TestLocalsEnvironmentVariableAccess: Sprig's env reads the environment. */
    @Test
    void localsReadTheEnvironment() {
        TestHost host = upstream.host(tmp, "scenarios/locals-env-test").env("ATMOS_TEST_ENV_VAR", "atmos-test-value-12345")
                .env("HOME", "/tmp/atmos-test-home");
        Map<String, Object> vars = map(json(host, "describe", "component", "env-test", "-s", "test").get("vars"));
        assertThat(vars).containsEntry("test_env_value", "atmos-test-value-12345").containsEntry("home_dir", "/tmp/atmos-test-home");
    }

    /** TestLocalsWithYamlFunctionsEnv: !env in locals, then templates over the result. */
    @Test
    void localsMayBeYamlFunctions() {
        TestHost host = upstream.host(tmp, "scenarios/locals-yaml-functions").env("TEST_GRAFANA_ENDPOINT", "grafana.test.com")
                .env("TEST_DB_HOST", "db.test.com");
        Map<String, Object> vars = map(json(host, "describe", "component", "consumer-component", "-s", "test").get("vars"));
        assertThat(vars).containsEntry("env_endpoint", "grafana.test.com").containsEntry("dashboard_url", "https://grafana.test.com/d/workers")
                .containsEntry("db_connection", "postgresql://db.test.com:5432/mydb").containsEntry("static_value", "static-test-value");
    }

    /** TestLocalsGoTemplateConditionalWithEnvSet / …WithEnvEmpty. */
    @Test
    void conditionalsOverAnEnvLocal() {
        TestHost set = upstream.host(tmp, "scenarios/locals-conditional").env("ATMOS_TEST_CONDITIONAL_PR_SET", "42")
                .env("ATMOS_TEST_CONDITIONAL_PR_EMPTY", "");
        assertThat(map(json(set, "describe", "component", "conditional-pr-set", "-s", "pr-set").get("vars")))
                .containsEntry("datastream_name", "datastreampr42").containsEntry("deploy_env", "preview").containsEntry("pr_number", "42");
        TestHost empty = upstream.host(tmp, "scenarios/locals-conditional").env("ATMOS_TEST_CONDITIONAL_PR_SET", "")
                .env("ATMOS_TEST_CONDITIONAL_PR_EMPTY", "");
        assertThat(map(json(empty, "describe", "component", "conditional-pr-empty", "-s", "pr-empty").get("vars")))
                .containsEntry("datastream_name", "datastream").containsEntry("deploy_env", "production").containsEntry("pr_number", "");
    }
}
