package atmos.stack;

import atmos.config.YamlValue;
import atmos.error.AtmosException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File-scoped {@code locals:} as the Go Atmos resolves them ({@code ProcessStackLocals},
 * {@code pkg/locals/resolver.go}) before the file's templates: the global {@code locals:}, then each
 * component type's ({@code terraform.locals} …) on top of the global ones; within a scope, locals are
 * resolved in dependency order ({@code {{ .locals.x }}} references, ties by name), a cycle is an error
 * naming it, and a reference to a missing value is an error naming the local. A local may read the
 * file's own {@code settings}, {@code vars} and {@code env} as written (never an imported file's, nor
 * an import's {@code context}), may be a YAML function ({@code !env VAR}), and a value that is exactly
 * one field reference ({@code "{{ .locals.tags }}"}) keeps its type (a map stays a map).
 *
 * <p>With locals resolved, the file's {@code settings}, {@code vars} and {@code env} are rendered with
 * them (settings first, vars seeing settings, env seeing both), each falling back to its raw text when a
 * template needs a component's context, and the whole file is then rendered as a template with all the
 * scopes' locals flattened into {@code .locals}.
 */
final class Locals {
    private static final List<String> TYPES = List.of("terraform", "helmfile", "packer");
    private static final List<String> SECTIONS = List.of("settings", "vars", "env");
    private static final Pattern REFERENCE = Pattern.compile("\\.locals\\.([A-Za-z_][A-Za-z0-9_]*)");

    private Locals() {
    }

    /** The locals of each scope of one file, resolved: what {@code atmos describe locals} prints. */
    record Scopes(Map<String, Object> global, Map<String, Map<String, Object>> byType) {

        /** All scopes flattened for the file's templates: global, then terraform, helmfile, packer. */
        Map<String, Object> flattened() {
            Map<String, Object> out = new LinkedHashMap<>(global);
            byType.values().forEach(out::putAll);
            return out;
        }

        /** Global locals plus the type's own, as a component of that type sees them. */
        Map<String, Object> forType(String type) {
            Map<String, Object> out = new LinkedHashMap<>(global);
            Map<String, Object> own = byType.get(type);
            if (own != null) {
                out.putAll(own);
            }
            return out;
        }

        /**
         * The Atmos-schema view: {@code locals:} for the global scope, {@code <type>: {locals:}} for the
         * locals a type section adds or changes.
         */
        Map<String, Object> describe() {
            Map<String, Object> out = new LinkedHashMap<>();
            if (!global.isEmpty()) {
                out.put("locals", global);
            }
            byType.forEach((type, locals) -> {
                Map<String, Object> own = new LinkedHashMap<>();
                locals.forEach((k, v) -> {
                    if (!global.containsKey(k) || !Objects.equals(global.get(k), v)) {
                        own.put(k, v);
                    }
                });
                if (!own.isEmpty()) {
                    out.put(type, Map.of("locals", own));
                }
            });
            return out;
        }
    }

    /** The resolved scopes, the template context for the file, and the file's rendered sections. */
    record Result(Scopes scopes, YamlValue.Map context, Map<String, YamlValue> sections) {
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

    /** True when the file has a global or component-type {@code locals:} (component-level ones are not file-scoped). */
    static boolean present(YamlValue.Map raw) {
        if (raw.get("locals") != null) {
            return true;
        }
        for (String type : TYPES) {
            if (raw.get(type) instanceof YamlValue.Map m && m.get("locals") != null) {
                return true;
            }
        }
        return false;
    }

    /** Resolves every scope's locals of a file; {@code functions} evaluates a YAML function ({@code "!env X"}). */
    static Scopes scopes(YamlValue.Map raw, TemplateRenderer templates, UnaryOperator<Object> functions, String file) {
        Map<String, Object> fileContext = new LinkedHashMap<>();
        for (String key : SECTIONS) {
            if (raw.get(key) instanceof YamlValue.Map m) {
                fileContext.put(key, Values.plainMap(m));
            }
        }
        Map<String, Object> global = resolveScope(localsOf(raw.get("locals"), file, "locals"), Map.of(), fileContext, templates, functions,
                file);
        Map<String, Map<String, Object>> byType = new LinkedHashMap<>();
        for (String type : TYPES) {
            if (raw.get(type) instanceof YamlValue.Map section && section.get("locals") != null) {
                // The section's settings/vars/env are merged (shallowly) over the file's for its locals.
                Map<String, Object> sectionContext = new LinkedHashMap<>(fileContext);
                for (String key : SECTIONS) {
                    if (section.get(key) instanceof YamlValue.Map m) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) fileContext.getOrDefault(key, Map.of()));
                        merged.putAll(Values.plainMap(m));
                        sectionContext.put(key, merged);
                    }
                }
                byType.put(type, resolveScope(localsOf(section.get("locals"), file, type + ".locals"), global, sectionContext, templates,
                        functions, file));
            }
        }
        return new Scopes(global, byType);
    }

    /**
     * Resolves the file's locals and renders its settings, vars and env with them. {@code context} is what the
     * importer passed ({@code context:} of the import); its own {@code locals} never reach this file.
     */
    static Result resolve(YamlValue.Map raw, YamlValue.Map context, TemplateRenderer templates, UnaryOperator<Object> functions,
                          String file) {
        Scopes scopes = scopes(raw, templates, functions, file);
        Map<String, Object> resolved = scopes.flattened();
        Map<String, Object> ctx = new LinkedHashMap<>(Values.plainMap(context));
        ctx.put("locals", resolved);
        Map<String, YamlValue> sections = new LinkedHashMap<>();
        sections.put("locals", Values.yaml(resolved, raw.source()));
        for (String key : SECTIONS) {
            Object rendered = section(raw, key, ctx, templates, file);
            if (rendered != null) {
                ctx.put(key, rendered);
                sections.put(key, Values.yaml(rendered, raw.sourceOf(key)));
            }
        }
        return new Result(scopes, (YamlValue.Map) Values.yaml(ctx, context.source()), sections);
    }

    private static Map<String, Object> localsOf(YamlValue v, String file, String where) {
        if (v == null || v instanceof YamlValue.Scalar s && s.isNull()) {
            return Map.of();
        }
        if (!(v instanceof YamlValue.Map m)) {
            throw AtmosException.config("invalid '" + where + "' in the stack manifest '" + file + "' (line " + v.source().line() + ")",
                    "locals must be a map of names to values");
        }
        return Values.plainMap(m);
    }

    /** A section rendered with the locals: whole, as Atmos renders it, or as written when it needs a component's context. */
    private static Object section(YamlValue.Map raw, String key, Map<String, Object> ctx, TemplateRenderer templates, String file) {
        if (!(raw.get(key) instanceof YamlValue.Map m)) {
            return null;
        }
        Object plain = Values.plain(m);
        try {
            return render(structured(plain, ctx, templates), ctx, templates, file);
        } catch (TemplateRenderer.TemplateException e) {
            return plain; // needs the component's context; rendered later
        }
    }

    // ---------------------------------------------------------------- one scope

    private static Map<String, Object> resolveScope(Map<String, Object> locals, Map<String, Object> parent, Map<String, Object> context,
                                                    TemplateRenderer templates, UnaryOperator<Object> functions, String file) {
        Map<String, Object> resolved = new LinkedHashMap<>(parent);
        if (locals.isEmpty()) {
            return resolved;
        }
        Map<String, Set<String>> deps = new LinkedHashMap<>();
        locals.forEach((name, value) -> {
            Set<String> refs = new LinkedHashSet<>();
            references(value, refs);
            refs.retainAll(locals.keySet());
            deps.put(name, refs);
        });
        for (String name : order(deps, file)) {
            Map<String, Object> ctx = new LinkedHashMap<>(context);
            ctx.put("locals", resolved);
            resolved.put(name, value(locals.get(name), name, ctx, templates, functions, file));
        }
        return resolved;
    }

    private static void references(Object v, Set<String> into) {
        if (v instanceof String s) {
            Matcher m = REFERENCE.matcher(s);
            while (m.find()) {
                into.add(m.group(1));
            }
        } else if (v instanceof Map<?, ?> m) {
            m.values().forEach(x -> references(x, into));
        } else if (v instanceof List<?> l) {
            l.forEach(x -> references(x, into));
        }
    }

    /** Kahn's order, the ready locals taken by name (as the Go Atmos does); a cycle is reported as a path. */
    private static List<String> order(Map<String, Set<String>> deps, String file) {
        Map<String, Integer> inDegree = new LinkedHashMap<>();
        deps.forEach((n, d) -> inDegree.put(n, d.size()));
        TreeSet<String> ready = new TreeSet<>();
        inDegree.forEach((n, d) -> {
            if (d == 0) {
                ready.add(n);
            }
        });
        List<String> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            String n = ready.pollFirst();
            out.add(n);
            deps.forEach((other, d) -> {
                if (d.contains(n) && inDegree.merge(other, -1, Integer::sum) == 0) {
                    ready.add(other);
                }
            });
        }
        if (out.size() != deps.size()) {
            throw AtmosException.config("circular dependency in locals of '" + file + "': " + cycle(deps),
                    "make sure the locals don't reference each other in a cycle ('atmos describe locals -s STACK' shows the resolved ones)");
        }
        return out;
    }

    private static String cycle(Map<String, Set<String>> deps) {
        for (String start : new TreeSet<>(deps.keySet())) {
            List<String> path = new ArrayList<>();
            String found = walk(start, deps, path, new LinkedHashSet<>());
            if (found != null) {
                List<String> loop = new ArrayList<>(path.subList(path.indexOf(found), path.size()));
                loop.add(found);
                return String.join(" → ", loop);
            }
        }
        return String.join(", ", deps.keySet());
    }

    private static String walk(String n, Map<String, Set<String>> deps, List<String> path, Set<String> done) {
        if (path.contains(n)) {
            return n;
        }
        if (!done.add(n)) {
            return null;
        }
        path.add(n);
        for (String d : new TreeSet<>(deps.get(n))) {
            String found = walk(d, deps, path, done);
            if (found != null) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object v, String local, Map<String, Object> ctx, TemplateRenderer templates, UnaryOperator<Object> functions,
                                String file) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, x) -> out.put(k, value(x, local, ctx, templates, functions, file)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(value(x, local, ctx, templates, functions, file)));
            return out;
        }
        if (!(v instanceof String s)) {
            return v;
        }
        if (s.startsWith("!")) {
            Object r = functions.apply(s);
            if (r != null) {
                return r;
            }
        }
        if (!templates.hasActions(s)) {
            return s;
        }
        Object ref = FieldRefs.lookup(s, ctx);
        if (ref != FieldRefs.MISSING) {
            return ref;
        }
        try {
            return templates.render(file, s, ctx, false);
        } catch (TemplateRenderer.TemplateException e) {
            throw AtmosException.config("failed to resolve the local '" + local + "' in '" + file + "': " + e.getMessage(),
                    "a local can use other locals and this file's own settings, vars and env (not an imported file's); "
                            + "available locals: " + (((Map<String, Object>) ctx.get("locals")).isEmpty() ? "(none)"
                            : String.join(", ", new TreeSet<>(((Map<String, Object>) ctx.get("locals")).keySet()))));
        }
    }

    /** Strings that are exactly one field reference found in {@code ctx} replaced by the value, keeping its type. */
    @SuppressWarnings("unchecked")
    static Object structured(Object v, Map<String, Object> ctx, TemplateRenderer templates) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, x) -> out.put(k, structured(x, ctx, templates)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(structured(x, ctx, templates)));
            return out;
        }
        if (v instanceof String s && templates.hasActions(s)) {
            Object ref = FieldRefs.lookup(s, ctx);
            return ref == FieldRefs.MISSING ? s : ref;
        }
        return v;
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
