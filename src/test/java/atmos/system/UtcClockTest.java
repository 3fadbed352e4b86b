package atmos.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The real process's clock tells the same time, in the same zone, as {@link Clock#systemUTC()}. */
class UtcClockTest {
    @Test
    void it_is_the_system_clock_in_utc() {
        long before = System.currentTimeMillis();
        long instant = UtcClock.INSTANCE.instant().toEpochMilli();
        long millis = UtcClock.INSTANCE.millis();
        long after = System.currentTimeMillis();
        assertThat(instant).isBetween(before, after);
        assertThat(millis).isBetween(before, after);
        assertThat(UtcClock.INSTANCE.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(UtcClock.INSTANCE.withZone(ZoneId.of("Europe/Paris")).getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }
}
