package atmos.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Templates as real Atmos stack repositories write them (cloudposse/atmos fixtures and examples), on
 * the context Atmos gives them: the component's sections plus {@code atmos_component},
 * {@code atmos_stack}, {@code workspace}.
 */
class AtmosTemplatesTest {
    private static final TemplateOptions ATMOS = FunctionTableTest.OPTIONS;
    private static final TemplateOptions STRICT = ATMOS.withMissingKey(MissingKey.ERROR);

    private static Map<String, Object> context() {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("namespace", "acme");
        vars.put("tenant", "plat");
        vars.put("environment", "ue2");
        vars.put("stage", "dev");
        vars.put("region", "us-east-2");
        vars.put("app_name", "My App");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("config", Map.of("a", "component-1-a", "is_prod", false));
        settings.put("base_config", Map.of("b", List.of(1, 2), "a", "x<y"));
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("atmos_component", "vpc");
        ctx.put("atmos_stack", "plat-ue2-dev");
        ctx.put("atmos_stack_file", "orgs/acme/plat/dev/us-east-2");
        ctx.put("workspace", "plat-ue2-dev");
        ctx.put("vars", vars);
        ctx.put("settings", settings);
        ctx.put("component", "vpc");
        return ctx;
    }

    private static String render(String text) {
        return GoTemplates.render("stacks/orgs/acme/plat/dev/us-east-2.yaml", text, context(), ATMOS);
    }

    @Test
    void name_template_joins_context_vars() {
        assertThat(render("{{ .vars.tenant }}-{{ .vars.environment }}-{{ .vars.stage }}")).isEqualTo("plat-ue2-dev");
        assertThat(render("{{.vars.tenant}}-{{.vars.environment}}-{{.vars.stage}}")).isEqualTo("plat-ue2-dev");
    }

    @Test
    void the_stack_name_template_of_the_atmos_fixture_renders_and_fails_as_written() throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/template/atmos/name_template.tmpl")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(GoTemplates.render("name_template", text, context(), STRICT)).isEqualTo("plat-ue2-dev");

        Map<String, Object> ctx = context();
        @SuppressWarnings("unchecked")
        Map<String, Object> vars = (Map<String, Object>) ctx.get("vars");
        vars.put("tenant", "");
        assertThatThrownBy(() -> GoTemplates.render("name_template", text, ctx, STRICT))
                .hasMessageEndingWith("error calling fail: Error: 'environment' requires 'tenant' and 'namespace'.");
    }

    @Test
    void atmos_context_fields_render() {
        assertThat(render("{{ .atmos_component }} {{ .atmos_stack }} {{ .workspace }} {{ .atmos_stack_file }}"))
                .isEqualTo("vpc plat-ue2-dev plat-ue2-dev orgs/acme/plat/dev/us-east-2");
    }

    @Test
    void backend_keys_use_vars() {
        assertThat(render("bucket: {{ printf \"acme-%s-tfstate\" .vars.region }}\nkey: {{ .atmos_component }}/terraform.tfstate"))
                .isEqualTo("bucket: acme-us-east-2-tfstate\nkey: vpc/terraform.tfstate");
    }

    @Test
    void default_covers_a_missing_setting_unless_missing_keys_are_errors() {
        assertThat(render("{{ .settings.config.a | default \"x\" }} {{ .settings.config.zz | default \"x\" }}"))
                .isEqualTo("component-1-a x");
        assertThatThrownBy(() -> GoTemplates.render("stacks/x.yaml", "{{ .settings.config.zz | default \"x\" }}",
                context(), STRICT))
                .hasMessage("template: stacks/x.yaml:1:12: executing \"stacks/x.yaml\" at <.settings.config.zz>: "
                        + "map has no entry for key \"zz\"");
    }

    @Test
    void printf_in_parentheses_then_lower() {
        assertThat(render("{{ (printf \"%s-%s\" .vars.namespace .vars.app_name) | lower }}")).isEqualTo("acme-my app");
    }

    @Test
    void to_json_inside_yaml_strings() {
        assertThat(render("config: '{{ toJson .settings.base_config }}'")).isEqualTo("config: '{\"a\":\"x\\u003cy\",\"b\":[1,2]}'");
        assertThat(render("config: '{{ toRawJson .settings.base_config }}'")).isEqualTo("config: '{\"a\":\"x<y\",\"b\":[1,2]}'");
        assertThat(render("{{ toJson (list \"a\" \"b\" \"c\") }} {{ dict \"x\" 1 \"y\" 2 \"z\" 3 | toJson }}"))
                .isEqualTo("[\"a\",\"b\",\"c\"] {\"x\":1,\"y\":2,\"z\":3}");
        assertThat(render("{{ dict \"vpc_id\" \"vpc-base\" \"region\" .vars.region | toJson }}"))
                .isEqualTo("{\"region\":\"us-east-2\",\"vpc_id\":\"vpc-base\"}");
    }

    @Test
    void gomplate_strings_on_context_values() {
        assertThat(render("{{ strings.Title .atmos_component }} {{ .atmos_stack | strings.Quote }}"))
                .isEqualTo("Vpc \"plat-ue2-dev\"");
    }

    @Test
    void the_scaffold_slug_pipeline_renders() {
        String text = "{{ $project := regexReplaceAll `-+` (regexReplaceAll `[^a-z0-9-]` (.Config.project_name | lower) `-`)"
                + " `-` | strings.TrimPrefix `-` | strings.TrimSuffix `-` | strings.Trunc 31 }}{{ $project }}";
        String out = GoTemplates.render("t", text, Map.of("Config", Map.of("project_name", "--My Cool__Project!!")), ATMOS);
        assertThat(out).isEqualTo("my-cool-project");
    }

    @Test
    void conditions_and_loops_as_written_in_fixtures() {
        Map<String, Object> data = Map.of("Config", Map.of("regions", List.of("us-east-1", "eu-west-1")),
                "iam_managed_policy_arns", List.of("arn:a", "arn:b"));
        assertThat(GoTemplates.render("t", "{{ if (kindIs \"slice\" .Config.regions) }}{{ range .Config.regions }}[{{ . }}]{{ end }}{{ end }}",
                data, ATMOS)).isEqualTo("[us-east-1][eu-west-1]");
        assertThat(GoTemplates.render("t", "{{ if hasKey . \"iam_managed_policy_arns\" }}{{ range $i, $arn := .iam_managed_policy_arns }}{{ $i }}={{ $arn }} {{ end }}{{ end }}",
                data, ATMOS)).isEqualTo("0=arn:a 1=arn:b ");
        assertThat(GoTemplates.render("t", "{{ len (splitList \",\" (toString .Config.regions)) }}", data, ATMOS)).isEqualTo("1");
        assertThat(render("{{ if eq .vars.stage \"prod\" }}big{{ else }}small{{ end }}")).isEqualTo("small");
        assertThat(render("{{- if .settings.config.is_prod }}prod{{- else }}non-prod{{- end }}")).isEqualTo("non-prod");
    }

    @Test
    void env_reads_the_injected_environment_only() {
        assertThat(render("{{ env \"HOME\" | default \"/tmp\" }} {{ env \"ATMOS_TEST_ENV_VAR\" | default \"not-set\" }}"))
                .isEqualTo("/home/atmos not-set");
    }

    @Test
    void escaped_templates_survive_one_pass_for_the_next() {
        assertThat(render("{{`{{ .vars.tenant }}`}}")).isEqualTo("{{ .vars.tenant }}");
    }

    @Test
    void a_registered_namespace_works_like_atmos_component() {
        Namespace atmos = new Namespace("*exec.AtmosFuncs", Map.of("Component", GoFunction.of(
                a -> Map.of("outputs", Map.of("vpc_id", "vpc-123", "subnets", List.of("a", "b")), "vars", Map.of("stack", a[1])),
                GoType.STRING, GoType.STRING)));
        TemplateOptions o = ATMOS.withFunctions(Functions.none().withNamespace("atmos", atmos));
        Map<String, Object> data = Map.of("stack", "plat-ue2-dev");
        assertThat(GoTemplates.render("t", "{{ (atmos.Component \"vpc\" .stack).outputs.vpc_id }} "
                + "{{ toJson (atmos.Component \"vpc\" .stack).outputs.subnets }} {{ (atmos.Component \"vpc\" .stack).vars.stack }}",
                data, o)).isEqualTo("vpc-123 [\"a\",\"b\"] plat-ue2-dev");
    }

    @Test
    void sprig_shadows_gomplate_where_both_define_a_name() {
        // Atmos merges Gomplate first and Sprig over it: title is Sprig's strings.Title, not cases.Title.
        assertThat(render("{{ title \"hello wORLD\" }} {{ strings.Title \"hello wORLD\" }}")).isEqualTo("Hello WORLD Hello World");
        // Without Sprig, Gomplate's own aliases show through.
        assertThat(GoTemplates.render("t", "{{ title \"hello wORLD\" }}", null, ATMOS.withSprig(false))).isEqualTo("Hello World");
    }
}
