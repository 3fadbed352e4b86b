package atmos.template;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * strconv.FormatFloat: exact decimal rounding of the binary value (so {@code %.2f} of 0.125 is
 * {@code 0.12}, as in Go) and the shortest digits that read back to the same double, with Go's choice
 * between {@code %e} and {@code %f} for {@code %g}/{@code %v}.
 */
final class GoFloat {
    private GoFloat() {}

    /** Decimal digits d (no leading or trailing zeros; empty for zero) with value 0.d × 10^dp. */
    private record Digits(String d, int dp) {}

    private static Digits digitsOf(BigDecimal abs) {
        if (abs.signum() == 0) {
            return new Digits("", 0);
        }
        BigDecimal s = abs.stripTrailingZeros();
        String d = s.unscaledValue().toString();
        return new Digits(d, d.length() - s.scale());
    }

    private static Digits shortest(double abs, boolean is32) {
        if (abs == 0) {
            return new Digits("", 0);
        }
        BigDecimal exact = new BigDecimal(abs);
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (is32 ? r.floatValue() == (float) abs : r.doubleValue() == abs) {
                return digitsOf(r);
            }
        }
        return digitsOf(exact.round(new MathContext(17, RoundingMode.HALF_EVEN)));
    }

    /** strconv.FormatFloat(v, fmt, prec, 64) for fmt in e, E, f, g, G; prec < 0 means shortest. */
    static String format(double v, char fmt, int prec, boolean is32) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        boolean neg = v < 0 || (v == 0 && 1 / v < 0);
        double abs = Math.abs(v);
        boolean shortest = prec < 0;
        Digits digs;
        if (shortest) {
            digs = shortest(abs, is32);
            switch (fmt) {
                case 'e', 'E' -> prec = Math.max(digs.d().length() - 1, 0);
                case 'f' -> prec = Math.max(digs.d().length() - digs.dp(), 0);
                default -> prec = digs.d().length();
            }
        } else {
            BigDecimal exact = new BigDecimal(abs);
            switch (fmt) {
                case 'e', 'E' -> digs = digitsOf(exact.round(new MathContext(prec + 1, RoundingMode.HALF_EVEN)));
                case 'f' -> digs = digitsOf(exact.setScale(prec, RoundingMode.HALF_EVEN));
                default -> {
                    if (prec == 0) {
                        prec = 1;
                    }
                    digs = digitsOf(exact.round(new MathContext(prec, RoundingMode.HALF_EVEN)));
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        if (neg) {
            sb.append('-');
        }
        switch (fmt) {
            case 'e', 'E' -> fmtE(sb, digs, prec, fmt);
            case 'f' -> fmtF(sb, digs, prec);
            default -> {
                int eprec = prec;
                int nd = digs.d().length();
                if (eprec > nd && nd >= digs.dp()) {
                    eprec = nd;
                }
                if (shortest) {
                    eprec = 6;
                }
                int exp = digs.dp() - 1;
                if (exp < -4 || exp >= eprec) {
                    if (prec > nd) {
                        prec = nd;
                    }
                    fmtE(sb, digs, prec - 1, fmt == 'g' ? 'e' : 'E');
                } else {
                    if (prec > digs.dp()) {
                        prec = nd;
                    }
                    fmtF(sb, digs, Math.max(prec - digs.dp(), 0));
                }
            }
        }
        return sb.toString();
    }

    private static void fmtE(StringBuilder sb, Digits digs, int prec, char fmt) {
        String d = digs.d();
        sb.append(d.isEmpty() ? '0' : d.charAt(0));
        if (prec > 0) {
            sb.append('.');
            int i = 1;
            int m = Math.min(d.length(), prec + 1);
            if (i < m) {
                sb.append(d, i, m);
                i = m;
            }
            for (; i <= prec; i++) {
                sb.append('0');
            }
        }
        sb.append(fmt);
        int exp = d.isEmpty() ? 0 : digs.dp() - 1;
        if (exp < 0) {
            sb.append('-');
            exp = -exp;
        } else {
            sb.append('+');
        }
        if (exp < 10) {
            sb.append('0');
        }
        sb.append(exp);
    }

    private static void fmtF(StringBuilder sb, Digits digs, int prec) {
        String d = digs.d();
        int dp = digs.dp();
        if (dp > 0) {
            int m = Math.min(d.length(), dp);
            sb.append(d, 0, m);
            for (; m < dp; m++) {
                sb.append('0');
            }
        } else {
            sb.append('0');
        }
        if (prec > 0) {
            sb.append('.');
            for (int i = 1; i <= prec; i++) {
                int j = dp + i - 1;
                sb.append(j >= 0 && j < d.length() ? d.charAt(j) : '0');
            }
        }
    }
}
