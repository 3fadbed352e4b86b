package atmos.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between plain Java data (as JSON libraries give it) and {@link YamlValue}s. */
public final class Json {
    private Json() {
    }

    public static YamlValue toYaml(Object o, Source src) {
        if (o instanceof Map<?, ?> m) {
            Map<String, YamlValue> entries = new LinkedHashMap<>();
            m.forEach((k, v) -> entries.put(String.valueOf(k), toYaml(v, src)));
            return new YamlValue.Map(entries, Map.of(), src);
        }
        if (o instanceof List<?> l) {
            List<YamlValue> items = new ArrayList<>();
            l.forEach(v -> items.add(toYaml(v, src)));
            return new YamlValue.Seq(items, src);
        }
        boolean plain = !(o instanceof String);
        return new YamlValue.Scalar(o == null ? null : String.valueOf(o), null, plain, null, src);
    }

    /** How deeply maps and lists nest in plain data (0 for a scalar), without recursion. */
    public static int depth(Object o) {
        int deepest = 0;
        java.util.ArrayDeque<Object[]> todo = new java.util.ArrayDeque<>();
        todo.push(new Object[]{o, 0});
        while (!todo.isEmpty()) {
            Object[] next = todo.pop();
            int d = (Integer) next[1];
            Iterable<?> children = next[0] instanceof Map<?, ?> m ? m.values() : next[0] instanceof List<?> l ? l : null;
            if (children == null) {
                continue;
            }
            deepest = Math.max(deepest, d + 1);
            for (Object c : children) {
                todo.push(new Object[]{c, d + 1});
            }
        }
        return deepest;
    }

    /** Plain Java data for a value: maps, lists, strings, booleans and numbers for plain scalars. */
    public static Object toPlain(YamlValue v) {
        if (v instanceof YamlValue.Map m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, x) -> out.put(k, toPlain(x)));
            return out;
        }
        if (v instanceof YamlValue.Seq s) {
            List<Object> out = new ArrayList<>();
            s.items().forEach(x -> out.add(toPlain(x)));
            return out;
        }
        YamlValue.Scalar sc = (YamlValue.Scalar) v;
        if (sc.value() == null) {
            return null;
        }
        if (sc.tag() != null && sc.envVar() == null) {
            return sc.tag() + " " + sc.value();
        }
        if (sc.plain()) {
            String t = sc.value();
            if (t.equals("true") || t.equals("True") || t.equals("TRUE")) {
                return Boolean.TRUE;
            }
            if (t.equals("false") || t.equals("False") || t.equals("FALSE")) {
                return Boolean.FALSE;
            }
            if (t.matches("[-+]?[0-9]{1,18}")) {
                return Long.parseLong(t);
            }
        }
        return sc.value();
    }
}
