package atmos.template;

import java.math.BigInteger;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Go's fmt for the engine's values: {@code Sprint}, {@code Sprintln}, {@code Sprintf} and the {@code %v}
 * printing of maps ({@code map[a:1 b:2]}, keys sorted), slices ({@code [a b]}), floats
 * ({@code strconv.FormatFloat(f, 'g', -1, 64)}: {@code 1e+06}, {@code 1.5}) and nil ({@code <nil>}).
 * Also strconv's quoting.
 */
final class GoFmt {
    private GoFmt() {}

    // --- Sprint / Sprintln ---------------------------------------------------------------------------

    /** fmt.Sprint: operands printed with %v, a space between two operands when neither is a string. */
    static String sprint(Object... args) {
        StringBuilder sb = new StringBuilder();
        boolean prevString = false;
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            boolean isString = arg instanceof String;
            if (i > 0 && !isString && !prevString) {
                sb.append(' ');
            }
            printArg(sb, arg, 'v', new Flags());
            prevString = isString;
        }
        return sb.toString();
    }

    /** fmt.Sprintln: operands separated by spaces, then a newline. */
    static String sprintln(Object... args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            printArg(sb, args[i], 'v', new Flags());
        }
        return sb.append('\n').toString();
    }

    /** The %v text of one value, as fmt.Sprint(v) prints it. */
    static String toString(Object v) {
        if (v instanceof String s) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        printArg(sb, v, 'v', new Flags());
        return sb.toString();
    }

    // --- Sprintf -------------------------------------------------------------------------------------

    static final class Flags {
        boolean plus;
        boolean minus;
        boolean sharp;
        boolean space;
        boolean zero;
        boolean widPresent;
        boolean precPresent;
        int wid;
        int prec;
        boolean plusV;
        boolean sharpV;
    }

    /** fmt.Sprintf. */
    static String sprintf(String format, Object... args) {
        StringBuilder sb = new StringBuilder();
        int argNum = 0;
        int end = format.length();
        int i = 0;
        while (i < end) {
            int lasti = i;
            while (i < end && format.charAt(i) != '%') {
                i++;
            }
            if (i > lasti) {
                sb.append(format, lasti, i);
            }
            if (i >= end) {
                break;
            }
            i++; // skip %
            Flags f = new Flags();
            // flags
            simple:
            for (; i < end; i++) {
                switch (format.charAt(i)) {
                    case '#' -> f.sharp = true;
                    case '0' -> f.zero = !f.minus;
                    case '+' -> f.plus = true;
                    case '-' -> {
                        f.minus = true;
                        f.zero = false;
                    }
                    case ' ' -> f.space = true;
                    default -> {
                        break simple;
                    }
                }
            }
            // width
            if (i < end && format.charAt(i) == '*') {
                i++;
                if (argNum < args.length && intArg(args[argNum]) != null) {
                    long w = intArg(args[argNum]);
                    f.wid = (int) w;
                    f.widPresent = true;
                    if (w < 0) {
                        f.minus = true;
                        f.zero = false;
                        f.wid = (int) -w;
                    }
                } else {
                    sb.append("%!(BADWIDTH)");
                }
                argNum++;
            } else {
                int start = i;
                while (i < end && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    f.wid = Integer.parseInt(format.substring(start, Math.min(i, start + 7)));
                    f.widPresent = true;
                }
            }
            // precision
            if (i + 1 <= end && i < end && format.charAt(i) == '.') {
                i++;
                if (i < end && format.charAt(i) == '*') {
                    i++;
                    if (argNum < args.length && intArg(args[argNum]) != null) {
                        long p = intArg(args[argNum]);
                        f.prec = (int) p;
                        f.precPresent = p >= 0;
                    } else {
                        sb.append("%!(BADPREC)");
                    }
                    argNum++;
                } else {
                    int start = i;
                    while (i < end && Character.isDigit(format.charAt(i))) {
                        i++;
                    }
                    f.prec = i > start ? Integer.parseInt(format.substring(start, Math.min(i, start + 7))) : 0;
                    f.precPresent = true;
                }
            }
            if (i >= end) {
                sb.append("%!(NOVERB)");
                break;
            }
            int verb = format.codePointAt(i);
            i += Character.charCount(verb);
            if (verb == '%') {
                sb.append('%');
                continue;
            }
            if (argNum >= args.length) {
                sb.append("%!").appendCodePoint(verb).append("(MISSING)");
                continue;
            }
            if (verb == 'v') {
                if (f.sharp) {
                    f.sharp = false;
                    f.sharpV = true;
                }
                if (f.plus) {
                    f.plus = false;
                    f.plusV = true;
                }
            }
            printArg(sb, args[argNum++], verb, f);
        }
        if (argNum < args.length) {
            sb.append("%!(EXTRA ");
            for (int k = argNum; k < args.length; k++) {
                if (k > argNum) {
                    sb.append(", ");
                }
                Object a = args[k];
                if (a == null) {
                    sb.append("<nil>");
                } else {
                    sb.append(GoValues.typeName(a)).append('=');
                    printArg(sb, a, 'v', new Flags());
                }
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private static Long intArg(Object a) {
        if (GoValues.isGoInt(a) || (a instanceof GoNumber)) {
            return ((Number) a).longValue();
        }
        return null;
    }

    // --- printing one argument ------------------------------------------------------------------------

    static void printArg(StringBuilder sb, Object arg, int verb, Flags f) {
        if (arg == null || arg == GoValues.NIL_IFACE) {
            if (verb == 'T' || verb == 'v') {
                pad(sb, "<nil>", f);
            } else {
                badVerb(sb, verb, null);
            }
            return;
        }
        if (verb == 'T') {
            pad(sb, GoValues.typeName(arg), f);
            return;
        }
        if (arg instanceof Boolean b) {
            if (verb == 't' || verb == 'v') {
                pad(sb, b ? "true" : "false", f);
            } else {
                badVerb(sb, verb, arg);
            }
            return;
        }
        if (GoValues.isGoInt(arg) || (arg instanceof GoNumber n && !n.unsigned())) {
            fmtInteger(sb, ((Number) arg).longValue(), false, verb, f, arg);
            return;
        }
        if (arg instanceof GoNumber n) {
            fmtInteger(sb, n.longValue(), true, verb, f, arg);
            return;
        }
        if (arg instanceof BigInteger b) {
            fmtInteger(sb, b.longValue(), true, verb, f, arg);
            return;
        }
        if (arg instanceof Double || arg instanceof Float) {
            boolean is32 = arg instanceof Float;
            double d = ((Number) arg).doubleValue();
            switch (verb) {
                case 'v' -> fmtFloat(sb, d, is32, 'g', f.precPresent ? f.prec : -1, f);
                case 'b', 'g', 'G', 'x', 'X' -> fmtFloat(sb, d, is32, (char) verb, f.precPresent ? f.prec : -1, f);
                case 'f', 'e', 'E' -> fmtFloat(sb, d, is32, (char) verb, f.precPresent ? f.prec : 6, f);
                case 'F' -> fmtFloat(sb, d, is32, 'f', f.precPresent ? f.prec : 6, f);
                default -> badVerb(sb, verb, arg);
            }
            return;
        }
        if (arg instanceof String s) {
            fmtString(sb, s, verb, f, arg);
            return;
        }
        if (arg instanceof Duration d) {
            if (verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') {
                fmtString(sb, GoTime.durationString(d), verb, f, arg);
            } else {
                fmtInteger(sb, d.toNanos(), false, verb, f, arg);
            }
            return;
        }
        if (arg instanceof ZonedDateTime t) {
            if (verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') {
                fmtString(sb, GoTime.string(t), verb, f, arg);
            } else {
                badVerb(sb, verb, arg);
            }
            return;
        }
        if (arg instanceof byte[] bytes) {
            if (verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') {
                fmtString(sb, new String(bytes, java.nio.charset.StandardCharsets.UTF_8), verb, f, arg);
                return;
            }
            sb.append('[');
            for (int k = 0; k < bytes.length; k++) {
                if (k > 0) {
                    sb.append(' ');
                }
                fmtInteger(sb, bytes[k] & 0xff, true, verb, f, GoNumber.uint8(bytes[k]));
            }
            sb.append(']');
            return;
        }
        if (arg instanceof List<?> list) {
            if (f.sharpV) {
                sb.append(GoValues.typeName(arg)).append('{');
                for (int k = 0; k < list.size(); k++) {
                    if (k > 0) {
                        sb.append(", ");
                    }
                    printArg(sb, GoValues.unwrap(list.get(k)), verb, f);
                }
                sb.append('}');
                return;
            }
            sb.append('[');
            for (int k = 0; k < list.size(); k++) {
                if (k > 0) {
                    sb.append(' ');
                }
                printArg(sb, GoValues.unwrap(list.get(k)), verb, f);
            }
            sb.append(']');
            return;
        }
        if (arg instanceof Map<?, ?> map) {
            if (f.sharpV) {
                sb.append(GoValues.typeName(arg)).append('{');
            } else {
                sb.append("map[");
            }
            boolean first = true;
            for (Map.Entry<?, ?> e : sortedEntries(map)) {
                if (!first) {
                    sb.append(f.sharpV ? ", " : " ");
                }
                first = false;
                printArg(sb, e.getKey(), verb, f);
                sb.append(':');
                printArg(sb, GoValues.unwrap(e.getValue()), verb, f);
            }
            sb.append(f.sharpV ? '}' : ']');
            return;
        }
        if (arg instanceof Namespace) {
            pad(sb, "&{}", f);
            return;
        }
        if (arg instanceof GoFunction) {
            pad(sb, "0x" + Integer.toHexString(System.identityHashCode(arg)), f);
            return;
        }
        pad(sb, String.valueOf(arg), f);
    }

    /** Map entries in Go's fmtsort order: keys by value (strings byte-wise), mixed key types by type name. */
    static List<Map.Entry<?, ?>> sortedEntries(Map<?, ?> map) {
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        entries.sort(Comparator.comparing(Map.Entry::getKey, GoFmt::compareKeys));
        return entries;
    }

    static int compareKeys(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return compareStrings(x, y);
        }
        GoValues.Basic ka = GoValues.basicKind(a);
        GoValues.Basic kb = GoValues.basicKind(b);
        if (ka == kb) {
            switch (ka) {
                case INT:
                    return Long.compare(GoValues.longOf(a), GoValues.longOf(b));
                case UINT:
                    return Long.compareUnsigned(GoValues.longOf(a), GoValues.longOf(b));
                case FLOAT:
                    return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
                case BOOL:
                    return Boolean.compare((Boolean) a, (Boolean) b);
                default:
                    break;
            }
        }
        int c = GoValues.typeName(a).compareTo(GoValues.typeName(b));
        return c != 0 ? c : String.valueOf(a).compareTo(String.valueOf(b));
    }

    /** Go's string order: by UTF-8 bytes, which is code point order. */
    static int compareStrings(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static void badVerb(StringBuilder sb, int verb, Object arg) {
        sb.append("%!").appendCodePoint(verb).append('(');
        if (arg == null) {
            sb.append("<nil>");
        } else {
            sb.append(GoValues.typeName(arg)).append('=');
            printArg(sb, arg, 'v', new Flags());
        }
        sb.append(')');
    }

    /** Pads s to the width, with spaces (or zeros when asked), honouring '-'. */
    static void pad(StringBuilder sb, String s, Flags f) {
        if (!f.widPresent || f.wid == 0) {
            sb.append(s);
            return;
        }
        int width = f.wid - s.codePointCount(0, s.length());
        if (width <= 0) {
            sb.append(s);
            return;
        }
        if (f.minus) {
            sb.append(s);
            sb.append(" ".repeat(width));
        } else {
            sb.append((f.zero ? "0" : " ").repeat(width));
            sb.append(s);
        }
    }

    private static void fmtString(StringBuilder sb, String s, int verb, Flags f, Object arg) {
        switch (verb) {
            case 'v' -> {
                if (f.sharpV) {
                    pad(sb, quote(s), f);
                } else {
                    pad(sb, truncate(s, f), f);
                }
            }
            case 's' -> pad(sb, truncate(s, f), f);
            case 'q' -> {
                String t = truncate(s, f);
                if (f.sharp && t.indexOf('`') < 0 && t.codePoints().allMatch(c -> c == '\t' || (isPrint(c) && c != 0xFEFF))) {
                    pad(sb, "`" + t + "`", f);
                } else {
                    pad(sb, f.plus ? quoteASCII(t) : quote(t), f);
                }
            }
            case 'x', 'X' -> {
                byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                StringBuilder h = new StringBuilder();
                String digits = verb == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
                int n = f.precPresent ? Math.min(f.prec, bytes.length) : bytes.length;
                for (int k = 0; k < n; k++) {
                    if (k > 0 && f.space) {
                        h.append(' ');
                    }
                    if (f.sharp && (k == 0 || f.space)) {
                        h.append(verb == 'x' ? "0x" : "0X");
                    }
                    h.append(digits.charAt((bytes[k] >> 4) & 0xf)).append(digits.charAt(bytes[k] & 0xf));
                }
                pad(sb, h.toString(), f);
            }
            default -> badVerb(sb, verb, arg);
        }
    }

    private static String truncate(String s, Flags f) {
        if (f.precPresent && s.codePointCount(0, s.length()) > f.prec) {
            return s.substring(0, s.offsetByCodePoints(0, f.prec));
        }
        return s;
    }

    private static void fmtInteger(StringBuilder sb, long v, boolean unsigned, int verb, Flags f, Object arg) {
        int base;
        switch (verb) {
            case 'v' -> {
                if (f.sharpV && !unsigned) {
                    base = 10;
                } else if (f.sharpV) {
                    base = 16;
                    f.sharp = true;
                } else {
                    base = 10;
                }
            }
            case 'd' -> base = 10;
            case 'b' -> base = 2;
            case 'o', 'O' -> base = 8;
            case 'x', 'X' -> base = 16;
            case 'c' -> {
                pad(sb, new String(Character.toChars(validRune(v))), f);
                return;
            }
            case 'q' -> {
                pad(sb, quoteRune(validRune(v)), f);
                return;
            }
            case 'U' -> {
                String u = String.format("U+%04X", v);
                if (f.sharp && v >= 0 && v <= 0x10FFFF && isPrint((int) v)) {
                    u += " '" + new String(Character.toChars((int) v)) + "'";
                }
                pad(sb, u, f);
                return;
            }
            default -> {
                badVerb(sb, verb, arg);
                return;
            }
        }
        boolean negative = !unsigned && v < 0;
        String digits;
        if (unsigned) {
            digits = new BigInteger(Long.toUnsignedString(v)).toString(base);
        } else {
            digits = BigInteger.valueOf(v).abs().toString(base);
        }
        if (verb == 'X') {
            digits = digits.toUpperCase(java.util.Locale.ROOT);
        }
        int prec = 0;
        boolean zeroPad = false;
        if (f.precPresent) {
            prec = f.prec;
            if (prec == 0 && v == 0) {
                boolean old = f.zero;
                f.zero = false;
                pad(sb, "", f);
                f.zero = old;
                return;
            }
        } else if (f.zero && f.widPresent && !f.minus) {
            prec = f.wid;
            if (negative || f.plus || f.space) {
                prec--;
            }
            zeroPad = true;
        }
        StringBuilder num = new StringBuilder();
        if (digits.length() < prec) {
            num.append("0".repeat(prec - digits.length()));
        }
        num.append(digits);
        if (f.sharp) {
            switch (base) {
                case 2 -> num.insert(0, "0b");
                case 8 -> {
                    if (num.charAt(0) != '0') {
                        num.insert(0, '0');
                    }
                }
                case 16 -> num.insert(0, verb == 'X' ? "0X" : "0x");
                default -> { }
            }
        }
        if (verb == 'O') {
            num.insert(0, "0o");
        }
        if (negative) {
            num.insert(0, '-');
        } else if (f.plus) {
            num.insert(0, '+');
        } else if (f.space) {
            num.insert(0, ' ');
        }
        boolean old = f.zero;
        f.zero = false;
        pad(sb, num.toString(), f);
        f.zero = old;
        if (zeroPad) {
            return;
        }
    }

    private static int validRune(long v) {
        if (v < 0 || v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) {
            return 0xFFFD;
        }
        return (int) v;
    }

    private static void fmtFloat(StringBuilder sb, double v, boolean is32, char verb, int prec, Flags f) {
        String num = GoFloat.format(v, verb, prec, is32);
        if (num.charAt(0) != '-' && num.charAt(0) != '+') {
            num = "+" + num;
        }
        if (f.space && num.charAt(0) == '+' && !f.plus) {
            num = " " + num.substring(1);
        }
        if (num.charAt(1) == 'I' || num.charAt(1) == 'N') {
            boolean old = f.zero;
            f.zero = false;
            if (num.charAt(1) == 'N' && !f.space && !f.plus) {
                num = num.substring(1);
            }
            pad(sb, num, f);
            f.zero = old;
            return;
        }
        if (f.plus || num.charAt(0) != '+') {
            if (f.zero && f.widPresent && f.wid > num.length()) {
                sb.append(num.charAt(0));
                sb.append("0".repeat(f.wid - num.length()));
                sb.append(num, 1, num.length());
                return;
            }
            pad(sb, num, f);
            return;
        }
        pad(sb, num.substring(1), f);
    }

    // --- strconv quoting -----------------------------------------------------------------------------

    /** Go's unicode.IsPrint, approximated with Java's general categories. */
    static boolean isPrint(int c) {
        if (c == ' ') {
            return true;
        }
        if (c < 0x20 || c == 0x7f) {
            return false;
        }
        switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR:
                return false;
            default:
                return true;
        }
    }

    /** Go's unicode.IsSpace. */
    static boolean isSpace(int c) {
        switch (c) {
            case '\t', '\n', 0x0b, '\f', '\r', ' ', 0x85, 0xA0:
                return true;
            default:
                return c > 0xff && Character.isWhitespace(c) || c == 0x2007 || c == 0x202F
                        || (c > 0xff && Character.getType(c) == Character.SPACE_SEPARATOR);
        }
    }

    /** strconv.Quote. */
    static String quote(String s) {
        return quoteWith(s, '"', false);
    }

    /** strconv.QuoteToASCII. */
    static String quoteASCII(String s) {
        return quoteWith(s, '"', true);
    }

    /** strconv.QuoteRune. */
    static String quoteRune(int r) {
        StringBuilder sb = new StringBuilder("'");
        appendEscaped(sb, r, '\'', false);
        return sb.append('\'').toString();
    }

    private static String quoteWith(String s, char q, boolean ascii) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        sb.append(q);
        for (int i = 0; i < s.length(); ) {
            int r = s.codePointAt(i);
            i += Character.charCount(r);
            appendEscaped(sb, r, q, ascii);
        }
        return sb.append(q).toString();
    }

    private static void appendEscaped(StringBuilder sb, int r, char q, boolean ascii) {
        if (r == q || r == '\\') {
            sb.append('\\').appendCodePoint(r);
            return;
        }
        if (ascii ? (r < 0x80 && isPrint(r)) : isPrint(r)) {
            sb.appendCodePoint(r);
            return;
        }
        switch (r) {
            case 7 -> sb.append("\\a");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case 0x0b -> sb.append("\\v");
            default -> {
                if (r < ' ' || r == 0x7f) {
                    sb.append("\\x").append(hex(r, 2));
                } else if (r >= 0xD800 && r < 0xE000) {
                    sb.append("\\ufffd");
                } else if (r < 0x10000) {
                    sb.append("\\u").append(hex(r, 4));
                } else {
                    sb.append("\\U").append(hex(r, 8));
                }
            }
        }
    }

    private static String hex(int v, int width) {
        String h = Integer.toHexString(v);
        return "0".repeat(Math.max(0, width - h.length())) + h;
    }

    /** fmt's %#U: {@code U+0041 'A'}. */
    static String unicodeDescription(int r) {
        if (r < 0) {
            return "U+FFFFFFFFFFFFFFFF";
        }
        String u = String.format("U+%04X", r);
        return isPrint(r) ? u + " '" + new String(Character.toChars(r)) + "'" : u;
    }
}
