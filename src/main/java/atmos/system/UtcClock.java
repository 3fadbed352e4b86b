package atmos.system;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The real process's clock: the system clock in UTC, as {@link Clock#systemUTC()}, but without making
 * a JVM initialise the time-zone classes before a zone is asked for (that alone costs ~0.4 ms of the
 * cached path, which only compares instants).
 */
public final class UtcClock extends Clock {
    public static final UtcClock INSTANCE = new UtcClock();

    private UtcClock() {
    }

    @Override
    public ZoneId getZone() {
        return Clock.systemUTC().getZone(); // not ZoneOffset.UTC: verifying that would load the zone classes
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.system(zone);
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    @Override
    public Instant instant() {
        return Instant.now();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UtcClock;
    }

    @Override
    public int hashCode() {
        return 1;
    }

    @Override
    public String toString() {
        return "UtcClock";
    }
}
