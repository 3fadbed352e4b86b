package atmos.stack;

import atmos.error.AtmosException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the attribute subset of HCL that {@code .tfvars} files use, as Atmos's {@code !include} does:
 * {@code name = value} with strings (escapes kept, {@code ${...}} left as text), numbers (truncated to
 * integers, as Atmos converts them), booleans, null, lists/tuples, objects/maps
 * ({@code k = v} or {@code k: v}), heredocs ({@code <<EOT}, {@code <<-EOT}) and {@code #}, {@code //},
 * {@code /* *}{@code /} comments. Blocks ({@code resource "x" {}}) are rejected like Atmos rejects them.
 */
final class Tfvars {
    private final String s;
    private final String file;
    private int i;

    private Tfvars(String text, String file) {
        this.s = text;
        this.file = file;
    }

    static Map<String, Object> parse(String text, String file) {
        return new Tfvars(text, file).body();
    }

    private Map<String, Object> body() {
        Map<String, Object> out = new LinkedHashMap<>();
        while (true) {
            skipSpace(true);
            if (i >= s.length()) {
                return out;
            }
            String name = identifier();
            skipSpace(false);
            if (i < s.length() && s.charAt(i) == '=' && !(i + 1 < s.length() && s.charAt(i + 1) == '=')) {
                i++;
                out.put(name, value());
            } else {
                throw error("expected '=' after \"" + name + "\" (only attributes are supported, not blocks)");
            }
        }
    }

    private Object value() {
        skipSpace(true);
        if (i >= s.length()) {
            throw error("missing value");
        }
        char c = s.charAt(i);
        if (c == '"') {
            return string();
        }
        if (c == '<' && s.startsWith("<<", i)) {
            return heredoc();
        }
        if (c == '[') {
            i++;
            List<Object> items = new ArrayList<>();
            while (true) {
                skipSpace(true);
                if (i < s.length() && s.charAt(i) == ']') {
                    i++;
                    return items;
                }
                items.add(value());
                skipSpace(true);
                if (i < s.length() && s.charAt(i) == ',') {
                    i++;
                }
            }
        }
        if (c == '{') {
            i++;
            Map<String, Object> m = new LinkedHashMap<>();
            while (true) {
                skipSpace(true);
                if (i >= s.length()) {
                    throw error("unterminated object");
                }
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                String key = s.charAt(i) == '"' ? string() : identifier();
                skipSpace(false);
                if (i < s.length() && (s.charAt(i) == '=' || s.charAt(i) == ':')) {
                    i++;
                } else {
                    throw error("expected '=' or ':' after key \"" + key + "\"");
                }
                m.put(key, value());
                skipSpace(false);
                if (i < s.length() && s.charAt(i) == ',') {
                    i++;
                }
            }
        }
        if (c == '-' || Character.isDigit(c)) {
            int start = i++;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || "eE.+-".indexOf(s.charAt(i)) >= 0)) {
                i++;
            }
            return new BigDecimal(s.substring(start, i)).longValue();
        }
        String word = identifier();
        return switch (word) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "null" -> null;
            default -> throw error("unsupported expression \"" + word + "\" (variables and functions are not available in .tfvars)");
        };
    }

    private String string() {
        i++; // opening quote
        StringBuilder b = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\' && i < s.length()) {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case '"' -> b.append('"');
                    case '\\' -> b.append('\\');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append('\\').append(e);
                }
            } else if (c == '$' && i < s.length() && s.charAt(i) == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                b.append("${"); // $${ escapes an interpolation
                i += 2;
            } else {
                b.append(c);
            }
        }
        throw error("unterminated string");
    }

    private String heredoc() {
        i += 2;
        boolean indent = i < s.length() && s.charAt(i) == '-';
        if (indent) {
            i++;
        }
        int eol = s.indexOf('\n', i);
        if (eol < 0) {
            throw error("unterminated heredoc");
        }
        String marker = s.substring(i, eol).strip();
        i = eol + 1;
        List<String> lines = new ArrayList<>();
        while (i <= s.length()) {
            int next = s.indexOf('\n', i);
            String line = next < 0 ? s.substring(i) : s.substring(i, next);
            i = next < 0 ? s.length() : next + 1;
            if (line.strip().equals(marker)) {
                break;
            }
            lines.add(line);
            if (next < 0) {
                throw error("heredoc " + marker + " is not closed");
            }
        }
        if (indent) {
            int min = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
            lines.replaceAll(l -> l.length() >= min ? l.substring(min) : l.strip());
        }
        return String.join("\n", lines) + "\n";
    }

    private String identifier() {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '-')) {
            i++;
        }
        if (start == i) {
            throw error("unexpected '" + s.charAt(i) + "'");
        }
        return s.substring(start, i);
    }

    private void skipSpace(boolean newlines) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) {
                i++;
            } else if (c == '#' || s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
            } else {
                return;
            }
        }
    }

    private AtmosException error(String message) {
        int line = 1;
        for (int k = 0; k < Math.min(i, s.length()); k++) {
            if (s.charAt(k) == '\n') {
                line++;
            }
        }
        return AtmosException.config(file + ":" + line + ": cannot read HCL: " + message,
                "only 'name = value' attributes are supported in included .tfvars/.hcl files");
    }
}
