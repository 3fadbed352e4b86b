package atmos.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.config.ConfigLoader;
import atmos.config.YamlValue;
import atmos.error.AtmosException;
import atmos.testing.TestHost;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Import processing on upstream's fixtures, with the expectations of upstream's
 * {@code TestHierarchicalImports_*} and {@code TestProcessYAMLConfigFile_TemplatedImportPath_*}.
 */
class StackLoaderTest {
    @TempDir
    static Path tmp;

    static Upstream upstream;

    @BeforeAll
    static void copy() {
        upstream = Upstream.copy(tmp);
    }

    private static Map<String, Object> merged(String fixture, String atmosYaml, String manifest) {
        Path dir = upstream.dir(fixture);
        TestHost host = new TestHost(tmp.resolve("h" + System.nanoTime())).cwd(dir);
        host.write("atmos.yaml", atmosYaml);
        var h = host.build();
        StackSettings settings = StackSettings.from(new ConfigLoader(h, null).load(ConfigLoader.Selection.NONE), h);
        StackLoader loader = new StackLoader(settings, new Manifests(settings), GoTemplateRenderer.of(h));
        return Values.plainMap(loader.load(dir.resolve("stacks").resolve(manifest)).merged());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String key) {
        return (Map<String, Object>) ((Map<String, Object>) o).get(key);
    }

    private static final String HIERARCHICAL = "stacks:\n  base_path: stacks\n  included_paths: [\"deploy/**/*\"]\n";

    @Test
    void hierarchicalImportsMergeInImportOrderWithTheManifestLast() {
        Map<String, Object> m = merged("scenarios/hierarchical-imports", HIERARCHICAL, "deploy/dev/us-east-1.yaml");
        Map<String, Object> vars = map(m, "vars");
        assertThat(vars.get("import_order_test")).isEqualTo("level-4-stack-dev-us-east-1");
        assertThat(map(m, "settings").get("import_order_test")).isEqualTo("level-4-stack-dev-us-east-1-settings");
        assertThat(vars).containsEntry("region", "us-east-1").containsEntry("stage", "dev").containsEntry("vpc_cidr", "10.1.0.0/16")
                .containsEntry("provider_priority", "c").containsEntry("provider_type", "aws");
        assertThat(map(vars, "tags")).containsEntry("ManagedBy", "Atmos").containsEntry("CostCenter", "engineering")
                .containsEntry("Provider", "AWS").containsEntry("Region", "us-east-1").containsEntry("Stage", "dev")
                .containsEntry("Account", "acme-dev").containsEntry("Stack", "dev-us-east-1").containsEntry("Source", "level-4-stack")
                .containsEntry("ProviderPriority", "C");
        Map<String, Object> component = map(map(map(m, "components"), "terraform"), "test-component");
        assertThat(map(component, "vars").get("import_order_test")).isEqualTo("level-3-component-variants");
    }

    @Test
    void hierarchicalImportsForProd() {
        Map<String, Object> vars = map(merged("scenarios/hierarchical-imports", HIERARCHICAL, "deploy/prod/us-west-2.yaml"), "vars");
        assertThat(vars).containsEntry("import_order_test", "level-4-stack-prod-us-west-2").containsEntry("region", "us-west-2")
                .containsEntry("stage", "prod").containsEntry("vpc_cidr", "10.2.0.0/16").containsEntry("instance_type", "t3.large")
                .containsEntry("min_size", 3L).containsEntry("max_size", 10L);
    }

    private static final String TEMPLATES_ON = "stacks:\n  base_path: stacks\n  included_paths: [\"deploy/*\"]\ntemplates:\n  settings:\n    enabled: true\n";
    private static final String TEMPLATES_OFF = "stacks:\n  base_path: stacks\n  included_paths: [\"deploy/*\"]\n";

    private static Object catalogVersion(Map<String, Object> m) {
        Map<String, Object> comps = map(m, "components");
        if (comps == null || map(comps, "terraform") == null || map(map(comps, "terraform"), "service") == null) {
            return null;
        }
        return map(map(map(comps, "terraform"), "service"), "vars").get("catalog_version");
    }

    @Test
    void importPathsAreTemplatesOverEarlierImportsAndTheImportsContext() {
        String fx = "scenarios/import-template-context";
        assertThat(catalogVersion(merged(fx, TEMPLATES_ON, "deploy/dev.yaml"))).isEqualTo("v1");
        assertThat(catalogVersion(merged(fx, TEMPLATES_ON, "deploy/explicit-context.yaml"))).isEqualTo("v2");
        assertThat(catalogVersion(merged(fx, TEMPLATES_ON, "deploy/nested.yaml"))).isEqualTo("v1");
        assertThat(catalogVersion(merged(fx, TEMPLATES_ON, "deploy/ignore-missing.yaml"))).isNull();
        assertThat(catalogVersion(merged(fx, TEMPLATES_ON, "deploy/skip-templates.yaml"))).isNull();
        assertThat(catalogVersion(merged(fx, TEMPLATES_OFF, "deploy/dev.yaml"))).isNull();
        assertThatThrownBy(() -> merged(fx, TEMPLATES_ON, "deploy/missing-var.yaml")).isInstanceOf(AtmosException.class)
                .hasMessageContaining("import path 'catalog/{{ .settings.context.catalog_ref }}/service' in file 'deploy/missing-var.yaml'");
    }

    @Test
    void anImportContextRendersTheImportedFile(@TempDir Path repo) {
        TestHost host = new TestHost(repo);
        host.write("atmos.yaml", "stacks:\n  base_path: stacks\n  included_paths: [\"deploy/*\"]\n");
        host.write("stacks/catalog/vpc.yaml.tmpl", "components:\n  terraform:\n    vpc-{{ .flavor }}:\n      vars:\n        name: \"{{ .flavor }}\"\n");
        host.write("stacks/deploy/dev.yaml", """
                import:
                  - path: catalog/vpc
                    context: {flavor: blue}
                  - path: catalog/vpc.yaml
                    context: {flavor: green}
                """);
        var h = host.build();
        StackSettings settings = StackSettings.from(new ConfigLoader(h, null).load(ConfigLoader.Selection.NONE), h);
        var loaded = new StackLoader(settings, new Manifests(settings), GoTemplateRenderer.of(h)).load(host.cwd().resolve("stacks/deploy/dev.yaml"));
        Map<String, Object> tf = map(map(Values.plainMap(loaded.merged()), "components"), "terraform");
        assertThat(tf).containsOnlyKeys("vpc-blue", "vpc-green");
        assertThat(map(map(tf, "vpc-green"), "vars")).containsEntry("name", "green");
        assertThat(loaded.importKeys()).containsExactly("catalog/vpc.yaml");
    }

    @Test
    void mergeStrategiesAndAppendTags() {
        YamlValue.Map a = (YamlValue.Map) Values.yaml(Map.of("l", java.util.List.of("a", "b"), "m", java.util.List.of(Map.of("x", 1L), "keep")),
                Values.GENERATED);
        YamlValue.Map b = (YamlValue.Map) Values.yaml(Map.of("l", java.util.List.of("c"), "m", java.util.List.of(Map.of("y", 2L), "drop", "new")),
                Values.GENERATED);
        assertThat(Values.plain(Merge.REPLACE.merge(a, b))).isEqualTo(Map.of("l", java.util.List.of("c"),
                "m", java.util.List.of(Map.of("y", 2L), "drop", "new")));
        assertThat(Values.plain(Merge.APPEND.merge(a, b))).isEqualTo(Map.of("l", java.util.List.of("a", "b", "c"),
                "m", java.util.List.of(Map.of("x", 1L), "keep", Map.of("y", 2L), "drop", "new")));
        assertThat(Values.plain(Merge.MERGE.merge(a, b))).isEqualTo(Map.of("l", java.util.List.of("a", "b"),
                "m", java.util.List.of(Map.of("x", 1L, "y", 2L), "keep", "new")));
        YamlValue.Map appended = (YamlValue.Map) Values.yaml(Map.of("l", Map.of(Merge.APPEND_KEY, java.util.List.of("z"))), Values.GENERATED);
        assertThat(Values.plain(Merge.REPLACE.merge(a, appended)).toString()).contains("l=[a, b, z]");
    }

    @Test
    void globsFollowDoublestar() {
        assertThat(Glob.matches("/s/**/_defaults.yaml", "/s/_defaults.yaml")).isTrue();
        assertThat(Glob.matches("/s/**/_defaults.yaml", "/s/a/b/_defaults.yaml")).isTrue();
        assertThat(Glob.matches("/s/orgs/**/*.yaml", "/s/orgs/x.yaml")).isTrue();
        assertThat(Glob.matches("/s/orgs/*.yaml", "/s/orgs/a/x.yaml")).isFalse();
        assertThat(Glob.matches("/s/{dev,prod}/*.y?ml", "/s/prod/a.yaml")).isTrue();
        assertThat(Glob.matches("/s/[!_]*.yaml", "/s/_x.yaml")).isFalse();
        assertThat(Glob.matches("/s/**/catalog/**", "/s/a/catalog/b/c.yaml")).isTrue();
    }
}
