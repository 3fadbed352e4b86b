package atmos.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Output as Go's yaml.v3 encoder writes it (indent 2), the form Atmos prints. */
class GoYamlTest {

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "us-east-1|us-east-1",
            "true|\"true\"",
            "False|\"False\"",
            "yes|\"yes\"",
            "off|\"off\"",
            "null|\"null\"",
            "~|\"~\"",
            "123|\"123\"",
            "0755|\"0755\"",
            "0x1F|\"0x1F\"",
            "1.5|\"1.5\"",
            "1e3|\"1e3\"",
            ".inf|\".inf\"",
            "2024-01-31|\"2024-01-31\"",
            "10.0.0.0/16|10.0.0.0/16",
            "{{ .vars.stage }}|'{{ .vars.stage }}'",
            "**/_defaults.yaml|'**/_defaults.yaml'",
            "- item|'- item'",
            "key: value|'key: value'",
            "a #comment|'a #comment'",
            "it's|it's",
            "'quoted'|'''quoted'''",
            "@handle|'@handle'",
            "%x|'%x'",
            "!env FOO|'!env FOO'",
            "arn:aws:iam::aws:policy/x|arn:aws:iam::aws:policy/x",
            "1:20|\"1:20\"",
            "`trailing `|'trailing '",
            "` leading`|' leading'"})
    void stringsAreQuotedOnlyWhenTheyWouldReadBackAsSomethingElse(String value, String written) {
        assertThat(GoYaml.write(map("k", value))).isEqualTo("k: " + written + "\n");
    }

    @Test
    void emptyAndNullValues() {
        assertThat(GoYaml.write(map("a", "", "b", null, "c", List.of(), "d", Map.of())))
                .isEqualTo("a: \"\"\nb: null\nc: []\nd: {}\n");
    }

    @Test
    void scalarsOfOtherTypes() {
        assertThat(GoYaml.write(map("a", true, "b", 42L, "c", 1.5, "d", 1000000.0, "e", 3.0, "f", 0.00001)))
                .isEqualTo("a: true\nb: 42\nc: 1.5\nd: 1e+06\ne: 3\nf: 1e-05\n");
    }

    @Test
    void mapKeysAreSortedNaturally() {
        Map<String, Object> m = map("item10", 1L, "item9", 2L, "Zeta", 3L, "alpha", 4L, "_defaults", 5L, "b2", 6L, "b-1", 7L);
        // letters by code point (upper case first), other characters before letters, digit runs by value
        assertThat(GoYaml.write(m)).isEqualTo("_defaults: 5\nZeta: 3\nalpha: 4\nb-1: 7\nb2: 6\nitem9: 2\nitem10: 1\n");
    }

    @Test
    void structFieldsKeepTheirOrder() {
        assertThat(GoYaml.write(new GoStruct().with("z", 1L).with("a", 2L))).isEqualTo("z: 1\na: 2\n");
    }

    @Test
    void sequencesAreIndentedUnderTheirKeyAndMapsInsideItemsAlign() {
        Map<String, Object> m = map("list", List.of("a", "b"), "maps", List.of(map("x", 1L, "y", map("z", "q"))),
                "nested", List.of(List.of("a", "b")));
        assertThat(GoYaml.write(m)).isEqualTo("""
                list:
                  - a
                  - b
                maps:
                  - x: 1
                    "y":
                      z: q
                nested:
                  - - a
                    - b
                """);
    }

    @Test
    void multiLineStringsAreLiteralBlocks() {
        assertThat(GoYaml.write(map("s", "line1\nline2"))).isEqualTo("s: |-\n  line1\n  line2\n");
        assertThat(GoYaml.write(map("s", "line1\nline2\n"))).isEqualTo("s: |\n  line1\n  line2\n");
        assertThat(GoYaml.write(map("s", "a\n\nb\n\n"))).isEqualTo("s: |+\n  a\n\n  b\n\n");
        assertThat(GoYaml.write(map("s", "  indented\nx"))).isEqualTo("s: |2-\n    indented\n  x\n");
        assertThat(GoYaml.write(map("s", "trailing \nx"))).isEqualTo("s: \"trailing \\nx\"\n");
        assertThat(GoYaml.write(List.of("a\nb"))).isEqualTo("- |-\n  a\n  b\n");
    }

    @Test
    void specialCharactersAreEscapedInDoubleQuotes() {
        assertThat(GoYaml.write(map("t", "a\tb"))).isEqualTo("t: \"a\\tb\"\n");
        assertThat(GoYaml.write(map("e", "smile 😀"))).isEqualTo("e: \"smile \\U0001F600\"\n");
        assertThat(GoYaml.write(map("u", "café"))).isEqualTo("u: café\n");
    }

    @Test
    void longPlainStringsFoldAtColumnEighty() {
        String words = "word ".repeat(30).strip();
        String out = GoYaml.write(map("description", words));
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).startsWith("description: word word").hasSizeLessThanOrEqualTo(86);
        assertThat(lines.get(1)).startsWith("  word");
        assertThat(String.join(" ", lines.stream().map(String::strip).toList())).isEqualTo("description: " + words);
    }

    @Test
    void specialKeysAreQuoted() {
        assertThat(GoYaml.write(map("true", 1L, "", 2L, "a b", 3L, "1", 4L))).isEqualTo("\"\": 2\n\"1\": 4\na b: 3\n\"true\": 1\n");
    }

    @Test
    void rootScalarsAndLists() {
        assertThat(GoYaml.write("us-east-1")).isEqualTo("us-east-1\n");
        assertThat(GoYaml.write(true)).isEqualTo("true\n");
        assertThat(GoYaml.write(null)).isEqualTo("null\n");
        assertThat(GoYaml.write(new ArrayList<>(List.of(1L, "x")))).isEqualTo("- 1\n- x\n");
    }

    @Test
    void perFormatValuesWriteTheirYamlSide() {
        assertThat(GoYaml.write(map("x", new PerFormat("json", "yaml")))).isEqualTo("x: yaml\n");
        assertThat(GoJson.write(map("x", new PerFormat("json", "yaml")))).isEqualTo("{\n  \"x\": \"json\"\n}\n");
    }
}
