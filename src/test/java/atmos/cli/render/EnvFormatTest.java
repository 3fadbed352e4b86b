package atmos.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
