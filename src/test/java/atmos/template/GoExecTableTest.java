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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Go's own execution table ({@code src/text/template/exec_test.go}, {@code execTests}) run against the
 * engine, from {@code src/test/resources/template/go_exec_tests.jsonl}.
 *
 * <p>Go's test data is a struct ({@code tVal}) with methods; here it is a map with the same field
 * names. Left out, because the Java data model has no such thing: method calls ({@code .Method0},
 * {@code .GetU}, {@code .MyError}, {@code call .BinaryFunc} …), {@code fmt.Stringer}/{@code error}
 * values, typed nil pointers and interfaces, unexported struct fields, channels and iterators
 * ({@code count}, {@code iter.Seq}), complex numbers, unsigned integer data, maps with non-string keys
 * ({@code MII}, {@code MI64S} …) and the slice-capacity cases ({@code SICap}). One case changes its
 * expectation for the same reason: {@code index} of a missing key in Go's {@code map[string]int} is
 * {@code 0}; in a YAML map ({@code map[string]interface {}}) it is nil, printed {@code <no value>}.
 */
class GoExecTableTest {

    static Map<String, Object> tVal() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("True", true);
        t.put("I", 17);
        t.put("X", "x");
        t.put("S", "xyz");
        t.put("FloatZero", 0.0);
        t.put("U", Map.of("V", "v"));
        t.put("SI", List.of(3, 4, 5));
        t.put("SIEmpty", List.of());
        t.put("SB", List.of(true, false));
        t.put("AI", List.of(3, 4, 5));
        t.put("MSI", Map.of("one", 1, "two", 2, "three", 3));
        t.put("MSIone", Map.of("one", 1));
        t.put("MSIEmpty", Map.of());
        t.put("MXI", Map.of("one", 1));
        t.put("SMSI", List.of(Map.of("one", 1, "two", 2), Map.of("eleven", 11, "twelve", 12)));
        t.put("Empty0", null);
        t.put("Empty1", 3);
        t.put("Empty2", "empty2");
        t.put("Empty3", List.of(7, 8));
        t.put("Empty4", Map.of("V", "UinEmpty"));
        t.put("PI", 23);
        t.put("PS", "a string");
        t.put("PSI", List.of(21, 22, 23));
        return t;
    }

    /** The helper functions of Go's testExecute. */
    static Functions testFunctions() {
        GoType s = GoType.STRING;
        return Functions.none()
                .with("add", GoFunction.variadic(a -> {
                    long sum = 0;
                    for (Object x : a) {
                        sum += ((Number) x).longValue();
                    }
                    return sum;
                }, GoType.INT))
                .with("dddArg", GoFunction.variadic(a -> {
                    List<Object> rest = new ArrayList<>(List.of(a).subList(1, a.length));
                    return GoFmt.sprintln(a[0], GoSlice.of("string", rest));
                }, GoType.INT, s))
                .with("die", GoFunction.of(a -> {
                    throw new IllegalStateException("die");
                }))
                .with("echo", GoFunction.of(a -> a[0], GoType.ANY))
                .with("makemap", GoFunction.variadic(a -> {
                    GoStringMap m = new GoStringMap();
                    for (int i = 0; i + 1 < a.length; i += 2) {
                        m.put((String) a[i], a[i + 1]);
                    }
                    return m;
                }, s))
                .with("mapOfThree", GoFunction.of(a -> Map.of("three", 3)))
                .with("oneArg", GoFunction.of(a -> "oneArg=" + a[0], s))
                .with("returnInt", GoFunction.of(a -> 7))
                .with("twoArgs", GoFunction.of(a -> "twoArgs=" + a[0] + a[1], s, s))
                .with("typeOf", GoFunction.of(a -> GoValues.typeName(a[0]), GoType.ANY))
                .with("valueString", GoFunction.of(a -> "value is ignored", s))
                .with("zeroArgs", GoFunction.of(a -> "zeroArgs"));
    }

    record Case(String name, String input, String output, Object data, boolean ok) {}

    static List<Case> load(String resource) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = GoExecTableTest.class.getResourceAsStream(resource);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Map<String, Object> m = JSON.std.mapFrom(line);
                Object data = m.get("data");
                if ("$tVal".equals(data)) {
                    data = tVal();
                }
                cases.add(new Case((String) m.get("name"), (String) m.get("input"), (String) m.get("output"), data,
                        (Boolean) m.get("ok")));
            }
        }
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> go_exec_tests_produce_go_output() throws IOException {
        TemplateOptions options = TemplateOptions.goOnly().withFunctions(testFunctions());
        return load("/template/go_exec_tests.jsonl").stream().map(c -> DynamicTest.dynamicTest(c.name() + ": " + c.input(),
                () -> {
                    GoTemplate t = GoTemplate.parse(c.name(), c.input(), options);
                    if (c.ok()) {
                        assertThat(t.execute(c.data())).isEqualTo(c.output());
                    } else {
                        assertThatThrownBy(() -> t.execute(c.data())).isInstanceOf(TemplateException.class);
                    }
                }));
    }
}
