package atmos.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Go's parser table ({@code src/text/template/parse/parse_test.go}, {@code parseTests}) from
 * {@code src/test/resources/template/go_parse_tests.jsonl}: what parses, and the tree printed back.
 * Left out: complex constants, which the engine does not support, and the nesting-depth cases, for
 * which Go's test lowers the depth limit to 3.
 */
class GoParseTableTest {

    record Case(String name, String input, boolean ok, String result) {}

    static List<Case> load() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = GoParseTableTest.class.getResourceAsStream("/template/go_parse_tests.jsonl");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Map<String, Object> m = JSON.std.mapFrom(line);
                cases.add(new Case((String) m.get("name"), (String) m.get("input"), (Boolean) m.get("ok"),
                        (String) m.get("result")));
            }
        }
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> go_parse_tests_parse_as_go_does() throws IOException {
        TemplateOptions options = TemplateOptions.goOnly().withFunctions(Functions.none()
                .with("contains", GoFunction.of(a -> ((String) a[0]).contains((String) a[1]), GoType.STRING,
                        GoType.STRING)));
        return load().stream().map(c -> DynamicTest.dynamicTest(c.name() + ": " + c.input(), () -> {
            if (c.ok()) {
                GoTemplate t = GoTemplate.parse(c.name(), c.input(), options);
                String printed = t.hasActions() ? Node.str(t.tree(c.name()).root, true)
                        : c.input().isEmpty() ? "" : GoFmt.quote(c.input());
                assertThat(printed).isEqualTo(c.result());
            } else {
                assertThatThrownBy(() -> GoTemplate.parse(c.name(), c.input(), options))
                        .isInstanceOf(TemplateException.class)
                        .hasMessageStartingWith("template: " + c.name() + ":");
            }
        }));
    }

    /** Go's numberTests (parse_test.go), complex constants left out: text, isInt, isUint, isFloat, values. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "0|true|true|true|0|0|0", "-0|true|true|true|0|0|0", "73|true|true|true|73|73|73",
        "7_3|true|true|true|73|73|73", "0b10_010_01|true|true|true|73|73|73", "0B10_010_01|true|true|true|73|73|73",
        "073|true|true|true|59|59|59", "0o73|true|true|true|59|59|59", "0O73|true|true|true|59|59|59",
        "0x73|true|true|true|115|115|115", "0X73|true|true|true|115|115|115", "0x7_3|true|true|true|115|115|115",
        "-73|true|false|true|-73|0|-73", "+73|true|false|true|73|0|73", "100|true|true|true|100|100|100",
        "1e9|true|true|true|1000000000|1000000000|1e9", "-1e9|true|false|true|-1000000000|0|-1e9",
        "-1.2|false|false|true|0|0|-1.2", "1e19|false|true|true|0|10000000000000000000|1e19",
        "1e1_9|false|true|true|0|10000000000000000000|1e19", "1E19|false|true|true|0|10000000000000000000|1e19",
        "-1e19|false|false|true|0|0|-1e19", "0x_1p4|true|true|true|16|16|16", "0X_1P4|true|true|true|16|16|16",
        "0x_1p-4|false|false|true|0|0|0.0625", "0123|true|true|true|83|83|83", "-0x0|true|true|true|0|0|0",
        "0xdeadbeef|true|true|true|3735928559|3735928559|3735928559", "'a'|true|true|true|97|97|97",
        "'\\n'|true|true|true|10|10|10", "'\\\\'|true|true|true|92|92|92", "'\\''|true|true|true|39|39|39",
        "'\\xFF'|true|true|true|255|255|255", "'パ'|true|true|true|12497|12497|12497",
        "'\\u30d1'|true|true|true|12497|12497|12497", "'\\U000030d1'|true|true|true|12497|12497|12497",
        "0xef|true|true|true|239|239|239",
    })
    void numbers_parse_as_go_reads_them(String text, boolean isInt, boolean isUint, boolean isFloat, long i, String u,
            double f) {
        GoTemplate t = GoTemplate.parse("n", "{{ " + text + " }}", TemplateOptions.goOnly());
        Node.ActionNode action = (Node.ActionNode) t.tree("n").root.nodes.get(0);
        Node.NumberNode n = (Node.NumberNode) action.pipe().cmds.get(0).args.get(0);
        assertThat(n.isInt()).isEqualTo(isInt);
        assertThat(n.isUint()).isEqualTo(isUint);
        assertThat(n.isFloat()).isEqualTo(isFloat);
        if (isInt) {
            assertThat(n.int64()).isEqualTo(i);
        }
        if (isUint) {
            assertThat(Long.toUnsignedString(n.uint64())).isEqualTo(u);
        }
        assertThat(n.float64()).isEqualTo(f);
    }

    /** Go's numberTests of broken syntax. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"+-2", "0x123.", "1e.", "0xi.", "1+2.", "'x", "'xx'", "'433937734937734969526500969526500'"})
    void broken_numbers_do_not_parse(String text) {
        assertThatThrownBy(() -> GoTemplate.parse("n", "{{ " + text + " }}", TemplateOptions.goOnly()))
                .isInstanceOf(TemplateException.class);
    }
}
