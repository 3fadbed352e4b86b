package atmos.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The JSON auth env prints on the cached path is byte for byte what the JSON library prints. */
class JsonStringsTest {
    @Test
    void everyCharacterIsWrittenAsJacksonWritesIt() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int c = 0; c < 0x3000; c++) {
            map.put(String.format("K%05d", c), "a" + (char) c + "b");
        }
        map.put("EMOJI", "\uD83D\uDE00 surrogates");
        map.put("QUOTES", "\"'\\/");
        map.put("EMPTY", "");
        assertThat(JsonStrings.prettyStrings(map)).isEqualTo(JsonText.pretty(map));
    }

    @Test
    void emptyAndSortedMaps() {
        assertThat(JsonStrings.prettyStrings(Map.of())).isEqualTo(JsonText.pretty(Map.of()));
        Map<String, String> sorted = new TreeMap<>(Map.of("B", "2", "A", "1"));
        assertThat(JsonStrings.prettyStrings(sorted)).isEqualTo(JsonText.pretty(sorted)).isEqualTo("{\n  \"A\": \"1\",\n  \"B\": \"2\"\n}");
    }
}
