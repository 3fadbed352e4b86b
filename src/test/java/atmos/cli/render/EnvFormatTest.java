package atmos.cli.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFormatTest {
    private final Map<String, String> vars = new LinkedHashMap<>();

    {
        vars.put("B_PATH", "/home/u/.config/atmos/aws/sso/credentials");
        vars.put("A_MSG", "it's working");
        vars.put("C_EMPTY", "");
        vars.put("D_SPACE", "a b");
    }

    @Test
    void bashExportsSortedKeysQuotingOnlyWhenNeeded() {
        assertThat(EnvFormat.render("bash", vars)).isEqualTo("""
                export A_MSG='it'"'"'s working'
                export B_PATH=/home/u/.config/atmos/aws/sso/credentials
                export C_EMPTY=''
                export D_SPACE='a b'
                """);
    }

    @Test
    void dotenvQuotesLikeBashWithoutExport() {
        assertThat(EnvFormat.render("dotenv", vars)).startsWith("A_MSG='it'\"'\"'s working'\nB_PATH=/home");
    }

    @Test
    void envNeverQuotes() {
        assertThat(EnvFormat.render("env", vars)).isEqualTo("A_MSG=it's working\nB_PATH=/home/u/.config/atmos/aws/sso/credentials\nC_EMPTY=\nD_SPACE=a b\n");
    }

    @Test
    void jsonIsASortedTwoSpaceIndentedObject() {
        assertThat(EnvFormat.render("json", Map.of("B", "2", "A", "1"))).isEqualTo("{\n  \"A\": \"1\",\n  \"B\": \"2\"\n}\n");
    }

    @Test
    void githubWritesMultiLineValuesAsHeredocs() {
        assertThat(EnvFormat.render("github", Map.of("K", "line1\nline2", "S", "v"))).isEqualTo("K<<ATMOS_EOF_K\nline1\nline2\nATMOS_EOF_K\nS=v\n");
        assertThat(EnvFormat.render("github", Map.of("K", "a\nATMOS_EOF_K\nb"))).startsWith("K<<ATMOS_EOF_K_0\n");
    }

    /** Values a hostile configuration or endpoint could hand to {@code auth env}. */
    private static final Map<String, String> HOSTILE = Map.of(
            "A_SUBST", "$(touch pwned)`touch pwned`",
            "B_QUOTE", "'; touch pwned; echo '",
            "C_LINES", "x\nEVIL=1\ntouch pwned",
            "D_DELIM", "a\nATMOS_EOF_D_DELIM\nEVIL=1\nATMOS_EOF_D_DELIM_0\nb",
            "E_CR", "a\rEVIL=1",
            "F_GLOB", "* ? [a] ~ !x #y");

    @Test
    void aNameThatIsNotAnIdentifierIsNeverPrintedInAnyFormat() {
        for (String format : EnvFormat.FORMATS) {
            for (String name : List.of("X=1; touch pwned; Y", "A B", "1A", "A-B", "", "A\nB", "$(id)", "K<<EOF", "É")) {
                assertThatThrownBy(() -> EnvFormat.render(format, Map.of(name, "v")))
                        .as(format + " " + name)
                        .isInstanceOf(AtmosException.class)
                        .hasMessageStartingWith("refusing to print the variable name \"")
                        .hasMessageContaining("not a valid environment variable name")
                        .satisfies(e -> assertThat(((AtmosException) e).exitCode()).isEqualTo(ExitCode.CONFIG))
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            }
        }
    }

    @Test
    void theEnvFormatRefusesALineBreakInAValueInsteadOfLettingItStartAnotherVariable() {
        for (String value : List.of("x\nEVIL=1", "x\rEVIL=1", "x\u0000y")) {
            assertThatThrownBy(() -> EnvFormat.render("env", Map.of("TOKEN", value)))
                    .isInstanceOf(AtmosException.class)
                    .hasMessage("the value of TOKEN contains a line break or NUL, which the env format cannot hold")
                    .satisfies(e -> assertThat(((AtmosException) e).hint()).contains("--format dotenv").contains("json"));
        }
    }

    @TempDir
    Path tmp;

    /** Runs {@code script} in bash (no rc files) in {@code tmp} and returns its stdout. */
    private String bash(String script, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", script).directory(tmp.toFile()).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void evalOfTheBashFormatSetsExactlyTheValuesAndRunsNothing() throws Exception {
        String printed = EnvFormat.render("bash", HOSTILE);
        // Each variable is printed NUL-separated after the eval, so values with line breaks compare exactly.
        String out = bash("eval \"$(cat)\"; for k in " + String.join(" ", new TreeMap<>(HOSTILE).keySet())
                + "; do printf '%s=%s\\0' \"$k\" \"${!k}\"; done", printed);
        Map<String, String> seen = new TreeMap<>();
        for (String kv : out.split("\0")) {
            if (!kv.isEmpty()) {
                seen.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        assertThat(seen).isEqualTo(new TreeMap<>(HOSTILE));
        assertThat(Files.exists(tmp.resolve("pwned"))).isFalse();
    }

    @Test
    void sourcingTheDotenvFormatSetsExactlyTheValuesAndRunsNothing() throws Exception {
        Path file = Files.writeString(tmp.resolve(".env"), EnvFormat.render("dotenv", HOSTILE));
        String out = bash("set -a; . " + file + "; printf '%s' \"$C_LINES|$B_QUOTE|$A_SUBST\"", "");
        assertThat(out).isEqualTo(HOSTILE.get("C_LINES") + "|" + HOSTILE.get("B_QUOTE") + "|" + HOSTILE.get("A_SUBST"));
        assertThat(Files.exists(tmp.resolve("pwned"))).isFalse();
    }

    /** $GITHUB_ENV as the Actions runner reads it: NAME=value lines, or NAME<<DELIMITER … DELIMITER. */
    private static Map<String, String> readGithubEnv(String text) {
        Map<String, String> vars = new TreeMap<>();
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            int heredoc = line.indexOf("<<");
            if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
                vars.put(line.substring(0, eq), line.substring(eq + 1));
                continue;
            }
            String name = line.substring(0, heredoc);
            String delimiter = line.substring(heredoc + 2);
            List<String> body = new ArrayList<>();
            for (i++; !lines.get(i).equals(delimiter); i++) {
                body.add(lines.get(i));
            }
            vars.put(name, String.join("\n", body));
        }
        return vars;
    }

    @Test
    void aGithubValueCannotCloseItsHeredocEarlyOrAddAVariable() {
        Map<String, String> read = readGithubEnv(EnvFormat.render("github", HOSTILE));
        assertThat(read).containsOnlyKeys(new TreeMap<>(HOSTILE).keySet());
        assertThat(read.get("D_DELIM")).isEqualTo(HOSTILE.get("D_DELIM"));
        assertThat(read.get("C_LINES")).isEqualTo(HOSTILE.get("C_LINES"));
    }
}
