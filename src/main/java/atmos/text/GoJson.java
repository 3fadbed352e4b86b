package atmos.text;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes plain Java data as Atmos writes JSON ({@code json-iterator} with sorted map keys and no HTML
 * escaping, then {@code json.Indent} with two spaces): {@code {}} and {@code []} for empty containers,
 * Go's float format, {@link GoStruct} fields in order, the JSON side of a {@link PerFormat}.
 */
public final class GoJson {
    private GoJson() {
    }

    /** Indented JSON ending with a newline. */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder(256);
        value(b, value, 0);
        return b.append('\n').toString();
    }

    /** Compact JSON, as Atmos's {@code toJson} and fast path write it. */
    public static String compact(Object value) {
        StringBuilder b = new StringBuilder(128);
        value(b, value, -1);
        return b.toString();
    }

    private static void value(StringBuilder b, Object v, int level) {
        if (v instanceof PerFormat pf) {
            v = pf.json();
        }
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            string(b, s);
        } else if (v instanceof Boolean bool) {
            b.append(bool ? "true" : "false");
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
            b.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            b.append(Double.isNaN(d) || Double.isInfinite(d) ? "null" : GoScalars.jsonFloat(d));
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                b.append("{}");
                return;
            }
            List<Object> keys = new ArrayList<>(m.keySet());
            if (!(m instanceof GoStruct)) {
                keys.sort((x, y) -> String.valueOf(x).compareTo(String.valueOf(y)));
            }
            b.append('{');
            boolean first = true;
            for (Object k : keys) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                newline(b, level < 0 ? -1 : level + 1);
                string(b, String.valueOf(k));
                b.append(level >= 0 ? ": " : ":");
                value(b, m.get(k), level < 0 ? -1 : level + 1);
            }
            newline(b, level);
            b.append('}');
        } else if (v instanceof Collection<?> c) {
            if (c.isEmpty()) {
                b.append("[]");
                return;
            }
            b.append('[');
            boolean first = true;
            for (Object item : c) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                newline(b, level < 0 ? -1 : level + 1);
                value(b, item, level < 0 ? -1 : level + 1);
            }
            newline(b, level);
            b.append(']');
        } else if (v instanceof Object[] arr) {
            value(b, List.of(arr), level);
        } else {
            string(b, String.valueOf(v));
        }
    }

    private static void newline(StringBuilder b, int level) {
        if (level < 0) {
            return;
        }
        b.append('\n');
        for (int i = 0; i < level; i++) {
            b.append("  ");
        }
    }

    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static void string(StringBuilder b, String s) {
        b.append('"');
        if (plain(s)) {
            b.append(s).append('"');
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
