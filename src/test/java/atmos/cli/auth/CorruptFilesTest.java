package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.testing.Cli;
import atmos.testing.RecordingProcessRunner;
import atmos.testing.TestHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS shared files of a provider hold a section for each of its identities. A damaged file is a
 * cache miss with a warning naming it, and is replaced cleanly on the next write: it never blocks
 * an identity, and the sections that are still whole are kept.
 */
class CorruptFilesTest {
    @TempDir
    Path tmp;

    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();
    RecordingProcessRunner processes = new RecordingProcessRunner(0);

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp).env("ATMOS_AUTH_REALM", "acme");
        host.write("atmos.yaml", """
                auth:
                  providers:
                    p: {kind: mock/aws, region: us-east-1}
                  identities:
                    a: {kind: mock/aws, via: {provider: p}}
                    b: {kind: mock/aws, via: {provider: p}}
                """);
    }

    private Cli.Result atmos(String... args) {
        return Cli.with(host.build()).systemKeyring(keyring).processes(processes).run(args);
    }

    private Path credentials() {
        return host.home().resolve(".config/atmos/acme/aws/p/credentials");
    }

    /** What the AWS CLI reads from the shared files for a profile (the file must parse for it to work). */
    private String awsCli(String profile) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("aws", "configure", "get", "aws_access_key_id", "--profile", profile);
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", credentials().toString());
        pb.environment().put("AWS_CONFIG_FILE", credentials().resolveSibling("config").toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 ? out : "exit " + p.exitValue() + ": " + out;
    }

    private void loginBoth() {
        assertThat(atmos("auth", "login", "-i", "a").exitCode()).isZero();
        assertThat(atmos("auth", "login", "-i", "b").exitCode()).isZero();
    }

    private static final Map<String, byte[]> DAMAGE = Map.of(
            "binary", new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80, '\n', '[', 'a', ']'},
            "garbage text", "this is not an ini file\n{\"json\": true}\n".getBytes(StandardCharsets.UTF_8),
            "keys before any section", "aws_access_key_id = STRAY\n".getBytes(StandardCharsets.UTF_8));

    @Test
    void aDamagedFileIsACacheMissWithAWarningAndIsReplacedOnTheNextWrite() throws Exception {
        loginBoth();
        for (Map.Entry<String, byte[]> damage : DAMAGE.entrySet()) {
            Files.write(credentials(), damage.getValue());

            for (List<String> cmd : List.of(List.of("auth", "whoami", "-i", "a"), List.of("auth", "env", "-i", "b"),
                    List.of("auth", "login", "-i", "a"), List.of("auth", "exec", "-i", "b", "--", "true"))) {
                Files.write(credentials(), damage.getValue());
                Cli.Result r = atmos(cmd.toArray(String[]::new));
                assertThat(r.exitCode()).as(damage.getKey() + " " + cmd + "\n" + r).isZero();
                assertThat(r.err()).as(damage.getKey() + " " + cmd).contains("credentials").contains("damaged")
                        .doesNotContain("check its permissions");
            }
            // The last command rewrote the file: both profiles read cleanly again once each is used.
            assertThat(atmos("auth", "env", "-i", "a").exitCode()).isZero();
            assertThat(awsCli("a")).as(damage.getKey()).startsWith("MOCK");
            assertThat(awsCli("b")).as(damage.getKey()).startsWith("MOCK");
            assertThat(Files.readString(credentials())).doesNotContain("STRAY").doesNotContain("json");
        }
    }

    @Test
    void whenOneSectionIsDamagedTheOthersAreKept() throws Exception {
        loginBoth();
        String aKey = awsCli("a");
        assertThat(aKey).startsWith("MOCK");
        String whole = Files.readString(credentials());
        // Cut the file in the middle of b's section, as an interrupted writer or a full disk would.
        int b = whole.indexOf("[b]");
        Files.writeString(credentials(), whole.substring(0, whole.indexOf("aws_secret_access_key", b) + 7));
        assertThat(awsCli("a")).as("the cut file breaks the AWS CLI for every profile").startsWith("exit ");

        Cli.Result r = atmos("auth", "env", "-i", "b");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("damaged").contains("only its readable profiles are used");
        assertThat(awsCli("a")).isEqualTo(aKey);
        assertThat(awsCli("b")).startsWith("MOCK");
    }

    @Test
    void aHugeCredentialsFileIsTreatedAsDamagedWithoutReadingIt() throws Exception {
        loginBoth();
        try (var f = new java.io.RandomAccessFile(credentials().toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        Cli.Result r = atmos("auth", "whoami", "-i", "a");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("damaged").contains("3.0 GiB");
        assertThat(atmos("auth", "login", "-i", "a").exitCode()).isZero();
        assertThat(Files.size(credentials())).isLessThan(1 << 20);
    }
}
