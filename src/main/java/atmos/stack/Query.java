package atmos.stack;

import atmos.error.AtmosException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The subset of yq expressions {@code --query} and {@code !include FILE QUERY} accept here: paths
 * ({@code .vars.region}, {@code .settings["team-name"]}, {@code .list[0]}, {@code .}), optionally
 * piped into {@code keys} or {@code length}. A missing key yields null, as in yq.
 */
public final class Query {
    private Query() {
    }

    public static Object evaluate(Object data, String expression) {
        String expr = expression.strip();
        String[] stages = expr.split("\\|");
        Object cur = data;
        for (String stage : stages) {
            cur = stage(cur, stage.strip(), expression);
        }
        return cur;
    }

    private static Object stage(Object data, String expr, String whole) {
        switch (expr) {
            case "keys" -> {
                if (data instanceof Map<?, ?> m) {
                    return new ArrayList<>(new TreeSet<>(m.keySet().stream().map(String::valueOf).toList()));
                }
                if (data instanceof List<?> l) {
                    List<Object> out = new ArrayList<>();
                    for (long i = 0; i < l.size(); i++) {
                        out.add(i);
                    }
                    return out;
                }
                throw unsupported(whole);
            }
            case "length" -> {
                if (data instanceof Map<?, ?> m) {
                    return (long) m.size();
                }
                if (data instanceof List<?> l) {
                    return (long) l.size();
                }
                if (data instanceof String s) {
                    return (long) s.length();
                }
                return 0L;
            }
            default -> {
            }
        }
        if (!expr.startsWith(".")) {
            throw unsupported(whole);
        }
        Object cur = data;
        int i = 1;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (c == '.') {
                i++;
                continue;
            }
            if (c == '[') {
                int end = expr.indexOf(']', i);
                if (end < 0) {
                    throw unsupported(whole);
                }
                String inside = expr.substring(i + 1, end).strip();
                i = end + 1;
                if (inside.startsWith("\"") && inside.endsWith("\"") && inside.length() >= 2) {
                    cur = key(cur, inside.substring(1, inside.length() - 1));
                } else if (inside.matches("-?\\d+")) {
                    int idx = Integer.parseInt(inside);
                    if (cur instanceof List<?> l) {
                        int k = idx < 0 ? l.size() + idx : idx;
                        cur = k >= 0 && k < l.size() ? l.get(k) : null;
                    } else {
                        cur = null;
                    }
                } else {
                    throw unsupported(whole);
                }
                continue;
            }
            if (c == '"') {
                int end = expr.indexOf('"', i + 1);
                if (end < 0) {
                    throw unsupported(whole);
                }
                cur = key(cur, expr.substring(i + 1, end));
                i = end + 1;
                continue;
            }
            int start = i;
            while (i < expr.length() && expr.charAt(i) != '.' && expr.charAt(i) != '[') {
                i++;
            }
            String k = expr.substring(start, i);
            if (!k.matches("[A-Za-z0-9_\\-/]+")) {
                throw unsupported(whole);
            }
            cur = key(cur, k);
        }
        return cur;
    }

    private static Object key(Object cur, String k) {
        return cur instanceof Map<?, ?> m ? m.get(k) : null;
    }

    private static AtmosException unsupported(String expr) {
        return AtmosException.usage("unsupported query expression \"" + expr + "\"",
                "atmos-java supports yq paths such as .vars.region, .settings[\"name\"], .list[0], optionally piped into keys or length");
    }
}
