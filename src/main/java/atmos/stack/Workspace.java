package atmos.stack;

import atmos.error.AtmosException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Terraform workspace Atmos selects for a component in a stack ({@code BuildTerraformWorkspace}):
 * {@code default} when workspaces are disabled or the backend is {@code http}; else
 * {@code metadata.terraform_workspace_template}, {@code metadata.terraform_workspace_pattern} or
 * {@code metadata.terraform_workspace}; else the stack name for a component that is its own Terraform
 * component, and {@code <stack>-<component>} for one that points elsewhere ({@code metadata.component});
 * every {@code /} becomes {@code -}.
 */
final class Workspace {
    private Workspace() {
    }

    /**
     * @param manifestName the manifest's {@code name:} when the stack was addressed by it, else null
     * @param stack        the stack name as given
     * @param section      the component section (vars, metadata, backend_type, component …)
     */
    static String of(StackSettings settings, TemplateRenderer templates, String manifestName, String stack, String component,
                     Map<String, Object> section) {
        return of(settings, templates, manifestName, stack, component, section, true);
    }

    /**
     * As above; {@code componentSuffix} false is how the Go Atmos's {@code describe stacks} builds it: its
     * context has no base component, so a component pointing at another Terraform component gets the
     * stack name alone, not {@code <stack>-<component>} (pinned by its TestDescribeStacks_NameTemplateWorkspace).
     */
    static String of(StackSettings settings, TemplateRenderer templates, String manifestName, String stack, String component,
                     Map<String, Object> section, boolean componentSuffix) {
        String backendType = section.get("backend_type") instanceof String s ? s : "";
        if (backendType.equals("http") || Boolean.FALSE.equals(settings.workspacesEnabled())) {
            return "default";
        }
        Map<String, Object> vars = section.get("vars") instanceof Map<?, ?> m ? cast(m) : Map.of();
        StackNames.Context ctx = StackNames.Context.of(vars);
        String prefix;
        if (manifestName != null && !manifestName.isEmpty()) {
            prefix = manifestName;
        } else if (!settings.nameTemplate().isEmpty()) {
            prefix = StackNames.template(settings, templates, section, false);
        } else if (!settings.namePattern().isEmpty()) {
            prefix = StackNames.pattern(settings.namePattern(), ctx).orElse(stack.replace("/", "-"));
        } else {
            prefix = stack.replace("/", "-");
        }
        String base = baseComponent(component, section);
        Map<String, Object> metadata = section.get("metadata") instanceof Map<?, ?> m ? cast(m) : Map.of();
        String workspace;
        if (metadata.get("terraform_workspace_template") instanceof String tmpl) {
            try {
                workspace = templates.render("terraform-workspace-template", tmpl, section, false);
            } catch (TemplateRenderer.TemplateException e) {
                throw AtmosException.config("invalid metadata.terraform_workspace_template of the component '" + component + "': " + e.getMessage(),
                        "the template sees the component's sections, e.g. {{ .vars.stage }}");
            }
        } else if (metadata.get("terraform_workspace_pattern") instanceof String pattern) {
            workspace = StackNames.replaceTokens(pattern, ctx, component, base);
        } else if (metadata.get("terraform_workspace") instanceof String ws) {
            workspace = ws;
        } else if (base.isEmpty() || !componentSuffix) {
            workspace = prefix;
        } else {
            workspace = prefix + "-" + component;
        }
        return workspace.replace("/", "-");
    }

    /** The Terraform component behind an Atmos component, or "" when it is the same ({@code ProcessComponentMetadata}). */
    static String baseComponent(String component, Map<String, Object> section) {
        String base = section.get("component") instanceof String s ? s : "";
        if (section.get("metadata") instanceof Map<?, ?> m && m.get("component") instanceof String mc) {
            base = mc;
        }
        return component.equals(base) ? "" : base;
    }

    /** Absolute path of the component's directory: the type's base path, then the base component (or the component). */
    static String componentPath(StackSettings settings, String type, String component, Map<String, Object> section) {
        var kind = settings.kind(type);
        if (kind == null) {
            return "";
        }
        String base = baseComponent(component, section);
        String finalComponent = base.isEmpty() ? component : base;
        Path p = kind.basePath().resolve(finalComponent).normalize();
        return p.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
