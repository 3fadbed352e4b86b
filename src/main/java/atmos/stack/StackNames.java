package atmos.stack;

import atmos.error.AtmosException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How Atmos names a stack: the manifest's {@code name:} first, then {@code stacks.name_template}
 * (a Go template over the component's sections), then {@code stacks.name_pattern}
 * ({@code {namespace}}, {@code {tenant}}, {@code {environment}}, {@code {stage}} joined by {@code -}),
 * then the manifest's path relative to the stacks base path without its extension.
 */
final class StackNames {
    private StackNames() {
    }

    /** The Go {@code schema.Context} read from a component's vars. */
    record Context(String namespace, String tenant, String environment, String stage, String region, List<Object> attributes) {
        static Context of(Map<String, Object> vars) {
            return new Context(str(vars.get("namespace")), str(vars.get("tenant")), str(vars.get("environment")), str(vars.get("stage")),
                    str(vars.get("region")), vars.get("attributes") instanceof List<?> l ? List.copyOf(l.stream().map(o -> (Object) o).toList()) : List.of());
        }

        private static String str(Object o) {
            return o instanceof String s ? s : "";
        }
    }

    /**
     * The stack's name for this component as {@code describe stacks} resolves it: a template that
     * fails is an error, a pattern that cannot be filled falls back to the file name.
     */
    static String name(StackSettings settings, TemplateRenderer templates, Stacks.Stack stack, ComponentProcessor.Component c) {
        if (stack.manifestName() != null && !stack.manifestName().isEmpty()) {
            return stack.manifestName();
        }
        if (!settings.nameTemplate().isEmpty()) {
            return template(settings, templates, Values.lazy(c.section()), false);
        }
        if (!settings.namePattern().isEmpty()) {
            return pattern(settings.namePattern(), Context.of(Values.plainMap(c.section().get("vars")))).orElse(stack.stackFile());
        }
        return stack.stackFile();
    }

    /** The same, from the component's section already in plain form. */
    @SuppressWarnings("unchecked")
    static String name(StackSettings settings, TemplateRenderer templates, Stacks.Stack stack, Map<String, Object> section) {
        if (stack.manifestName() != null && !stack.manifestName().isEmpty()) {
            return stack.manifestName();
        }
        if (!settings.nameTemplate().isEmpty()) {
            return template(settings, templates, section, false);
        }
        if (!settings.namePattern().isEmpty()) {
            Object vars = section.get("vars");
            return pattern(settings.namePattern(), Context.of(vars instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of()))
                    .orElse(stack.stackFile());
        }
        return stack.stackFile();
    }

    /** Every name the stack's components resolve to. */
    static Set<String> namesOf(StackSettings settings, TemplateRenderer templates, Stacks.Stack stack) {
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, ComponentProcessor.Component> typed : stack.components().values()) {
            for (ComponentProcessor.Component c : typed.values()) {
                String n = name(settings, templates, stack, c);
                if (!n.isEmpty()) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    static String template(StackSettings settings, TemplateRenderer templates, Map<String, Object> data, boolean quiet) {
        try {
            return templates.render("name-template", settings.nameTemplate(), data, settings.ignoreMissingTemplateValues());
        } catch (TemplateRenderer.TemplateException e) {
            if (quiet) {
                return "";
            }
            throw AtmosException.config("invalid stacks.name_template \"" + settings.nameTemplate() + "\": " + e.getMessage(),
                    "the template is rendered with each component's sections (vars, settings, env, metadata …); "
                            + "use values every component defines, e.g. {{ .vars.tenant }}-{{ .vars.stage }}");
        }
    }

    /** Atmos's GetContextPrefix: empty when a part the pattern names is missing. */
    static Optional<String> pattern(String pattern, Context ctx) {
        StringBuilder out = new StringBuilder();
        for (String part : pattern.split("-", -1)) {
            String value = switch (part) {
                case "{namespace}" -> ctx.namespace();
                case "{tenant}" -> ctx.tenant();
                case "{environment}" -> ctx.environment();
                case "{stage}" -> ctx.stage();
                default -> null;
            };
            if (value == null) {
                continue;
            }
            if (value.isEmpty()) {
                return Optional.empty();
            }
            if (out.length() > 0) {
                out.append('-');
            }
            out.append(value);
        }
        return Optional.of(out.toString());
    }

    /** Atmos's ReplaceContextTokens for {@code metadata.terraform_workspace_pattern}. */
    static String replaceTokens(String pattern, Context ctx, String component, String baseComponent) {
        StringBuilder attrs = new StringBuilder();
        for (Object a : ctx.attributes()) {
            if (attrs.length() > 0) {
                attrs.append('-');
            }
            attrs.append(a);
        }
        return pattern.replace("{base-component}", baseComponent)
                .replace("{component}", component)
                .replace("{component-path}", "")
                .replace("{namespace}", ctx.namespace())
                .replace("{environment}", ctx.environment())
                .replace("{region}", ctx.region())
                .replace("{tenant}", ctx.tenant())
                .replace("{stage}", ctx.stage())
                .replace("{workspace}", "")
                .replace("{terraform_workspace}", "")
                .replace("{attributes}", attrs.toString());
    }
}
