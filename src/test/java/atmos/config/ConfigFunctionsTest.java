package atmos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.error.AtmosException;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFunctionsTest {
    @TempDir
    Path tmp;

    TestHost host;

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp);
    }

    private YamlValue evaluate(String yaml) {
        YamlReader reader = new YamlReader(host.cwd(), new ConfigLimits.Budget());
        ConfigFunctions functions = new ConfigFunctions(host.build(), null, reader);
        return functions.evaluate(reader.parse(yaml, host.cwd().resolve("atmos.yaml")));
    }

    @Test
    void anExecReachedThroughManyAliasesRunsOnce() throws Exception {
        YamlValue.Map root = (YamlValue.Map) evaluate("""
                token: &t !exec "echo run >> runs.txt; echo secret"
                copies: [*t, *t, *t, *t]
                """);
        assertThat(Files.readAllLines(host.cwd().resolve("runs.txt"))).containsExactly("run");
        YamlValue.Seq copies = (YamlValue.Seq) root.get("copies");
        assertThat(((YamlValue.Scalar) copies.items().get(3)).value()).isEqualTo("secret");
    }

    @Test
    void valuesWithoutFunctionsComeBackAsTheyAre() {
        YamlReader reader = new YamlReader(host.cwd(), new ConfigLimits.Budget());
        YamlValue parsed = reader.parse("base: &b {kind: mock}\nlist: [*b, *b]\n", host.cwd().resolve("atmos.yaml"));
        assertThat(new ConfigFunctions(host.build(), null, reader).evaluate(parsed)).isSameAs(parsed);
    }

    @Test
    void aCommandsFailureNamesTheLineAndTheFirstLineOfItsErrors() {
        assertThatThrownBy(() -> evaluate("x: !exec \"echo boom >&2; exit 3\"\n"))
                .isInstanceOf(AtmosException.class)
                .hasMessage("atmos.yaml:1: !exec command exited with code 3 (boom)");
    }

    @Test
    void jsonOutputBecomesDataAndCountsAgainstTheLoadsBudget() {
        YamlValue.Map root = (YamlValue.Map) evaluate("x: !exec \"echo '{\\\"a\\\": [1, 2]}'\"\n");
        assertThat(((YamlValue.Seq) ((YamlValue.Map) root.get("x")).get("a")).items()).hasSize(2);
    }

    @Test
    void aBinaryIncludedFileIsNamedAsSuch() throws Exception {
        Files.write(host.cwd().resolve("blob.yaml"), new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThatThrownBy(() -> evaluate("x: !include blob.yaml\n"))
                .isInstanceOf(AtmosException.class)
                .hasMessage("atmos.yaml:1: !include blob.yaml: not UTF-8 text (a binary file?)");
    }
}
