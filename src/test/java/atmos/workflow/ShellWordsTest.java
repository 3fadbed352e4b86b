package atmos.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Step command lines are split as a shell would (upstream's shell.Fields), and quoted back as Bash needs. */
class ShellWordsTest {
    private static final Map<String, String> ENV = Map.of("HOME", "/home/me", "STACK", "plat-ue2-dev");

    @Test
    void quotesGroupWordsAndAreRemovedAsTheShellRemovesThem() {
        // The cases of upstream's tests/fixtures/scenarios/workflows (terraform-var-*, multi-component-query*).
        assertThat(ShellWords.split("terraform plan mock -var=\"enabled=false\" -s nonprod", ENV))
                .containsExactly("terraform", "plan", "mock", "-var=enabled=false", "-s", "nonprod");
        assertThat(ShellWords.split("terraform plan mock -var='enabled=false' -var=\"foo=bar\"", ENV))
                .containsExactly("terraform", "plan", "mock", "-var=enabled=false", "-var=foo=bar");
        assertThat(ShellWords.split("terraform plan mock -var=\"message=hello world\"", ENV))
                .containsExactly("terraform", "plan", "mock", "-var=message=hello world");
        assertThat(ShellWords.split("terraform plan --query '.settings.enabled == true' -s nonprod", ENV))
                .containsExactly("terraform", "plan", "--query", ".settings.enabled == true", "-s", "nonprod");
        assertThat(ShellWords.split("terraform plan --query \".metadata.component == \\\"mock\\\"\"", ENV))
                .containsExactly("terraform", "plan", "--query", ".metadata.component == \"mock\"");
        assertThat(ShellWords.split("a\\ b '' \"\" c", ENV)).containsExactly("a b", "", "", "c");
    }

    @Test
    void variablesAreExpandedOutsideSingleQuotes() {
        assertThat(ShellWords.split("describe stacks -s $STACK --file ${HOME}/out '$STACK' \"$STACK\" $NOPE x$ $", ENV))
                .containsExactly("describe", "stacks", "-s", "plat-ue2-dev", "--file", "/home/me/out", "$STACK", "plat-ue2-dev", "x$", "$");
    }

    @Test
    void anUnterminatedQuoteFallsBackToSplittingAtWhitespace() {
        assertThat(ShellWords.split("echo 'oops  there", ENV)).containsExactly("echo", "'oops", "there");
    }

    @Test
    void quotingGivesBackWhatTheShellReads() {
        assertThat(ShellWords.quote("-this")).isEqualTo("-this");
        assertThat(ShellWords.quote("plain/path.yaml:1,2=3@%+")).isEqualTo("plain/path.yaml:1,2=3@%+");
        assertThat(ShellWords.quote("")).isEqualTo("''");
        assertThat(ShellWords.quote("hello  world")).isEqualTo("'hello  world'");
        assertThat(ShellWords.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellWords.quote("$HOME")).isEqualTo("'$HOME'");
        assertThat(ShellWords.quote("if")).isEqualTo("'if'");
        assertThat(ShellWords.quote("a\tb\n")).isEqualTo("'a\tb\n'");
        assertThat(ShellWords.quote("bell\u0007")).isEqualTo("$'bell\\x07'");
        assertThat(ShellWords.join(List.of("-this", "--is", "trailing", "-", "arg"))).isEqualTo("-this --is trailing - arg");
        for (String w : List.of("it's", "a b", "$x", "~/x", "#c", "*", "{a,b}")) {
            assertThat(ShellWords.split(ShellWords.quote(w), Map.of())).as(w).containsExactly(w);
        }
    }
}
