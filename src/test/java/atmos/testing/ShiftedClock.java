package atmos.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A base clock plus an offset a fake moves by hand, so a fake can run ahead of (or behind) the clock
 * it was given while the code under test shares its view of time.
 */
public final class ShiftedClock extends Clock {
    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    public ShiftedClock(Clock base) {
        this.base = Objects.requireNonNull(base, "clock");
    }

    /** Moves this clock forward, or back with a negative duration; the base clock is untouched. */
    public synchronized void advance(Duration d) {
        offset = offset.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the fake's clock is UTC");
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }
}
