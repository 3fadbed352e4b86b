package atmos.stack;

import atmos.config.YamlValue;
import atmos.error.AtmosException;
import java.util.Map;

/**
 * The names {@code describe component} computes for CI integrations before rendering templates, so
 * {@code {{ .spacelift_stack }}} and {@code {{ .atlantis_project }}} resolve as in the Go Atmos
 * ({@code BuildSpaceliftStackNameFromComponentConfig}, {@code BuildAtlantisProjectNameFromComponentConfig}):
 * {@code spacelift_stack} when {@code settings.spacelift.workspace_enabled} is true
 * ({@code stack_name_pattern} tokens, else {@code stack_name}, else {@code <stack>-<component>} with the
 * stack named by the name template or pattern), {@code atlantis_project} from the name of
 * {@code settings.atlantis.project_template} (or of the atmos.yaml project template
 * {@code project_template_name} names).
 */
final class CiNames {
    private CiNames() {
    }

    @SuppressWarnings("unchecked")
    static void add(StackSettings settings, TemplateRenderer templates, Map<String, Object> section, String component, String stackFile) {
        Map<String, Object> componentSettings = section.get("settings") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Map<String, Object> vars = section.get("vars") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        StackNames.Context ctx = StackNames.Context.of(vars);
        String dashed = component.replace("/", "-");
        if (componentSettings.get("spacelift") instanceof Map<?, ?> spacelift && Boolean.TRUE.equals(spacelift.get("workspace_enabled"))) {
            String name;
            if (spacelift.get("stack_name_pattern") instanceof String pattern) {
                name = StackNames.replaceTokens(pattern, ctx, dashed, "");
            } else if (spacelift.get("stack_name") instanceof String explicit) {
                name = explicit;
            } else {
                name = (prefix(settings, templates, section, ctx, stackFile) + "-" + dashed).replace("/", "-");
            }
            if (!name.isEmpty()) {
                section.put("spacelift_stack", name);
            }
        }
        if (componentSettings.get("atlantis") instanceof Map<?, ?> atlantis) {
            Object template = atlantis.get("project_template");
            if (!(template instanceof Map<?, ?>) && atlantis.get("project_template_name") instanceof String templateName && !templateName.isEmpty()) {
                template = projectTemplates(settings).get(templateName);
            }
            if (template instanceof Map<?, ?> t && t.get("name") instanceof String name && !name.isEmpty()) {
                section.put("atlantis_project", StackNames.replaceTokens(name, ctx, dashed, ""));
            }
        }
    }

    /** The stack part of a Spacelift stack name: the name template, else the name pattern (required). */
    private static String prefix(StackSettings settings, TemplateRenderer templates, Map<String, Object> section, StackNames.Context ctx,
                                 String stackFile) {
        if (!settings.nameTemplate().isEmpty()) {
            return StackNames.template(settings, templates, section, false);
        }
        if (settings.namePattern().isEmpty()) {
            throw AtmosException.config("'stacks.name_template' (or the deprecated 'stacks.name_pattern') needs to be specified in 'atmos.yaml'"
                    + " to name the Spacelift stack of the component (settings.spacelift.workspace_enabled is true)",
                    "set stacks.name_template, or settings.spacelift.stack_name / stack_name_pattern on the component");
        }
        return StackNames.pattern(settings.namePattern(), ctx).orElseThrow(() -> AtmosException.config(
                "stack name pattern references a context part that is not defined in the stack file: the stack name pattern '"
                        + settings.namePattern() + "' cannot be filled for the stack '" + stackFile + "'",
                "define the vars the pattern names (namespace, tenant, environment, stage) for the component"));
    }

    private static Map<String, Object> projectTemplates(StackSettings settings) {
        YamlValue integrations = settings.config().raw().get("integrations");
        if (integrations instanceof YamlValue.Map m && m.get("atlantis") instanceof YamlValue.Map a
                && a.get("project_templates") instanceof YamlValue.Map pt) {
            return Values.plainMap(pt);
        }
        return Map.of();
    }
}
