package atmos.template;

import java.math.BigInteger;
import java.util.regex.Pattern;

/** The parts of Go's strconv the engine needs: number parsing with base prefixes and underscores, unquoting. */
final class GoStrconv {
    private GoStrconv() {}

    /** Thrown with Go's strconv message, e.g. {@code invalid syntax}. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /**
     * strconv.ParseUint(s, 0, 64) / ParseInt(s, 0, 64) without the range check: the magnitude with its
     * sign, or null when the syntax is wrong.
     */
    static BigInteger parseIntegerBase0(String s0) {
        String s = s0;
        if (s.isEmpty()) {
            return null;
        }
        boolean neg = false;
        if (s.charAt(0) == '+' || s.charAt(0) == '-') {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
            if (s.isEmpty()) {
                return null;
            }
        }
        int base = 10;
        if (s.charAt(0) == '0') {
            char c = s.length() >= 3 ? Character.toLowerCase(s.charAt(1)) : 0;
            if (c == 'b') {
                base = 2;
                s = s.substring(2);
            } else if (c == 'o') {
                base = 8;
                s = s.substring(2);
            } else if (c == 'x') {
                base = 16;
                s = s.substring(2);
            } else {
                base = 8;
                s = s.substring(1);
            }
        }
        if (!underscoreOK(s0)) {
            return null;
        }
        StringBuilder digits = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '_') {
                continue;
            }
            if (c > 127 || Character.digit(c, base) < 0) {
                return null;
            }
            digits.append(c);
        }
        if (digits.length() == 0) {
            return BigInteger.ZERO;
        }
        BigInteger v = new BigInteger(digits.toString(), base);
        return neg ? v.negate() : v;
    }

    /** Go's underscoreOK: underscores only between digits or between a base prefix and a digit. */
    static boolean underscoreOK(String s) {
        if (s.indexOf('_') < 0) {
            return true;
        }
        char saw = '^';
        int i = 0;
        if (s.length() >= 1 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            s = s.substring(1);
        }
        boolean hex = false;
        if (s.length() >= 2 && s.charAt(0) == '0') {
            char c = Character.toLowerCase(s.charAt(1));
            if (c == 'b' || c == 'o' || c == 'x') {
                hex = c == 'x';
                i = 2;
                saw = '0';
            }
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (('0' <= c && c <= '9') || (hex && 'a' <= Character.toLowerCase(c) && Character.toLowerCase(c) <= 'f')) {
                saw = '0';
                continue;
            }
            if (c == '_') {
                if (saw != '0') {
                    return false;
                }
                saw = '_';
                continue;
            }
            if (saw == '_') {
                return false;
            }
            saw = '!';
        }
        return saw != '_';
    }

    /** strconv.ParseInt(s, 0, 64), or null. */
    static Long parseInt64(String s) {
        BigInteger v = parseIntegerBase0(s);
        if (v == null || v.bitLength() > 63) {
            return null;
        }
        return v.longValue();
    }

    /** strconv.ParseUint(s, 0, 64) as unsigned bits, or null. */
    static Long parseUint64(String s) {
        if (s.startsWith("-") || s.startsWith("+")) {
            return null;
        }
        BigInteger v = parseIntegerBase0(s);
        if (v == null || v.signum() < 0 || v.compareTo(MAX_UINT64) > 0) {
            return null;
        }
        return v.longValue();
    }

    private static final Pattern DECIMAL_FLOAT =
            Pattern.compile("[+-]?(\\d[\\d_]*\\.?[\\d_]*|\\.\\d[\\d_]*)([eE][+-]?\\d[\\d_]*)?");
    private static final Pattern HEX_FLOAT =
            Pattern.compile("[+-]?0[xX]([0-9a-fA-F_]*\\.?[0-9a-fA-F_]*)[pP][+-]?\\d[\\d_]*");

    /** strconv.ParseFloat(s, 64), or null on a syntax error (out-of-range values become ±Inf as in Go). */
    static Double parseFloat(String s) {
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            case "nan", "+nan", "-nan":
                return Double.NaN;
            default:
                break;
        }
        if (DECIMAL_FLOAT.matcher(s).matches()) {
            if (!underscoreOK(s)) {
                return null;
            }
            return Double.parseDouble(s.replace("_", ""));
        }
        if (HEX_FLOAT.matcher(s).matches()) {
            if (!underscoreOK(s)) {
                return null;
            }
            String t = s.replace("_", "");
            String mant = t.replaceAll("(?i)^[+-]?0x", "").replaceAll("(?i)p.*$", "");
            if (mant.equals(".") || mant.isEmpty()) {
                return null;
            }
            return Double.parseDouble(t);
        }
        return null;
    }

    /** strconv.Unquote for "…", `…` and '…' literals. */
    static String unquote(String in) throws SyntaxError {
        int n = in.length();
        if (n < 2) {
            throw new SyntaxError("invalid syntax");
        }
        char quote = in.charAt(0);
        if (quote != in.charAt(n - 1)) {
            throw new SyntaxError("invalid syntax");
        }
        String body = in.substring(1, n - 1);
        if (quote == '`') {
            if (body.indexOf('`') >= 0) {
                throw new SyntaxError("invalid syntax");
            }
            return body.indexOf('\r') >= 0 ? body.replace("\r", "") : body;
        }
        if (quote != '"' && quote != '\'') {
            throw new SyntaxError("invalid syntax");
        }
        if (body.indexOf('\n') >= 0) {
            throw new SyntaxError("invalid syntax");
        }
        StringBuilder sb = new StringBuilder(body.length());
        int[] idx = {0};
        while (idx[0] < body.length()) {
            char c = body.charAt(idx[0]);
            if (c == quote && quote == '\'') {
                throw new SyntaxError("invalid syntax");
            }
            if (c == quote) {
                throw new SyntaxError("invalid syntax");
            }
            sb.appendCodePoint(unquoteChar(body, idx, quote));
        }
        String out = sb.toString();
        if (quote == '\'' && out.codePointCount(0, out.length()) != 1) {
            throw new SyntaxError("invalid syntax");
        }
        return out;
    }

    /** strconv.UnquoteChar: decodes one (possibly escaped) character at idx[0], advancing it. */
    static int unquoteChar(String s, int[] idx, char quote) throws SyntaxError {
        int i = idx[0];
        int c = s.codePointAt(i);
        if (c != '\\') {
            idx[0] = i + Character.charCount(c);
            return c;
        }
        if (i + 1 >= s.length()) {
            throw new SyntaxError("invalid syntax");
        }
        char e = s.charAt(i + 1);
        i += 2;
        int value;
        switch (e) {
            case 'a' -> value = 7;
            case 'b' -> value = 8;
            case 'f' -> value = 12;
            case 'n' -> value = 10;
            case 'r' -> value = 13;
            case 't' -> value = 9;
            case 'v' -> value = 11;
            case 'x', 'u', 'U' -> {
                int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                if (i + len > s.length()) {
                    throw new SyntaxError("invalid syntax");
                }
                int v = 0;
                for (int k = 0; k < len; k++) {
                    int d = Character.digit(s.charAt(i + k), 16);
                    if (d < 0) {
                        throw new SyntaxError("invalid syntax");
                    }
                    v = v * 16 + d;
                }
                i += len;
                if (e != 'x' && (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000))) {
                    throw new SyntaxError("invalid syntax");
                }
                value = v; // \xHH is a byte; in Java text it becomes that code point
            }
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                if (i + 2 > s.length()) {
                    throw new SyntaxError("invalid syntax");
                }
                int v = e - '0';
                for (int k = 0; k < 2; k++) {
                    int d = s.charAt(i + k) - '0';
                    if (d < 0 || d > 7) {
                        throw new SyntaxError("invalid syntax");
                    }
                    v = v * 8 + d;
                }
                if (v > 255) {
                    throw new SyntaxError("invalid syntax");
                }
                i += 2;
                value = v;
            }
            case '\\' -> value = '\\';
            case '\'', '"' -> {
                if (e != quote) {
                    throw new SyntaxError("invalid syntax");
                }
                value = e;
            }
            default -> throw new SyntaxError("invalid syntax");
        }
        idx[0] = i;
        return value;
    }
}
