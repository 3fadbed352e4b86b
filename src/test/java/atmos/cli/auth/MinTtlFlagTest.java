package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.testing.Cli;
import atmos.testing.RecordingProcessRunner;
import atmos.testing.TestHost;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --min-ttl} on login, env, exec, shell and terraform, on the demo profile's hour-long mock sessions. */
class MinTtlFlagTest {
    @TempDir
    Path tmp;

    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();
    RecordingProcessRunner processes = new RecordingProcessRunner(0);

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp).cwd(Path.of(System.getProperty("atmos.project.dir", ".")).resolve("examples/acme").toAbsolutePath())
                .env("ATMOS_PROFILE", "demo");
    }

    Cli.Result atmos(String... args) {
        return Cli.with(host.build()).systemKeyring(keyring).processes(processes).run(args);
    }

    @Test
    void aSessionThatWouldExpireSoonerIsRenewedFirstAndOneThatLastsIsKept() {
        assertThat(atmos("auth", "login").exitCode()).isZero();
        Cli.Result kept = atmos("auth", "login", "--min-ttl", "30m");
        assertThat(kept.err()).contains("Already logged in");
        Cli.Result renewed = atmos("auth", "login", "--min-ttl", "2h");
        assertThat(renewed.exitCode()).as(renewed.toString()).isZero();
        assertThat(renewed.err()).contains("Authentication successful").contains("sooner than --min-ttl 2h");
    }

    @Test
    void everyCommandThatUsesTheCredentialsTakesIt() {
        atmos("auth", "login");
        for (String[] line : new String[][] {{"auth", "env", "--min-ttl", "2h"}, {"auth", "exec", "--min-ttl", "2h", "--", "true"},
                {"auth", "shell", "--min-ttl", "2h"}, {"terraform", "plan", "vpc", "-s", "plat-ue2-dev", "--min-ttl", "2h", "--skip-init"}}) {
            Cli.Result r = atmos(line);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.err()).as(String.join(" ", line)).contains("sooner than --min-ttl 2h");
        }
        host.env("ATMOS_AUTH_MIN_TTL", "2h");
        assertThat(atmos("auth", "exec", "--", "true").err()).contains("sooner than --min-ttl 2h");
    }

    @Test
    void aDurationThatIsNotOneIsAUsageError() {
        Cli.Result r = atmos("auth", "exec", "--min-ttl", "soon", "--", "true");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("invalid --min-ttl \"soon\"");
        host.env("ATMOS_AUTH_MIN_TTL", "-5m");
        assertThat(atmos("auth", "env").exitCode()).isEqualTo(2);
    }
}
