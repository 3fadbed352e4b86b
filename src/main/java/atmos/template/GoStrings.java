package atmos.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Go's strings package and the string helpers of Sprig's dependencies (goutils), byte- and rune-exact. */
final class GoStrings {
    private GoStrings() {}

    static String trimSpace(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && GoFmt.isSpace(s.codePointAt(a))) {
            a += Character.charCount(s.codePointAt(a));
        }
        while (b > a && GoFmt.isSpace(s.codePointBefore(b))) {
            b -= Character.charCount(s.codePointBefore(b));
        }
        return s.substring(a, b);
    }

    /** strings.Trim(s, cutset). */
    static String trim(String s, String cutset) {
        int a = 0;
        int b = s.length();
        while (a < b && cutset.indexOf(s.codePointAt(a)) >= 0) {
            a += Character.charCount(s.codePointAt(a));
        }
        while (b > a && cutset.indexOf(s.codePointBefore(b)) >= 0) {
            b -= Character.charCount(s.codePointBefore(b));
        }
        return s.substring(a, b);
    }

    static String upper(String s) {
        return s.codePoints().map(Character::toUpperCase)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    static String lower(String s) {
        return s.codePoints().map(Character::toLowerCase)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** strings.Title: upper-cases the first letter of each word, leaves the rest. */
    static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        int prev = ' ';
        for (int k = 0; k < s.length(); ) {
            int c = s.codePointAt(k);
            k += Character.charCount(c);
            sb.appendCodePoint(isSeparator(prev) ? Character.toTitleCase(c) : c);
            prev = c;
        }
        return sb.toString();
    }

    static boolean isSeparator(int r) {
        if (r <= 0x7F) {
            return !(('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || r == '_');
        }
        if (Character.isLetter(r) || Character.isDigit(r)) {
            return false;
        }
        return GoFmt.isSpace(r);
    }

    /** goutils.Uncapitalize: lower-cases the first letter after whitespace. */
    static String untitle(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean next = true;
        for (int k = 0; k < s.length(); ) {
            int c = s.codePointAt(k);
            k += Character.charCount(c);
            if (GoFmt.isSpace(c)) {
                next = true;
                sb.appendCodePoint(c);
            } else if (next) {
                sb.appendCodePoint(Character.toLowerCase(c));
                next = false;
            } else {
                sb.appendCodePoint(c);
            }
        }
        return sb.toString();
    }

    static String swapcase(String s) {
        StringBuilder sb = new StringBuilder();
        boolean wordStart = true;
        for (int k = 0; k < s.length(); ) {
            int c = s.codePointAt(k);
            k += Character.charCount(c);
            if (Character.isUpperCase(c) || Character.isTitleCase(c)) {
                sb.appendCodePoint(Character.toLowerCase(c));
            } else if (Character.isLowerCase(c)) {
                sb.appendCodePoint(wordStart ? Character.toTitleCase(c) : Character.toUpperCase(c));
            } else {
                sb.appendCodePoint(c);
            }
            wordStart = GoFmt.isSpace(c);
        }
        return sb.toString();
    }

    static String initials(String s) {
        StringBuilder sb = new StringBuilder();
        boolean next = true;
        for (int k = 0; k < s.length(); ) {
            int c = s.codePointAt(k);
            k += Character.charCount(c);
            if (GoFmt.isSpace(c)) {
                next = true;
            } else if (next) {
                sb.appendCodePoint(c);
                next = false;
            }
        }
        return sb.toString();
    }

    static String wrap(String s, int width, String sep) {
        if (width < 1) {
            width = 1;
        }
        StringBuilder out = new StringBuilder();
        String[] lines = s.split("\n", -1);
        for (int li = 0; li < lines.length; li++) {
            if (li > 0) {
                out.append('\n');
            }
            String line = lines[li];
            int col = 0;
            boolean first = true;
            for (String word : line.split(" ")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (!first && col + 1 + word.length() > width) {
                    out.append(sep);
                    col = 0;
                } else if (!first) {
                    out.append(' ');
                    col++;
                }
                out.append(word);
                col += word.length();
                first = false;
            }
        }
        return out.toString();
    }

    static String indent(int spaces, String v) {
        String pad = " ".repeat(Math.max(0, spaces));
        return pad + v.replace("\n", "\n" + pad);
    }

    /** Sprig's trunc, on bytes like Go's. */
    static String trunc(int c, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (c < 0 && b.length + c > 0) {
            return new String(b, b.length + c, -c, StandardCharsets.UTF_8);
        }
        if (c >= 0 && b.length > c) {
            return new String(b, 0, c, StandardCharsets.UTF_8);
        }
        return s;
    }

    /** Sprig's substr, with Go's slice-bounds panics as errors. */
    static String substring(int start, int end, String s) throws Builtins.FuncError {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = b.length;
        if (start < 0) {
            if (end < 0 || end > n) {
                throw new Builtins.FuncError("runtime error: slice bounds out of range [:" + end + "] with length " + n);
            }
            return new String(b, 0, end, StandardCharsets.UTF_8);
        }
        if (end < 0 || end > n) {
            if (start > n) {
                throw new Builtins.FuncError("runtime error: slice bounds out of range [" + start + ":" + n + "]");
            }
            return new String(b, start, n - start, StandardCharsets.UTF_8);
        }
        if (start > end) {
            throw new Builtins.FuncError("runtime error: slice bounds out of range [" + start + ":" + end + "]");
        }
        return new String(b, start, end - start, StandardCharsets.UTF_8);
    }

    static String abbrev(String str, int offset, int maxWidth) {
        if (maxWidth < 4) {
            return str;
        }
        if (str.isEmpty()) {
            return "";
        }
        int n = str.length();
        if (n <= maxWidth) {
            return str;
        }
        if (offset > n) {
            offset = n;
        }
        if (n - offset < maxWidth - 3) {
            offset = n - (maxWidth - 3);
        }
        if (offset <= 4) {
            return str.substring(0, maxWidth - 3) + "...";
        }
        if (maxWidth < 7) {
            return "";
        }
        if (offset + maxWidth - 3 < n) {
            return "..." + abbrev(str.substring(offset), 0, maxWidth - 3);
        }
        return "..." + str.substring(n - (maxWidth - 3));
    }

    static List<String> goSplit(String s, String sep, int n) {
        List<String> out = new ArrayList<>();
        if (n == 0) {
            return out;
        }
        if (sep.isEmpty()) {
            int count = s.codePointCount(0, s.length());
            int limit = n < 0 ? count : Math.min(n, count);
            int idx = 0;
            for (int k = 0; k < limit; k++) {
                if (k == limit - 1 && n > 0) {
                    out.add(s.substring(idx));
                    return out;
                }
                int next = s.offsetByCodePoints(idx, 1);
                out.add(s.substring(idx, next));
                idx = next;
            }
            return out;
        }
        int start = 0;
        while (n < 0 || out.size() < n - 1) {
            int k = s.indexOf(sep, start);
            if (k < 0) {
                break;
            }
            out.add(s.substring(start, k));
            start = k + sep.length();
        }
        out.add(s.substring(start));
        return out;
    }

    static String replaceAll(String s, String old, String nw) {
        if (old.isEmpty()) {
            StringBuilder sb = new StringBuilder(nw);
            for (int k = 0; k < s.length(); ) {
                int c = s.codePointAt(k);
                k += Character.charCount(c);
                sb.appendCodePoint(c).append(nw);
            }
            return sb.toString();
        }
        return s.replace(old, nw);
    }

    /** os.Expand with the given environment: $NAME, ${NAME}, special one-character names. */
    static String expand(String s, Map<String, String> env) {
        StringBuilder buf = new StringBuilder();
        int i = 0;
        for (int j = 0; j < s.length(); j++) {
            if (s.charAt(j) == '$' && j + 1 < s.length()) {
                buf.append(s, i, j);
                String name;
                int w;
                char c = s.charAt(j + 1);
                if (c == '{') {
                    if (s.length() > j + 2 && s.charAt(j + 2) == '}') {
                        name = "";
                        w = 2;
                    } else {
                        int close = s.indexOf('}', j + 2);
                        if (close < 0) {
                            name = "";
                            w = 1;
                        } else {
                            name = s.substring(j + 2, close);
                            w = close - j;
                        }
                    }
                } else if ("*#$@!?-".indexOf(c) >= 0 || Character.isDigit(c)) {
                    name = String.valueOf(c);
                    w = 1;
                } else {
                    int k = j + 1;
                    while (k < s.length() && (s.charAt(k) == '_' || (s.charAt(k) < 128 && Character.isLetterOrDigit(s.charAt(k))))) {
                        k++;
                    }
                    name = s.substring(j + 1, k);
                    w = k - j - 1;
                }
                if (name.isEmpty() && w > 0) {
                    // Invalid syntax; eat the characters.
                } else if (name.isEmpty()) {
                    buf.append('$');
                } else {
                    buf.append(env.getOrDefault(name, ""));
                }
                j += w;
                i = j + 1;
            }
        }
        buf.append(s, i, s.length());
        return buf.toString();
    }
}
