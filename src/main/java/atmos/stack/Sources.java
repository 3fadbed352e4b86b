package atmos.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The {@code sources} section of {@code describe component}: for every var, env, setting and backend
 * key, the manifests that set it, most specific first (the stack file, then its imports; the
 * component, then its bases; then the type-level and global sections), and {@code deps} /
 * {@code deps_all} derived from them, as Atmos's {@code ProcessConfigSources} computes them.
 */
final class Sources {
    private Sources() {
    }

    static Map<String, Object> of(Stacks.Stack stack, ComponentProcessor.Component c, Map<String, Object> section) {
        Map<String, Object> result = new LinkedHashMap<>();
        String backendType = section.get("backend_type") instanceof String s ? s : "";
        for (String name : List.of("vars", "env", "settings", "backend")) {
            Map<String, Object> items = new LinkedHashMap<>();
            if (section.get(name) instanceof Map<?, ?> m) {
                String sub = name.equals("backend") ? backendType : "";
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("final_value", e.getValue());
                    item.put("name", key);
                    item.put("stack_dependencies", dependencies(stack, c, name, sub, key));
                    items.put(key, item);
                }
            }
            result.put(name, items);
        }
        return result;
    }

    private static List<Object> dependencies(Stacks.Stack stack, ComponentProcessor.Component c, String section, String sub, String key) {
        List<Object> out = new ArrayList<>();
        Map<String, Object> own = Values.plainMap(stack.loaded().own());
        String file = stack.stackFile();
        String type = c.type();
        componentInStack(out, own, file, type, c.name(), section, sub, key, "inline");
        componentInImports(out, stack, type, c.name(), section, sub, key);
        for (String base : c.inheritance()) {
            componentInStack(out, own, file, type, base, section, sub, key, "inline");
            componentInImports(out, stack, type, base, section, sub, key);
        }
        typeInStack(out, own, file, type, section, sub, key, "inline");
        globalInStack(out, own, file, section, sub, key, "inline");
        for (int i = 0; i < c.inheritance().size(); i++) {
            typeInStack(out, own, file, type, section, sub, key, "inline");
            globalInStack(out, own, file, section, sub, key, "inline");
        }
        for (String imp : stack.loaded().importKeys()) {
            typeInStack(out, Values.plainMap(stack.loaded().imports().get(imp)), imp, type, section, sub, key, "import");
        }
        for (String imp : stack.loaded().importKeys()) {
            globalInStack(out, Values.plainMap(stack.loaded().imports().get(imp)), imp, section, sub, key, "import");
        }
        return out;
    }

    private static void componentInImports(List<Object> out, Stacks.Stack stack, String type, String component, String section, String sub,
                                           String key) {
        for (String imp : stack.loaded().importKeys()) {
            componentInStack(out, Values.plainMap(stack.loaded().imports().get(imp)), imp, type, component, section, sub, key, "import");
        }
    }

    private static void componentInStack(List<Object> out, Map<String, Object> raw, String file, String type, String component,
                                         String section, String sub, String key, String dependency) {
        Object v = dig(raw, "components", type, component, section);
        String where = "components." + type + "." + section + (sub.isEmpty() ? "" : "." + sub);
        add(out, v, sub, key, file, where, dependency);
    }

    private static void typeInStack(List<Object> out, Map<String, Object> raw, String file, String type, String section, String sub,
                                    String key, String dependency) {
        add(out, dig(raw, type, section), sub, key, file, type + "." + section + (sub.isEmpty() ? "" : "." + sub), dependency);
    }

    private static void globalInStack(List<Object> out, Map<String, Object> raw, String file, String section, String sub, String key,
                                      String dependency) {
        add(out, dig(raw, section), sub, key, file, section + (sub.isEmpty() ? "" : "." + sub), dependency);
    }

    private static void add(List<Object> out, Object sectionValue, String sub, String key, String file, String where, String dependency) {
        if (!(sectionValue instanceof Map<?, ?> m)) {
            return;
        }
        if (!sub.isEmpty()) {
            if (!(m.get(sub) instanceof Map<?, ?> sm)) {
                return;
            }
            m = sm;
        }
        if (!m.containsKey(key)) {
            return;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dependency_type", dependency);
        d.put("stack_file", file);
        d.put("stack_file_section", where);
        d.put("variable_value", m.get(key));
        for (Object existing : out) {
            if (Objects.equals(existing, d)) {
                return;
            }
        }
        out.add(d);
    }

    private static Object dig(Map<String, Object> m, String... path) {
        Object cur = m;
        for (String p : path) {
            if (!(cur instanceof Map<?, ?> mm)) {
                return null;
            }
            cur = mm.get(p);
        }
        return cur;
    }

    /** deps: the first (most specific) file of each value; deps_all: every file, plus the stack itself. Sorted. */
    @SuppressWarnings("unchecked")
    static List<String>[] deps(String stackFile, Map<String, Object> sources) {
        TreeSet<String> deps = new TreeSet<>();
        TreeSet<String> all = new TreeSet<>();
        for (Object section : sources.values()) {
            for (Object item : ((Map<String, Object>) section).values()) {
                List<Object> ds = (List<Object>) ((Map<String, Object>) item).get("stack_dependencies");
                for (int i = 0; i < ds.size(); i++) {
                    String f = (String) ((Map<String, Object>) ds.get(i)).get("stack_file");
                    if (f != null && !f.isEmpty()) {
                        all.add(f);
                        if (i == 0) {
                            deps.add(f);
                        }
                    }
                }
            }
        }
        all.add(stackFile);
        return new List[]{new ArrayList<>(deps), new ArrayList<>(all)};
    }
}
