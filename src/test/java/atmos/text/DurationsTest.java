package atmos.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"3600,PT1H", "1h,PT1H", "90m,PT1H30M", "1h30m,PT1H30M", "45s,PT45S", "1d,PT24H", "2d,PT48H", "1.5h,PT1H30M", "15m,PT15M"})
    void acceptsSecondsGoDurationsAndDays(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1x", "-5", "0", "0s", "h1", "1 h", "1hh"})
    void rejectsAnythingElseWithAMessage(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
    }

    @Test
    void printsDurationsForPeople() {
        assertThat(Durations.human(Duration.ofMinutes(90))).isEqualTo("1h 30m");
        assertThat(Durations.human(Duration.ofMinutes(15))).isEqualTo("15m");
        assertThat(Durations.human(Duration.ofSeconds(45))).isEqualTo("45s");
    }
}
