package atmos.template;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** The methods of Go's time.Time that templates call on {@code now} and friends. */
final class TimeMethods {
    private TimeMethods() {}

    static GoFunction method(ZonedDateTime t, String name) {
        return switch (name) {
            case "Unix" -> GoFunction.of(a -> GoNumber.int64(t.toEpochSecond()));
            case "UnixMilli" -> GoFunction.of(a -> GoNumber.int64(t.toInstant().toEpochMilli()));
            case "UnixNano" -> GoFunction.of(a -> GoNumber.int64(t.toEpochSecond() * 1_000_000_000L + t.getNano()));
            case "Format" -> GoFunction.of(a -> GoTime.format(t, (String) a[0]), GoType.STRING);
            case "String" -> GoFunction.of(a -> GoTime.string(t));
            case "UTC" -> GoFunction.of(a -> t.withZoneSameInstant(ZoneOffset.UTC));
            case "Year" -> GoFunction.of(a -> (long) t.getYear());
            case "YearDay" -> GoFunction.of(a -> (long) t.getDayOfYear());
            case "Day" -> GoFunction.of(a -> (long) t.getDayOfMonth());
            case "Hour" -> GoFunction.of(a -> (long) t.getHour());
            case "Minute" -> GoFunction.of(a -> (long) t.getMinute());
            case "Second" -> GoFunction.of(a -> (long) t.getSecond());
            case "Nanosecond" -> GoFunction.of(a -> (long) t.getNano());
            case "IsZero" -> GoFunction.of(a -> t.toEpochSecond() == -62135596800L && t.getNano() == 0);
            default -> null;
        };
    }
}
