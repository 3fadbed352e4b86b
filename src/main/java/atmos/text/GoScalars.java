package atmos.text;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * How Go's {@code gopkg.in/yaml.v3} reads a plain (unquoted) scalar into an {@code interface{}} and
 * how Go formats numbers: the typing rules Atmos users see in every {@code describe} output. Plain
 * {@code true}/{@code False}, {@code 0x1F}, {@code 0755} (octal), {@code 1_000}, {@code 1.5e3},
 * {@code .inf} are typed; {@code yes}/{@code no}/{@code on}/{@code off} and timestamps stay strings.
 *
 * <p>Values are represented as Java objects: {@link String}, {@link Boolean}, {@link Long} (Go's
 * {@code int}), {@link BigInteger} (a {@code uint64} beyond {@code int64}), {@link Double}, or null.
 */
public final class GoScalars {
    private static final Pattern YAML_FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private GoScalars() {
    }

    /** The value yaml.v3 gives a plain scalar. */
    public static Object resolve(String in) {
        if (in.isEmpty()) {
            return null;
        }
        switch (in) {
            case "true", "True", "TRUE" -> {
                return Boolean.TRUE;
            }
            case "false", "False", "FALSE" -> {
                return Boolean.FALSE;
            }
            case "~", "null", "Null", "NULL" -> {
                return null;
            }
            case ".nan", ".NaN", ".NAN" -> {
                return Double.NaN;
            }
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-.inf", "-.Inf", "-.INF" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
            }
        }
        char c = in.charAt(0);
        if (c == '.') {
            Double d = parseGoFloat(in);
            return d != null ? d : in;
        }
        if (!(c == '+' || c == '-' || (c >= '0' && c <= '9'))) {
            return in;
        }
        if (isTimestamp(in)) {
            return in; // yaml.v3 keeps timestamp-looking values as strings in interface{}
        }
        String plain = in.replace("_", "");
        Object n = parseGoInt(plain);
        if (n != null) {
            return n;
        }
        if (YAML_FLOAT.matcher(plain).matches()) {
            Double d = parseGoFloat(plain);
            if (d != null) {
                return d;
            }
        }
        if (plain.startsWith("0b")) {
            Object b = radix(plain.substring(2), 2, false);
            if (b != null) {
                return b;
            }
        } else if (plain.startsWith("-0b")) {
            Object b = radix(plain.substring(3), 2, true);
            if (b != null) {
                return b;
            }
        }
        if (plain.startsWith("0o")) {
            Object o = radix(plain.substring(2), 8, false);
            if (o != null) {
                return o;
            }
        } else if (plain.startsWith("-0o")) {
            Object o = radix(plain.substring(3), 8, true);
            if (o != null) {
                return o;
            }
        }
        return in;
    }

    /** True when yaml.v3 would not read {@code s} back as the same string if written without quotes. */
    public static boolean needsQuotes(String s) {
        return !(resolve(s) instanceof String) || isTimestamp(s) || isBase60Float(s) || isOldBool(s);
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)} then {@code ParseUint}: sign, 0x/0o/0b prefixes, legacy 0-octal. */
    static Object parseGoInt(String s) {
        boolean neg = false;
        String body = s;
        if (body.startsWith("+") || body.startsWith("-")) {
            neg = body.charAt(0) == '-';
            body = body.substring(1);
        }
        if (body.isEmpty()) {
            return null;
        }
        int radix = 10;
        if (body.length() > 1 && body.charAt(0) == '0') {
            char p = Character.toLowerCase(body.charAt(1));
            if (p == 'x') {
                radix = 16;
                body = body.substring(2);
            } else if (p == 'o') {
                radix = 8;
                body = body.substring(2);
            } else if (p == 'b') {
                radix = 2;
                body = body.substring(2);
            } else {
                radix = 8;
                body = body.substring(1);
            }
        }
        if (body.isEmpty()) {
            return null;
        }
        for (int i = 0; i < body.length(); i++) {
            if (Character.digit(body.charAt(i), radix) < 0) {
                return null;
            }
        }
        BigInteger v = new BigInteger(body, radix);
        if (neg) {
            v = v.negate();
        }
        if (v.bitLength() < 64) {
            return v.longValue();
        }
        if (!neg && v.compareTo(UINT64_MAX) <= 0) {
            return v;
        }
        return null;
    }

    private static Object radix(String digits, int radix, boolean neg) {
        if (digits.isEmpty()) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return null;
            }
        }
        BigInteger v = new BigInteger(digits, radix);
        if (neg) {
            v = v.negate();
        }
        if (v.bitLength() < 64) {
            return v.longValue();
        }
        return !neg && v.compareTo(UINT64_MAX) <= 0 ? v : null;
    }

    private static Double parseGoFloat(String s) {
        try {
            String t = s.startsWith("+") ? s.substring(1) : s;
            if (t.isEmpty() || t.contains("x") || t.contains("X") || t.endsWith("d") || t.endsWith("f")
                    || t.endsWith("D") || t.endsWith("F") || t.contains("Infinity") || t.contains("NaN")) {
                return null;
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** yaml.v3's timestamp check: YYYY- followed by one of the formats it accepts. */
    static boolean isTimestamp(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i != 4 || i == s.length() || s.charAt(i) != '-') {
            return false;
        }
        return s.matches("\\d{4}-\\d{1,2}-\\d{1,2}")
                || s.matches("\\d{4}-\\d{1,2}-\\d{1,2}[Tt]\\d{1,2}:\\d{1,2}:\\d{1,2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})")
                || s.matches("\\d{4}-\\d{1,2}-\\d{1,2} \\d{1,2}:\\d{1,2}:\\d{1,2}(\\.\\d+)?");
    }

    private static final Pattern BASE60 = Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");

    static boolean isBase60Float(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        if (!(c == '+' || c == '-' || (c >= '0' && c <= '9')) || s.indexOf(':') < 0) {
            return false;
        }
        return BASE60.matcher(s).matches();
    }

    static boolean isOldBool(String s) {
        return switch (s) {
            case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off", "OFF" -> true;
            default -> false;
        };
    }

    /** Go's {@code strconv.FormatFloat(f, 'g', -1, 64)} as yaml.v3 writes floats ({@code .inf}, {@code .nan}). */
    public static String yamlFloat(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
        String sign = d < 0 ? "-" : "";
        if (exp < -4 || exp >= 6) { // strconv's shortest 'g' switches to %e at these exponents
            return sign + eFormat(digits, exp);
        }
        return sign + bd.toPlainString();
    }

    /** Go's {@code encoding/json} float format: 'f' unless tiny or huge, then 'e' with a short exponent. */
    public static String jsonFloat(double d) {
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        double abs = Math.abs(d);
        BigDecimal bd = new BigDecimal(Double.toString(abs)).stripTrailingZeros();
        String sign = d < 0 ? "-" : "";
        if (abs < 1e-6 || abs >= 1e21) {
            String digits = bd.unscaledValue().toString();
            int exp = digits.length() - 1 - bd.scale();
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + Math.abs(exp);
        }
        return sign + bd.toPlainString();
    }

    private static String eFormat(String digits, int exp) {
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String e = Integer.toString(Math.abs(exp));
        if (e.length() < 2) {
            e = "0" + e;
        }
        return mant + "e" + (exp < 0 ? "-" : "+") + e;
    }
}
