package atmos.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words of a command line as a POSIX shell reads them, without running a shell: what the Go Atmos
 * does with {@code shell.Fields} for {@code type: atmos} steps, so {@code -var="a=b c"} is one argument
 * {@code -var=a=b c}. Single quotes are literal; double quotes allow {@code \"}, {@code \\}, {@code \$}
 * and {@code $VAR}/{@code ${VAR}}; a backslash outside quotes escapes the next character; variables
 * are read from the given environment. Also the reverse: {@link #quote} as Bash would need it.
 */
public final class ShellWords {
    private ShellWords() {
    }

    /** The words; an unterminated quote makes the whole line fall back to splitting at whitespace (as upstream). */
    public static List<String> split(String line, Map<String, String> env) {
        try {
            return strictSplit(line, env);
        } catch (IllegalArgumentException e) {
            List<String> out = new ArrayList<>();
            for (String w : line.strip().split("\\s+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
            return out;
        }
    }

    static List<String> strictSplit(String line, Map<String, String> env) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated single quote");
                }
                cur.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                inWord = true;
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n && "\"\\$`\n".indexOf(line.charAt(i + 1)) >= 0) {
                        if (line.charAt(i + 1) != '\n') {
                            cur.append(line.charAt(i + 1));
                        }
                        i += 2;
                    } else if (d == '$') {
                        i = expand(line, i, env, cur);
                    } else {
                        cur.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("unterminated double quote");
                }
            } else if (c == '\\') {
                if (i + 1 < n) {
                    if (line.charAt(i + 1) != '\n') {
                        cur.append(line.charAt(i + 1));
                        inWord = true;
                    }
                    i += 2;
                } else {
                    i++;
                }
            } else if (c == '$') {
                int before = cur.length();
                i = expand(line, i, env, cur);
                inWord = inWord || cur.length() > before;
            } else {
                cur.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(cur.toString());
        }
        return words;
    }

    /** Expands {@code $NAME} or {@code ${NAME}} at {@code i}; a lone {@code $} stays. Returns the next index. */
    private static int expand(String line, int i, Map<String, String> env, StringBuilder out) {
        int n = line.length();
        if (i + 1 < n && line.charAt(i + 1) == '{') {
            int end = line.indexOf('}', i + 2);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated ${");
            }
            out.append(env.getOrDefault(line.substring(i + 2, end), ""));
            return end + 1;
        }
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(line.charAt(j)) || line.charAt(j) == '_')) {
            j++;
        }
        if (j == i + 1) {
            out.append('$');
            return i + 1;
        }
        out.append(env.getOrDefault(line.substring(i + 1, j), ""));
        return j;
    }

    private static final Set<String> RESERVED = Set.of("!", "{", "}", "[[", "]]", "case", "do", "done", "elif", "else", "esac",
            "fi", "for", "function", "if", "in", "select", "then", "time", "until", "while");

    /**
     * One word quoted so that Bash reads it back unchanged (as Go's {@code syntax.Quote}): as it is when
     * it is safe, else in single quotes; the empty word is {@code ''}.
     */
    public static String quote(String word) {
        if (word.isEmpty()) {
            return "''";
        }
        boolean special = RESERVED.contains(word);
        boolean nonPrintable = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (";\"'()$|&><` \t\r\n\\{*?[".indexOf(c) >= 0 || (c == '#' || c == '~') && i == 0) {
                special = true;
            } else if (c < 0x20 || c == 0x7f) {
                nonPrintable = true;
            }
        }
        if (nonPrintable) {
            StringBuilder b = new StringBuilder("$'");
            for (char c : word.toCharArray()) {
                switch (c) {
                    case '\n' -> b.append("\\n");
                    case '\t' -> b.append("\\t");
                    case '\r' -> b.append("\\r");
                    case '\'' -> b.append("\\'");
                    case '\\' -> b.append("\\\\");
                    default -> {
                        if (c < 0x20 || c == 0x7f) {
                            b.append(String.format("\\x%02x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('\'').toString();
        }
        if (!special) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The words quoted and joined with spaces. */
    public static String join(List<String> words) {
        return String.join(" ", words.stream().map(ShellWords::quote).toList());
    }
}
