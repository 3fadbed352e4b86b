package atmos.template;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go's encoding/json for the engine's values: keys sorted, HTML characters escaped unless raw,
 * floats as Go writes them ({@code 1e+21}, {@code 1e-7}, {@code 0.5}); and decoding into what Go's
 * {@code json.Unmarshal} gives an {@code interface {}} (every number a float64).
 */
final class GoJson {
    private GoJson() {}

    static final class JsonError extends Exception {
        private static final long serialVersionUID = 1L;

        JsonError(String message) {
            super(message, null, false, false);
        }
    }

    /** json.Marshal (escapeHtml) or an Encoder with SetEscapeHTML(false); indent "" for compact output. */
    static String encode(Object v, boolean escapeHtml, String indent) throws JsonError {
        StringBuilder sb = new StringBuilder();
        write(sb, GoValues.unwrap(v), escapeHtml, indent, 0);
        return sb.toString();
    }

    private static void newline(StringBuilder sb, String indent, int depth) {
        if (!indent.isEmpty()) {
            sb.append('\n');
            for (int i = 0; i < depth; i++) {
                sb.append(indent);
            }
        }
    }

    private static void write(StringBuilder sb, Object v, boolean esc, String indent, int depth) throws JsonError {
        v = GoValues.unwrap(v);
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            writeString(sb, s, esc);
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v instanceof Double || v instanceof Float) {
            sb.append(formatFloat(((Number) v).doubleValue(), v instanceof Float));
        } else if (v instanceof GoNumber || v instanceof BigInteger || GoValues.isGoInt(v)) {
            sb.append(v);
        } else if (v instanceof Duration d) {
            sb.append(d.toNanos());
        } else if (v instanceof ZonedDateTime t) {
            writeString(sb, GoTime.format(t, "2006-01-02T15:04:05.999999999Z07:00"), esc);
        } else if (v instanceof byte[] bytes) {
            writeString(sb, Base64.getEncoder().encodeToString(bytes), esc);
        } else if (v instanceof List<?> list) {
            if (list.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                newline(sb, indent, depth + 1);
                write(sb, list.get(i), esc, indent, depth + 1);
            }
            newline(sb, indent, depth);
            sb.append(']');
        } else if (v instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                sb.append("{}");
                return;
            }
            List<Map.Entry<String, Object>> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object k = e.getKey();
                String key;
                if (k instanceof String s) {
                    key = s;
                } else if (k != null && (GoValues.isGoInt(k) || k instanceof GoNumber)) {
                    key = k.toString();
                } else {
                    throw new JsonError("json: unsupported type: " + GoValues.typeName(map));
                }
                entries.add(Map.entry(key, GoValues.slot(e.getValue())));
            }
            entries.sort((a, b) -> GoFmt.compareStrings(a.getKey(), b.getKey()));
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : entries) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                newline(sb, indent, depth + 1);
                writeString(sb, e.getKey(), esc);
                sb.append(indent.isEmpty() ? ":" : ": ");
                write(sb, e.getValue(), esc, indent, depth + 1);
            }
            newline(sb, indent, depth);
            sb.append('}');
        } else if (v instanceof Namespace) {
            sb.append("{}");
        } else {
            throw new JsonError("json: unsupported type: " + GoValues.typeName(v));
        }
    }

    static String formatFloat(double f, boolean is32) throws JsonError {
        if (Double.isNaN(f) || Double.isInfinite(f)) {
            throw new JsonError("json: unsupported value: " + GoFloat.format(f, 'g', -1, false));
        }
        double abs = Math.abs(f);
        char fmt = 'f';
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            fmt = 'e';
        }
        String b = GoFloat.format(f, fmt, -1, is32);
        if (fmt == 'e') {
            int n = b.length();
            if (n >= 4 && b.charAt(n - 4) == 'e' && b.charAt(n - 3) == '-' && b.charAt(n - 2) == '0') {
                b = b.substring(0, n - 2) + b.charAt(n - 1);
            }
        }
        return b;
    }

    private static void writeString(StringBuilder sb, String s, boolean esc) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\u2028' -> sb.append("\\u2028");
                case '\u2029' -> sb.append("\\u2029");
                default -> {
                    if (c < 0x20 || (esc && (c == '<' || c == '>' || c == '&'))) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** json.Unmarshal into interface{}: maps, lists, strings, float64s, bools, nil. */
    static Object decode(String text) throws JsonError {
        Object v;
        try {
            v = JSON.std.anyFrom(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            String m = e.getMessage() == null ? "invalid JSON" : e.getMessage();
            int nl = m.indexOf('\n');
            throw new JsonError(nl > 0 ? m.substring(0, nl) : m);
        }
        if (v == null && !text.strip().equals("null")) {
            throw new JsonError("unexpected end of JSON input");
        }
        return goValue(v);
    }

    private static Object goValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), goValue(e.getValue()));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(goValue(o));
            }
            return out;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return v;
    }
}
