package atmos.cli.render;

import atmos.cli.Ui;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Label/value rows for status output ({@code Identity   plat-dev/terraform}), and time formats. */
public final class Rows {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final List<String[]> rows = new ArrayList<>();

    public Rows add(String label, String value) {
        if (value != null && !value.isEmpty()) {
            rows.add(new String[]{label, value});
        }
        return this;
    }

    public String render(Ui ui) {
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            b.append("  ").append(ui.paint("36", r[0])).append(" ".repeat(width - r[0].length() + 2)).append(r[1]).append('\n');
        }
        return b.toString();
    }

    /** {@code 2026-11-23 11:00:00 UTC}. */
    public static String time(Instant t) {
        return TIME.format(t);
    }

    /** {@code 1h 5m}, {@code 4m 30s}, {@code 12s}, or {@code expired}. */
    public static String left(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return "expired";
        }
        long s = d.getSeconds();
        long h = s / 3600;
        long m = (s % 3600) / 60;
        if (h > 0) {
            return h + "h " + m + "m";
        }
        if (m > 0) {
            return m + "m " + (s % 60) + "s";
        }
        return s + "s";
    }

    /** {@code 2026-11-23 11:00:00 UTC (1h 0m)}. */
    public static String expiry(Instant exp, Instant now) {
        return time(exp) + " (" + left(Duration.between(now, exp)) + ")";
    }
}
