package atmos.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON as Atmos prints it: sorted keys, two-space indent, empty containers inline, no HTML escaping. */
class GoJsonTest {
    @Test
    void printsLikeAtmos() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", List.of(1L, "x<y>&"));
        m.put("a", Map.of());
        m.put("c", List.of());
        m.put("d", null);
        m.put("e", 1.5);
        m.put("f", "tab\tquote\"nl\n");
        assertThat(GoJson.write(m)).isEqualTo("""
                {
                  "a": {},
                  "b": [
                    1,
                    "x<y>&"
                  ],
                  "c": [],
                  "d": null,
                  "e": 1.5,
                  "f": "tab\\tquote\\"nl\\n"
                }
                """);
    }

    @Test
    void floatsUseGosFormat() {
        assertThat(GoJson.compact(List.of(3.0, 1e21, 1e-7, 0.5, 123456789.0))).isEqualTo("[3,1e+21,1e-7,0.5,123456789]");
    }

    @Test
    void structsKeepFieldOrder() {
        assertThat(GoJson.compact(new GoStruct().with("z", 1L).with("a", true))).isEqualTo("{\"z\":1,\"a\":true}");
    }
}
