package atmos.template;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Conversions Sprig relies on: spf13/cast, Sprig's strval/strslice/empty, reflect.DeepEqual, and the reflection errors of its list functions. */
final class Cast {
    private Cast() {}

    static int i(Object o) {
        return (int) ((Number) o).longValue();
    }

    /** Sprig's strval: strings as they are, Stringers by String(), the rest by %v. */
    static String strval(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return GoFmt.toString(v);
    }

    /** Sprig's strslice. */
    static List<String> strslice(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                Object x = GoValues.unwrap(o);
                if (x != null) {
                    out.add(strval(x));
                }
            }
        } else if (v != null) {
            out.add(strval(v));
        }
        return out;
    }

    /** Sprig's empty (the zero value of its type). */
    static boolean empty(Object given) {
        return !GoValues.isTrue(GoValues.unwrap(given));
    }

    /** The reflect.Kind name Sprig's list errors print. */
    static String reflectKind(Object v) {
        String k = GoValues.kindName(v);
        return k;
    }

    /** A list argument; anything else fails as Sprig's reflection does. */
    static List<?> list(Object v, String what) throws Builtins.FuncError {
        if (v == null) {
            throw new Builtins.FuncError("runtime error: invalid memory address or nil pointer dereference");
        }
        if (v instanceof List<?> l) {
            return l;
        }
        if (what.startsWith("list should")) {
            throw new Builtins.FuncError(what + " " + reflectKind(v));
        }
        throw new Builtins.FuncError("Cannot " + what + " type " + reflectKind(v));
    }

    static Map<?, ?> map(Object v) {
        return v == null ? Map.of() : (Map<?, ?>) v;
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> mutable(Object v) throws Builtins.FuncError {
        if (v == null) {
            throw new Builtins.FuncError("assignment to entry in nil map");
        }
        return (Map<Object, Object>) v;
    }

    static List<Object> sortedKeys(Map<?, ?> m) {
        List<Object> keys = new ArrayList<>(m.keySet());
        keys.sort(GoFmt::compareKeys);
        return keys;
    }

    /** reflect.DeepEqual for the engine's values: same Go type, same contents. */
    static boolean deepEqual(Object a, Object b) {
        a = GoValues.unwrap(a);
        b = GoValues.unwrap(b);
        if (a == null || b == null) {
            return a == b;
        }
        if (!GoValues.typeName(a).equals(GoValues.typeName(b))) {
            return false;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int k = 0; k < x.size(); k++) {
                if (!deepEqual(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !deepEqual(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (GoValues.isGoInt(a)) {
            return ((Number) a).longValue() == ((Number) b).longValue();
        }
        return a.equals(b);
    }

    static boolean inList(List<Object> haystack, Object needle) {
        for (Object h : haystack) {
            if (deepEqual(needle, h)) {
                return true;
            }
        }
        return false;
    }

    /** spf13/cast ToInt64: numbers truncated, strings parsed (base prefixes, decimals dropped), else 0. */
    static long toInt64(Object v) {
        v = GoValues.unwrap(v);
        if (v == null) {
            return 0;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isNaN(d) ? Long.MIN_VALUE : (long) d;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Duration d) {
            return d.toNanos();
        }
        if (v instanceof String s) {
            if (s.isEmpty()) {
                return 0;
            }
            String t = s;
            if (t.contains(".")) {
                java.util.regex.Matcher m = Pattern.compile("^([-+]?\\d*)(\\.\\d*)?$").matcher(t);
                if (m.matches()) {
                    t = m.group(1);
                    if (t.equals("-") || t.equals("+")) {
                        t += "0";
                    } else if (t.isEmpty()) {
                        t = "0";
                    }
                }
            }
            Long p = GoStrconv.parseInt64(t);
            return p == null ? 0 : p;
        }
        return 0;
    }

    /** spf13/cast ToFloat64. */
    static double toFloat64(Object v) {
        v = GoValues.unwrap(v);
        if (v == null) {
            return 0;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof GoNumber g && g.unsigned()) {
            return g.doubleValue();
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            if (s.isEmpty()) {
                return 0;
            }
            Double d = GoStrconv.parseFloat(s);
            return d == null ? 0 : d;
        }
        return 0;
    }
}
