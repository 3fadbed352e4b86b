package atmos.template;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.regex.Pattern;

/** Sprig's date helpers: Go time zones, time.ParseDuration, durationRound. */
final class SprigDates {
    private SprigDates() {}

    static ZonedDateTime epoch(long secs, ZoneId zone) {
        return Instant.ofEpochSecond(secs).atZone(zone);
    }

    static String dateInZone(String fmt, Object date, String zone, TemplateOptions options) {
        ZoneId local = options.clock().getZone();
        ZonedDateTime t;
        if (date instanceof ZonedDateTime z) {
            t = z;
        } else if (date instanceof GoNumber g && g.type().equals("int64") || GoValues.isGoInt(date)) {
            t = epoch(((Number) date).longValue(), local);
        } else if (date instanceof GoNumber g && g.type().equals("int32")) {
            t = epoch(g.longValue(), local);
        } else {
            t = ZonedDateTime.now(options.clock());
        }
        ZoneId loc;
        try {
            loc = zone.equals("Local") ? local : zone.isEmpty() || zone.equals("UTC") ? ZoneOffset.UTC : ZoneId.of(zone);
        } catch (RuntimeException e) {
            loc = ZoneOffset.UTC;
        }
        return GoTime.format(t.withZoneSameInstant(loc), fmt);
    }

    /** time.ParseDuration, or null. */
    static Duration parseDuration(String s) {
        java.util.regex.Matcher m = Pattern.compile("([-+]?)((?:[0-9]*\\.?[0-9]+(?:ns|us|µs|μs|ms|s|m|h))+|0)").matcher(s);
        if (!m.matches()) {
            return null;
        }
        boolean neg = m.group(1).equals("-");
        java.util.regex.Matcher part = Pattern.compile("([0-9]*\\.?[0-9]+)(ns|us|µs|μs|ms|s|m|h)").matcher(m.group(2));
        BigDecimal nanos = BigDecimal.ZERO;
        while (part.find()) {
            BigDecimal v = new BigDecimal(part.group(1).startsWith(".") ? "0" + part.group(1) : part.group(1));
            long unit = switch (part.group(2)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(v.multiply(BigDecimal.valueOf(unit)));
        }
        long n = nanos.longValue();
        return Duration.ofNanos(neg ? -n : n);
    }

    static String durationRound(Object v, TemplateOptions options) {
        long d;
        if (v instanceof String s) {
            Duration p = parseDuration(s);
            d = p == null ? 0 : p.toNanos();
        } else if (v instanceof GoNumber g && g.type().equals("int64")) {
            d = g.longValue();
        } else if (v instanceof ZonedDateTime t) {
            d = (options.clock().millis() - t.toInstant().toEpochMilli()) * 1_000_000L;
        } else {
            d = 0;
        }
        long u = Math.abs(d);
        long hour = 3_600_000_000_000L;
        long[] units = {hour * 24 * 365, hour * 24 * 30, hour * 24, hour, 60_000_000_000L, 1_000_000_000L};
        String[] names = {"y", "mo", "d", "h", "m", "s"};
        for (int k = 0; k < units.length; k++) {
            if (u > units[k]) {
                return (u / units[k]) + names[k];
            }
        }
        return "0s";
    }
}
