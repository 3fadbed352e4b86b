package atmos.text;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Session durations as Atmos writes them: an integer is seconds ({@code 3600}), a Go duration
 * ({@code 1h30m}, {@code 90m}, {@code 45s}, {@code 1.5h}), or whole days ({@code 1d}).
 */
public final class Durations {
    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Pattern DAYS = Pattern.compile("(\\d+)d");

    private Durations() {
    }

    /**
     * Parses a duration; throws {@link IllegalArgumentException} with a user-facing message when the
     * text is not one of the accepted forms or is not positive.
     */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("duration is empty");
        }
        if (s.matches("[+-]?\\d+")) {
            long seconds;
            try {
                seconds = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("duration " + s + " is too large");
            }
            if (seconds <= 0) {
                throw new IllegalArgumentException("duration must be positive, got " + s);
            }
            return Duration.ofSeconds(seconds);
        }
        Matcher days = DAYS.matcher(s);
        if (days.matches()) {
            long d = Long.parseLong(days.group(1));
            if (d <= 0) {
                throw new IllegalArgumentException("duration must be positive, got " + s);
            }
            return Duration.ofDays(d);
        }
        Duration go = parseGo(s);
        if (go == null) {
            throw new IllegalArgumentException("invalid duration \"" + s
                    + "\" (expected integer seconds, a Go duration like 1h30m, or days like 1d)");
        }
        if (go.isNegative() || go.isZero() || go.getSeconds() == 0) {
            throw new IllegalArgumentException("duration must be positive, got " + s);
        }
        return go;
    }

    /** Go's time.ParseDuration grammar: one or more decimal numbers each with a unit. */
    private static Duration parseGo(String s) {
        boolean negative = false;
        String rest = s;
        if (rest.startsWith("-") || rest.startsWith("+")) {
            negative = rest.charAt(0) == '-';
            rest = rest.substring(1);
        }
        Matcher m = GO_PART.matcher(rest);
        int pos = 0;
        double nanos = 0;
        while (pos < rest.length()) {
            if (!m.find(pos) || m.start() != pos) {
                return null;
            }
            double n = Double.parseDouble(m.group(1));
            nanos += n * unitNanos(m.group(2));
            pos = m.end();
        }
        if (pos == 0) {
            return null;
        }
        Duration d = Duration.ofNanos((long) nanos);
        return negative ? d.negated() : d;
    }

    private static double unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs", "μs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            default -> throw new IllegalStateException(unit);
        };
    }

    /** Human form used in messages: {@code 1h 30m}, {@code 15m}, {@code 45s}. */
    public static String human(Duration d) {
        long total = d.getSeconds();
        if (total < 0) {
            return "-" + human(d.negated());
        }
        long h = total / 3600;
        long m = (total % 3600) / 60;
        long s = total % 60;
        StringBuilder b = new StringBuilder();
        if (h > 0) {
            b.append(h).append('h');
        }
        if (m > 0) {
            b.append(b.length() > 0 ? " " : "").append(m).append('m');
        }
        if (s > 0 || b.length() == 0) {
            b.append(b.length() > 0 ? " " : "").append(s).append('s');
        }
        return b.toString();
    }
}
