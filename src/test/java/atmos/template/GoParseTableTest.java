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
}
