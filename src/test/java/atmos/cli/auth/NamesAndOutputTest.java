package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.testing.Cli;
import atmos.testing.RecordingProcessRunner;
import atmos.testing.TestHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names from atmos.yaml end up in shell output, AWS profile sections shared by every identity of a
 * provider, and keyring keys: a hostile or mistyped name must be refused, never passed through.
 */
class NamesAndOutputTest {
    @TempDir
    Path tmp;

    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();
    RecordingProcessRunner processes = new RecordingProcessRunner(0);

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp);
    }

    private Cli.Result atmos(String... args) {
        return Cli.with(host.build()).systemKeyring(keyring).processes(processes).run(args);
    }

    private static final String PROVIDER = """
            auth:
              providers:
                p: {kind: mock/aws, region: us-east-1}
              identities:
                good: {kind: mock/aws, via: {provider: p}}
            """;

    @Test
    void anIdentityNameWithANewlineCannotBreakTheProfilesOfTheOthers() throws Exception {
        host.write("atmos.yaml", PROVIDER + "    \"bad\\n[good]\\naws_access_key_id = EVIL\": {kind: mock/aws, via: {provider: p}}\n");
        Cli.Result validate = atmos("auth", "validate");
        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.err()).contains("atmos.yaml:6: auth.identities.bad\\n[good]\\naws_access_key_id = EVIL: invalid identity name:"
                + " the name contains a control character (\\n)");

        assertThat(atmos("auth", "login", "-i", "good").exitCode()).isZero();
        Cli.Result bad = atmos("auth", "login", "-i", "bad\n[good]\naws_access_key_id = EVIL");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(3);
        assertThat(bad.err().split("\n")).hasSize(2);

        // The AWS CLI still reads the good profile from the shared files.
        Path dir = host.home().resolve(".config/atmos");
        Path credentials;
        try (var walk = Files.walk(dir)) {
            credentials = walk.filter(f -> f.getFileName().toString().equals("credentials")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(credentials)).doesNotContain("EVIL").doesNotContain("bad");
        ProcessBuilder aws = new ProcessBuilder("aws", "configure", "get", "aws_access_key_id", "--profile", "good");
        aws.environment().put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
        aws.environment().put("AWS_CONFIG_FILE", credentials.resolveSibling("config").toString());
        Process p = aws.start();
        String key = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(key).isNotEmpty().isNotEqualTo("EVIL");
    }

    @Test
    void anEnvNameThatWouldRunACommandIsRefusedNotPrinted() {
        host.write("atmos.yaml", PROVIDER + """
                    me:
                      kind: mock/aws
                      via: {provider: p}
                      env:
                        - {key: "X=1; touch pwned; Y", value: v}
                """);
        for (String format : new String[]{"bash", "dotenv", "env", "json"}) {
            Cli.Result r = atmos("auth", "env", "-i", "me", "-f", format);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).startsWith("error: atmos.yaml:10: auth.identities.me.env[0].key: \"X=1; touch pwned; Y\" is not a valid environment variable name\n");
        }
        assertThat(atmos("auth", "env", "-i", "good").exitCode()).isZero();
    }

    @Test
    void aGlobalEnvNameThatIsNotAnIdentifierIsLeftOutOfCommandsWithAWarning() {
        host.write("atmos.yaml", "env:\n  \"BAD NAME\": x\n  GOOD: y\n" + PROVIDER);
        Cli.Result r = atmos("auth", "exec", "-i", "good", "--", "true");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(processes.last().env()).containsEntry("GOOD", "y").doesNotContainKey("BAD NAME");
        assertThat(r.err()).contains("env.BAD NAME is not set: not a valid environment variable name");
    }
}
