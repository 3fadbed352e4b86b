package atmos.stack;

import atmos.config.YamlValue;
import atmos.error.AtmosException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * File-scoped {@code locals:} (global and per component type), resolved before the file's templates:
 * a local may use other locals ({@code {{ .locals.stage }}}), the file's {@code settings} may use
 * locals, {@code vars} may use both, {@code env} all three. With locals present the file is rendered
 * as a template with them in the context; values that need a component's context are left for later.
 */
final class Locals {
    private static final Pattern PRESENT = Pattern.compile("(?m)^\\s*locals\\s*:");

    private Locals() {
    }

    static boolean present(String text) {
        return PRESENT.matcher(text).find();
    }

    /** The resolved template context and sections. */
    record Result(YamlValue.Map context, Map<String, YamlValue> sections) {
        YamlValue.Map apply(YamlValue.Map parsed) {
            Map<String, YamlValue> e = new LinkedHashMap<>(parsed.entries());
            sections.forEach((k, v) -> {
                if (!(v instanceof YamlValue.Map m && m.entries().isEmpty()) || k.equals("locals")) {
                    e.put(k, v);
                }
            });
            return new YamlValue.Map(e, parsed.keySources(), parsed.source());
        }
    }

    static Result resolve(YamlValue.Map raw, YamlValue.Map context, TemplateRenderer templates, String file) {
        Map<String, Object> locals = new LinkedHashMap<>();
        addLocals(locals, raw.get("locals"));
        for (String type : List.of("terraform", "helmfile", "packer")) {
            if (raw.get(type) instanceof YamlValue.Map m) {
                addLocals(locals, m.get("locals"));
            }
        }
        Map<String, Object> base = new LinkedHashMap<>(Values.plainMap(context));
        base.remove("locals");
        // Locals may read the file's own settings, vars and env as written (the Go Atmos's
        // buildTemplateContextFromConfig), with the component-type section's merged over the global ones.
        Map<String, Object> forLocals = new LinkedHashMap<>(base);
        for (String key : List.of("settings", "vars", "env")) {
            Map<String, Object> merged = new LinkedHashMap<>();
            if (raw.get(key) instanceof YamlValue.Map m) {
                merged.putAll(Values.plainMap(m));
            }
            for (String type : List.of("terraform", "helmfile", "packer")) {
                if (raw.get(type) instanceof YamlValue.Map section && section.get(key) instanceof YamlValue.Map m) {
                    merged.putAll(Values.plainMap(m));
                }
            }
            if (!merged.isEmpty()) {
                forLocals.put(key, merged);
            }
        }
        Map<String, Object> resolved = resolveLocals(locals, forLocals, templates, file);

        Map<String, Object> ctx = new LinkedHashMap<>(base);
        ctx.put("locals", resolved);
        Map<String, YamlValue> sections = new LinkedHashMap<>();
        sections.put("locals", Values.yaml(resolved, raw.source()));
        Object settings = section(raw, "settings", ctx, templates, file);
        if (settings != null) {
            ctx.put("settings", settings);
            sections.put("settings", Values.yaml(settings, raw.sourceOf("settings")));
        }
        Object vars = section(raw, "vars", ctx, templates, file);
        if (vars != null) {
            ctx.put("vars", vars);
            sections.put("vars", Values.yaml(vars, raw.sourceOf("vars")));
        }
        Object env = section(raw, "env", ctx, templates, file);
        if (env != null) {
            ctx.put("env", env);
            sections.put("env", Values.yaml(env, raw.sourceOf("env")));
        }
        return new Result((YamlValue.Map) Values.yaml(ctx, context.source()), sections);
    }

    private static void addLocals(Map<String, Object> into, YamlValue v) {
        if (v instanceof YamlValue.Map m) {
            into.putAll(Values.plainMap(m));
        }
    }

    private static Object section(YamlValue.Map raw, String key, Map<String, Object> ctx, TemplateRenderer templates, String file) {
        if (!(raw.get(key) instanceof YamlValue.Map m)) {
            return null;
        }
        Object plain = Values.plain(m);
        try {
            return render(plain, ctx, templates, file);
        } catch (TemplateRenderer.TemplateException e) {
            return plain; // needs the component's context; rendered later
        }
    }

    private static Map<String, Object> resolveLocals(Map<String, Object> locals, Map<String, Object> base, TemplateRenderer templates,
                                                     String file) {
        Map<String, Object> done = new LinkedHashMap<>();
        Map<String, Object> pending = new LinkedHashMap<>(locals);
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (String name : new ArrayList<>(pending.keySet())) {
                Map<String, Object> ctx = new LinkedHashMap<>(base);
                ctx.put("locals", done);
                try {
                    done.put(name, render(pending.get(name), ctx, templates, file));
                    pending.remove(name);
                    progress = true;
                } catch (TemplateRenderer.TemplateException e) {
                    // depends on a local not resolved yet
                }
            }
            if (!progress) {
                throw AtmosException.config("circular dependency in locals of '" + file + "': " + String.join(", ", pending.keySet()),
                        "make sure locals don't reference each other in a cycle (or reference a local that does not exist)");
            }
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        locals.keySet().forEach(k -> ordered.put(k, done.get(k)));
        return ordered;
    }

    @SuppressWarnings("unchecked")
    private static Object render(Object v, Map<String, Object> ctx, TemplateRenderer templates, String file) {
        if (v instanceof String s) {
            return templates.hasActions(s) ? templates.render(file, s, ctx, false) : s;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                out.put(e.getKey(), render(e.getValue(), ctx, templates, file));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                out.add(render(x, ctx, templates, file));
            }
            return out;
        }
        return v;
    }
}
