package atmos.template;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/** time.ParseInLocation for common Go layouts, by translating the layout into a java.time pattern. */
final class GoTimeParse {
    private GoTimeParse() {}

    /** Go's zero time.Time: 0001-01-01 00:00:00 +0000 UTC. */
    static final ZonedDateTime ZERO = ZonedDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private static final String[][] TOKENS = {
        {"January", "MMMM"}, {"Monday", "EEEE"}, {"2006", "uuuu"}, {"Z07:00", "XXX"}, {"Z0700", "XX"},
        {"-07:00", "xxx"}, {"-0700", "xx"}, {"Jan", "MMM"}, {"Mon", "EEE"}, {"MST", "z"}, {"002", "DDD"},
        {"01", "MM"}, {"02", "dd"}, {"03", "hh"}, {"04", "mm"}, {"05", "ss"}, {"06", "uu"}, {"15", "HH"},
        {"PM", "a"}, {"_2", "ppd"}, {"1", "M"}, {"2", "d"}, {"3", "h"}, {"4", "m"}, {"5", "s"},
    };

    /** Parses, or returns null when the value does not match the layout. */
    static ZonedDateTime parse(String layout, String value, ZoneId local) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder().parseCaseInsensitive();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        outer:
        while (i < layout.length()) {
            if ((layout.startsWith(".000", i) || layout.startsWith(".999", i) || layout.startsWith(",000", i))) {
                int j = i + 1;
                char d = layout.charAt(j);
                while (j < layout.length() && layout.charAt(j) == d) {
                    j++;
                }
                flush(b, literal);
                b.appendFraction(ChronoField.NANO_OF_SECOND, d == '9' ? 0 : j - i - 1, 9, true);
                i = j;
                continue;
            }
            for (String[] t : TOKENS) {
                if (layout.startsWith(t[0], i)) {
                    flush(b, literal);
                    b.appendPattern(t[1]);
                    i += t[0].length();
                    continue outer;
                }
            }
            literal.append(layout.charAt(i++));
        }
        flush(b, literal);
        DateTimeFormatter f = b.parseDefaulting(ChronoField.MONTH_OF_YEAR, 1).parseDefaulting(ChronoField.DAY_OF_MONTH, 1)
                .parseDefaulting(ChronoField.HOUR_OF_DAY, 0).parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
                .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0).toFormatter(Locale.ENGLISH).withZone(local);
        try {
            return ZonedDateTime.parse(value, f);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void flush(DateTimeFormatterBuilder b, StringBuilder literal) {
        if (literal.length() > 0) {
            b.appendLiteral(literal.toString());
            literal.setLength(0);
        }
    }
}
