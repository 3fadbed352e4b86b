package atmos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class YamlReaderTest {
    private final YamlReader reader = new YamlReader();
    private final Path file = Path.of("atmos.yaml");

    @Test
    void remembersTheLineOfEveryKeyAndValue() {
        YamlValue.Map root = (YamlValue.Map) reader.parse("""
                auth:
                  providers:
                    sso:
                      kind: aws/iam-identity-center
                """, file);
        YamlValue.Map sso = (YamlValue.Map) ((YamlValue.Map) ((YamlValue.Map) root.get("auth")).get("providers")).get("sso");
        assertThat(sso.sourceOf("kind").line()).isEqualTo(4);
        assertThat(sso.get("kind").source().line()).isEqualTo(4);
        assertThat(sso.sourceOf("kind").display(null)).isEqualTo("atmos.yaml:4");
    }

    @Test
    void keepsUnknownFunctionTagsAsRawValues() {
        YamlValue.Map root = (YamlValue.Map) reader.parse("""
                vars:
                  vpc_id: !terraform.state vpc dev .vpc_id
                  secret: !store ssm/prod key
                """, file);
        YamlValue.Scalar v = (YamlValue.Scalar) ((YamlValue.Map) root.get("vars")).get("vpc_id");
        assertThat(v.tag()).isEqualTo("!terraform.state");
        assertThat(v.value()).isEqualTo("vpc dev .vpc_id");
    }

    @Test
    void tellsPlainFromQuotedScalarsAndReadsNulls() {
        YamlValue.Map root = (YamlValue.Map) reader.parse("a: true\nb: \"true\"\nc: ~\nd:\n", file);
        assertThat(((YamlValue.Scalar) root.get("a")).plain()).isTrue();
        assertThat(((YamlValue.Scalar) root.get("b")).plain()).isFalse();
        assertThat(((YamlValue.Scalar) root.get("c")).isNull()).isTrue();
        assertThat(((YamlValue.Scalar) root.get("d")).isNull()).isTrue();
    }

    @Test
    void honoursMergeKeysWithExplicitKeysWinning() {
        YamlValue.Map root = (YamlValue.Map) reader.parse("""
                base: &base
                  kind: aws/assume-role
                  region: us-east-1
                prod:
                  <<: *base
                  region: eu-west-1
                """, file);
        YamlValue.Map prod = (YamlValue.Map) root.get("prod");
        assertThat(((YamlValue.Scalar) prod.get("kind")).value()).isEqualTo("aws/assume-role");
        assertThat(((YamlValue.Scalar) prod.get("region")).value()).isEqualTo("eu-west-1");
    }

    @Test
    void rejectsDuplicateKeysNamingBothLines() {
        assertThatThrownBy(() -> reader.parse("a: 1\nb: 2\na: 3\n", file))
                .isInstanceOf(AtmosException.class)
                .hasMessage("atmos.yaml:3: mapping key \"a\" already defined at line 1");
    }

    @Test
    void reportsSyntaxErrorsWithFileAndLineAsConfigErrors() {
        assertThatThrownBy(() -> reader.parse("auth:\n  providers:\n    sso: [unclosed\n", file))
                .isInstanceOf(AtmosException.class)
                .hasMessageStartingWith("atmos.yaml:")
                .hasMessageContaining("invalid YAML")
                .satisfies(e -> assertThat(((AtmosException) e).exitCode()).isEqualTo(ExitCode.CONFIG));
    }

    @Test
    void readsAnEmptyDocumentAsAnEmptyMap() {
        assertThat(reader.parse("# only a comment\n", file)).isInstanceOf(YamlValue.Map.class);
    }

    @Test
    void anAliasToItsOwnParentIsAConfigErrorNotAStackOverflow() {
        assertThatThrownBy(() -> reader.parse("auth:\n  loop: &a [x, *a]\n", file))
                .isInstanceOf(AtmosException.class)
                .hasMessage("atmos.yaml:2: an alias refers to a map or list that contains it");
    }

    @Test
    void aValueReachedThroughManyAliasesIsConvertedOnceAndShared() {
        YamlValue.Map root = (YamlValue.Map) reader.parse("base: &b {kind: mock}\nlist: [*b, *b, *b]\n", file);
        YamlValue.Seq list = (YamlValue.Seq) root.get("list");
        assertThat(list.items().get(0)).isSameAs(root.get("base")).isSameAs(list.items().get(2));
    }

    @Test
    void tooManyAliasesNameTheLineWhereTheLimitWasReached() {
        StringBuilder b = new StringBuilder("a: &a [x]\nlist:\n");
        for (int i = 0; i < 201; i++) {
            b.append("  - *a\n");
        }
        assertThatThrownBy(() -> reader.parse(b.toString(), file))
                .isInstanceOf(AtmosException.class)
                .hasMessageStartingWith("atmos.yaml:203: invalid YAML: Number of aliases")
                .satisfies(e -> assertThat(((AtmosException) e).hint()).contains("alias"));
    }
}
