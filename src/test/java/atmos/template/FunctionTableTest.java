package atmos.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Sprig and Gomplate functions of the default (Atmos) function set, from
 * {@code src/test/resources/template/function_tests.jsonl}: Sprig's documented examples and the
 * behaviours of both libraries' Go sources, with the environment, clock and UUIDs injected.
 */
class FunctionTableTest {
    static final TemplateOptions OPTIONS = TemplateOptions.defaults()
            .withEnv(Map.of("HOME", "/home/atmos", "USER", "atmos"))
            .withClock(Clock.fixed(Instant.parse("2024-05-06T07:08:09Z"), ZoneOffset.UTC))
            .withUuids(() -> UUID.fromString("123e4567-e89b-42d3-a456-426614174000"));

    record Case(String name, String input, Object data, String output, String error) {}

    static List<Case> load() throws IOException {
        return load("/template/function_tests.jsonl");
    }

    static List<Case> load(String resource) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = FunctionTableTest.class.getResourceAsStream(resource);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Map<String, Object> m = JSON.std.mapFrom(line);
                cases.add(new Case((String) (m.containsKey("name") ? m.get("name") : m.get("file")), (String) m.get("input"), m.get("data"),
                        (String) m.get("output"), (String) m.get("error")));
            }
        }
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> functions_behave_as_sprig_and_gomplate() throws IOException {
        return load().stream().map(c -> DynamicTest.dynamicTest(c.name() + ": " + c.input(), () -> {
            if (c.error() == null) {
                assertThat(GoTemplates.render(c.name(), c.input(), c.data(), OPTIONS)).isEqualTo(c.output());
            } else {
                assertThatThrownBy(() -> GoTemplates.render(c.name(), c.input(), c.data(), OPTIONS))
                        .isInstanceOf(TemplateException.class).hasMessageContaining(c.error());
            }
        }));
    }

    /** Sprig's own test cases, run on the Atmos function set. */
    @TestFactory
    Stream<DynamicTest> sprig_s_own_tests_pass() throws IOException {
        return load("/template/sprig_tests.jsonl").stream().map(c -> DynamicTest.dynamicTest(c.name() + ": " + c.input(),
                () -> assertThat(GoTemplates.render(c.name(), c.input(), Map.of(), OPTIONS)).isEqualTo(c.output())));
    }

    /** Gomplate's own integration cases, with Gomplate's functions alone (Sprig off). */
    @TestFactory
    Stream<DynamicTest> gomplate_s_own_tests_pass() throws IOException {
        TemplateOptions gomplateOnly = OPTIONS.withSprig(false);
        return load("/template/gomplate_tests.jsonl").stream().map(c -> DynamicTest.dynamicTest(c.name() + ": " + c.input(),
                () -> assertThat(GoTemplates.render(c.name(), c.input(), Map.of(), gomplateOnly)).isEqualTo(c.output())));
    }
}
