package atmos.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Expirations are written and read without java.time's formatters (the cached path), exactly as they would be with them. */
class CredentialCodecTimeTest {
    @Test
    void writesEveryInstantAsInstantToStringDoes() {
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong() % 253_402_300_799L, random.nextInt(1_000_000_000));
            assertThat(CredentialCodec.time(t)).isEqualTo(t.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        assertThat(CredentialCodec.time(Instant.parse("2024-02-29T23:59:59Z"))).isEqualTo("2024-02-29T23:59:59Z");
        assertThat(CredentialCodec.time(Instant.parse("1969-12-31T23:59:59Z"))).isEqualTo("1969-12-31T23:59:59Z");
        assertThat(CredentialCodec.time(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("+10000-01-01T00:00:00Z");
    }

    @Test
    void readsWhatItWritesAndEveryOtherRfc3339Form() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            Instant t = Instant.ofEpochSecond(Math.floorMod(random.nextLong(), 253_402_300_799L));
            assertThat(CredentialCodec.parseTime(CredentialCodec.time(t))).isEqualTo(t);
        }
        assertThat(CredentialCodec.parseTime("2026-11-23T10:00:00+02:00")).isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
        assertThat(CredentialCodec.parseTime("2026-11-23T10:00:00.5Z")).isEqualTo(Instant.parse("2026-11-23T10:00:00.5Z"));
        assertThat(CredentialCodec.parseTime("2026-02-30T10:00:00Z")).isNull();
        assertThat(CredentialCodec.parseTime("2026-13-01T10:00:00Z")).isNull();
        assertThat(CredentialCodec.parseTime("2026-11-23T24:00:00Z")).as("as java.time reads it").isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(CredentialCodec.parseTime("soon")).isNull();
    }
}
