package atmos.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Go's regexp (RE2 syntax) on java.util.regex: {@code (?P<name>)} groups, POSIX classes, {@code $}
 * meaning end of text, only {@code \n} ending a line; Go's {@code $1}/{@code ${name}} expansion, its
 * FindAll limit and Split.
 */
final class GoRegexp {
    private GoRegexp() {}

    static Pattern compile(String expr) throws Builtins.FuncError {
        try {
            return Pattern.compile(translate(expr), Pattern.UNIX_LINES);
        } catch (PatternSyntaxException e) {
            throw new Builtins.FuncError("error parsing regexp: " + e.getDescription() + ": `" + expr + "`");
        }
    }

    /** regexp.MustCompile: a bad expression panics (reported as the function's error). */
    static Pattern mustCompile(String expr) throws Builtins.FuncError {
        try {
            return compile(expr);
        } catch (Builtins.FuncError e) {
            throw new Builtins.FuncError("regexp: Compile(" + GoFmt.quote(expr) + "): " + e.getMessage());
        }
    }

    private static String translate(String expr) {
        StringBuilder sb = new StringBuilder(expr.length() + 8);
        boolean multiline = expr.contains("(?m") || expr.matches("(?s).*\\(\\?[a-zA-Z]*m[a-zA-Z]*[:)].*");
        boolean inClass = false;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '\\' && i + 1 < expr.length()) {
                sb.append(c).append(expr.charAt(++i));
                continue;
            }
            if (inClass) {
                if (c == '[' && expr.startsWith("[:", i)) {
                    int end = expr.indexOf(":]", i + 2);
                    if (end > 0) {
                        String name = expr.substring(i + 2, end);
                        boolean neg = name.startsWith("^");
                        String cls = posix(neg ? name.substring(1) : name);
                        if (cls != null) {
                            sb.append(neg ? "\\P{" : "\\p{").append(cls).append('}');
                            i = end + 1;
                            continue;
                        }
                    }
                }
                if (c == '[') {
                    sb.append("\\[");
                    continue;
                }
                if (c == ']') {
                    inClass = false;
                }
                sb.append(c);
                continue;
            }
            if (c == '[') {
                inClass = true;
                sb.append(c);
                if (i + 1 < expr.length() && expr.charAt(i + 1) == '^') {
                    sb.append('^');
                    i++;
                }
                if (i + 1 < expr.length() && expr.charAt(i + 1) == ']') {
                    sb.append("\\]");
                    i++;
                }
                continue;
            }
            if (c == '(' && expr.startsWith("(?P<", i)) {
                sb.append("(?<");
                i += 3;
                continue;
            }
            if (c == '$' && !multiline) {
                sb.append("\\z");
                continue;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static String posix(String name) {
        return switch (name) {
            case "alnum" -> "Alnum";
            case "alpha" -> "Alpha";
            case "ascii" -> "ASCII";
            case "blank" -> "Blank";
            case "cntrl" -> "Cntrl";
            case "digit" -> "Digit";
            case "graph" -> "Graph";
            case "lower" -> "Lower";
            case "print" -> "Print";
            case "punct" -> "Punct";
            case "space" -> "Space";
            case "upper" -> "Upper";
            case "word" -> "Alnum}_\\p{Alnum";
            case "xdigit" -> "XDigit";
            default -> null;
        };
    }

    /** FindAllString: at most n matches (all when n < 0), Go skipping empty matches right after a match. */
    static List<int[]> findAll(Pattern p, String s, int n) {
        List<int[]> out = new ArrayList<>();
        if (n == 0) {
            return out;
        }
        Matcher m = p.matcher(s);
        int prevEnd = -1;
        int pos = 0;
        while (pos <= s.length() && m.find(pos)) {
            int a = m.start();
            int b = m.end();
            if (b == a && a == prevEnd) {
                // An empty match right after the previous match is not reported.
                pos = a < s.length() ? s.offsetByCodePoints(a, 1) : a + 1;
                continue;
            }
            out.add(new int[] {a, b});
            if (n > 0 && out.size() == n) {
                break;
            }
            prevEnd = b;
            pos = b > a ? b : (a < s.length() ? s.offsetByCodePoints(a, 1) : a + 1);
        }
        return out;
    }

    static List<String> findAllString(Pattern p, String s, int n) {
        List<String> out = new ArrayList<>();
        for (int[] m : findAll(p, s, n)) {
            out.add(s.substring(m[0], m[1]));
        }
        return out;
    }

    /** ReplaceAllString (expand) or ReplaceAllLiteralString. */
    static String replaceAll(Pattern p, String s, String repl, boolean literal) {
        StringBuilder sb = new StringBuilder();
        int last = 0;
        Matcher m = p.matcher(s);
        for (int[] span : findAll(p, s, -1)) {
            sb.append(s, last, span[0]);
            if (literal) {
                sb.append(repl);
            } else {
                m.find(span[0]);
                expand(sb, repl, m);
            }
            last = span[1];
        }
        sb.append(s, last, s.length());
        return sb.toString();
    }

    private static void expand(StringBuilder sb, String template, Matcher m) {
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                sb.append(c);
                continue;
            }
            char d = template.charAt(i + 1);
            if (d == '$') {
                sb.append('$');
                i++;
                continue;
            }
            String name;
            int end;
            if (d == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    sb.append(c);
                    continue;
                }
                name = template.substring(i + 2, close);
                end = close;
                if (name.isEmpty() || !name.chars().allMatch(ch -> ch == '_' || Character.isLetterOrDigit(ch))) {
                    sb.append(c);
                    continue;
                }
            } else {
                int j = i + 1;
                while (j < template.length() && (template.charAt(j) == '_' || Character.isLetterOrDigit(template.charAt(j)))) {
                    j++;
                }
                if (j == i + 1) {
                    sb.append(c);
                    continue;
                }
                name = template.substring(i + 1, j);
                end = j - 1;
            }
            i = end;
            String value = null;
            if (name.chars().allMatch(Character::isDigit)) {
                try {
                    int g = Integer.parseInt(name);
                    if (g <= m.groupCount()) {
                        value = m.group(g);
                    }
                } catch (NumberFormatException e) {
                    value = null;
                }
            } else {
                try {
                    value = m.group(name);
                } catch (IllegalArgumentException e) {
                    value = null;
                }
            }
            if (value != null) {
                sb.append(value);
            }
        }
    }

    /** regexp.Split. */
    static List<String> split(Pattern p, String s, int n) {
        List<String> out = new ArrayList<>();
        if (n == 0) {
            return out;
        }
        if (!p.pattern().isEmpty() && s.isEmpty()) {
            out.add("");
            return out;
        }
        int beg = 0;
        int end = 0;
        for (int[] match : findAll(p, s, n)) {
            if (n > 0 && out.size() == n - 1) {
                break;
            }
            end = match[0];
            if (match[1] != 0) {
                out.add(s.substring(beg, end));
            }
            beg = match[1];
        }
        if (end != s.length()) {
            out.add(s.substring(beg));
        }
        return out;
    }

    /** regexp.QuoteMeta. */
    static String quoteMeta(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
