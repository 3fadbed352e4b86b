package atmos.log;

import java.util.Locale;
import java.util.Optional;

/** Log levels, as Atmos names them; parsing is case-insensitive and accepts Warning for Warn. */
public enum Level {
    TRACE, DEBUG, INFO, WARN, ERROR, OFF;

    public static Optional<Level> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "trace" -> Optional.of(TRACE);
            case "debug" -> Optional.of(DEBUG);
            case "info" -> Optional.of(INFO);
            case "warn", "warning" -> Optional.of(WARN);
            case "error" -> Optional.of(ERROR);
            case "off", "none" -> Optional.of(OFF);
            default -> Optional.empty();
        };
    }

    public String label() {
        return name();
    }
}
