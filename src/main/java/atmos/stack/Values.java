package atmos.stack;

import atmos.config.Source;
import atmos.config.YamlValue;
import atmos.text.GoScalars;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Conversions between {@link YamlValue}s (with file and line) and plain data typed as Go's yaml.v3
 * types them ({@link GoScalars#resolve}): the shapes templates see and {@code describe} prints.
 */
final class Values {
    static final Source GENERATED = Source.synthetic("(computed)");

    private Values() {
    }

    /** Plain data: maps, lists, String/Boolean/Long/Double/null; tagged scalars as Atmos keeps them ("!tag args"). */
    static Object plain(YamlValue v) {
        if (v == null) {
            return null;
        }
        if (v instanceof YamlValue.Map m) {
            Map<String, Object> out = new LinkedHashMap<>(Math.max(4, m.entries().size() * 2));
            m.entries().forEach((k, x) -> out.put(k, plain(x)));
            return out;
        }
        if (v instanceof YamlValue.Seq s) {
            List<Object> out = new ArrayList<>(s.items().size());
            s.items().forEach(x -> out.add(plain(x)));
            return out;
        }
        YamlValue.Scalar sc = (YamlValue.Scalar) v;
        if (sc.tag() != null && sc.envVar() == null) {
            String raw = sc.value() == null ? "" : sc.value();
            return (sc.tag() + " " + raw).strip();
        }
        if (sc.value() == null) {
            return null;
        }
        return sc.plain() ? GoScalars.resolve(sc.value()) : sc.value();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> plainMap(YamlValue v) {
        Object o = plain(v);
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    /** A YamlValue for plain data (all at one source). */
    static YamlValue yaml(Object o, Source src) {
        if (o instanceof Map<?, ?> m) {
            Map<String, YamlValue> entries = new LinkedHashMap<>();
            m.forEach((k, x) -> entries.put(String.valueOf(k), yaml(x, src)));
            return new YamlValue.Map(entries, Map.of(), src);
        }
        if (o instanceof List<?> l) {
            List<YamlValue> items = new ArrayList<>();
            l.forEach(x -> items.add(yaml(x, src)));
            return new YamlValue.Seq(items, src);
        }
        if (o == null) {
            return new YamlValue.Scalar(null, null, true, null, src);
        }
        if (o instanceof String s) {
            return new YamlValue.Scalar(s, null, false, null, src);
        }
        if (o instanceof Double d) {
            return new YamlValue.Scalar(GoScalars.yamlFloat(d), null, true, null, src);
        }
        return new YamlValue.Scalar(String.valueOf(o), null, true, null, src);
    }

    /** The scalar's string as Go's type assertion {@code .(string)} would accept it, else null. */
    static String string(YamlValue v) {
        if (v instanceof YamlValue.Scalar s) {
            Object p = plain(s);
            return p instanceof String str ? str : null;
        }
        return null;
    }

    static boolean isMap(YamlValue v) {
        return v instanceof YamlValue.Map;
    }

    static YamlValue.Map emptyMap() {
        return YamlValue.Map.empty(GENERATED);
    }

    static YamlValue.Map map(YamlValue v) {
        return v instanceof YamlValue.Map m ? m : emptyMap();
    }

    /**
     * A read-only plain view of a map that converts each entry only when it is read: template data for
     * names and workspaces, where a template reads two or three values of a large section.
     */
    static Map<String, Object> lazy(YamlValue.Map m) {
        return new java.util.AbstractMap<>() {
            private final Map<String, Object> done = new java.util.HashMap<>();
            private Set<Entry<String, Object>> all;

            @Override
            public Object get(Object key) {
                if (done.containsKey(key)) {
                    return done.get(key);
                }
                YamlValue v = m.get(String.valueOf(key));
                Object p = v instanceof YamlValue.Map vm ? lazy(vm) : plain(v);
                done.put(String.valueOf(key), p);
                return p;
            }

            @Override
            public boolean containsKey(Object key) {
                return m.entries().containsKey(key);
            }

            @Override
            public Set<Entry<String, Object>> entrySet() {
                if (all == null) {
                    Map<String, Object> full = new LinkedHashMap<>();
                    m.entries().keySet().forEach(k -> full.put(k, get(k)));
                    all = java.util.Collections.unmodifiableMap(full).entrySet();
                }
                return all;
            }
        };
    }

    /** Deep copy of plain data (maps and lists), so callers may mutate the result. */
    @SuppressWarnings("unchecked")
    static Object copy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> out.put(k, copy(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(copy(x)));
            return out;
        }
        return o;
    }
}
