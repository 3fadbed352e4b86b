package atmos.stack;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Go's {@code text/template} that understands only field paths: {@code {{ .a.b }}},
 * {@code {{ . }}}, with the {@code {{-}} and {@code -}}} trim markers. Anything else is reported as
 * unsupported. Used until the real engine ({@code atmos.template}) is wired in.
 */
public final class FieldPathTemplates implements TemplateRenderer {
    private static final Pattern ACTION = Pattern.compile("\\{\\{(-?)\\s*(.*?)\\s*(-?)}}", Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("\\.(?:[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)?");

    @Override
    public boolean hasActions(String text) {
        return text != null && text.contains("{{");
    }

    @Override
    public String render(String name, String text, Object data, boolean ignoreMissingValues) {
        Matcher m = ACTION.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String before = text.substring(last, m.start());
            if (m.group(1).equals("-")) {
                before = before.stripTrailing();
            }
            out.append(before);
            String expr = m.group(2);
            if (expr.startsWith("/*")) {
                last = m.end();
                continue;
            }
            if (!FIELD.matcher(expr).matches()) {
                throw new TemplateException("template: " + name + ": unsupported action {{ " + expr
                        + " }} (only field paths like {{ .vars.stage }} are supported until the Go template engine is available)");
            }
            out.append(format(lookup(name, data, expr, ignoreMissingValues)));
            last = m.end();
            if (m.group(3).equals("-")) {
                while (last < text.length() && Character.isWhitespace(text.charAt(last))) {
                    last++;
                }
            }
        }
        out.append(text.substring(last));
        return out.toString();
    }

    private static Object lookup(String name, Object data, String path, boolean ignoreMissing) {
        if (path.equals(".")) {
            return data;
        }
        Object cur = data;
        for (String part : path.substring(1).split("\\.")) {
            if (cur instanceof Map<?, ?> m) {
                if (!m.containsKey(part)) {
                    if (ignoreMissing) {
                        return NO_VALUE;
                    }
                    throw new TemplateException("template: " + name + ": executing \"" + name + "\" at <" + path
                            + ">: map has no entry for key \"" + part + "\"");
                }
                cur = m.get(part);
            } else if (cur == null) {
                return NO_VALUE;
            } else {
                throw new TemplateException("template: " + name + ": executing \"" + name + "\" at <" + path
                        + ">: can't evaluate field " + part + " in type " + goType(cur));
            }
        }
        return cur;
    }

    private static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "<no value>";
        }
    };

    /** Go's {@code fmt.Sprint} of a value as text/template prints it. */
    static String format(Object v) {
        if (v == null) {
            return "<no value>";
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("map[");
            m.keySet().stream().map(String::valueOf).sorted().forEach(k -> {
                if (b.length() > 4) {
                    b.append(' ');
                }
                b.append(k).append(':').append(format(m.get(k)));
            });
            return b.append(']').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    b.append(' ');
                }
                b.append(format(l.get(i)));
            }
            return b.append(']').toString();
        }
        if (v instanceof Double d) {
            return atmos.text.GoScalars.yamlFloat(d).replace(".inf", "+Inf").replace(".nan", "NaN");
        }
        return String.valueOf(v);
    }

    private static String goType(Object o) {
        if (o instanceof String) {
            return "string";
        }
        if (o instanceof Boolean) {
            return "bool";
        }
        if (o instanceof Long) {
            return "int";
        }
        if (o instanceof Double) {
            return "float64";
        }
        if (o instanceof List) {
            return "[]interface {}";
        }
        return "interface {}";
    }
}
