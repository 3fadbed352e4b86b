package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.system.Host;
import atmos.testing.Cli;
import atmos.testing.RecordingProcessRunner;
import atmos.testing.TestHost;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled example's demo profile: the whole flow with the mock kinds and no cloud. */
class DemoFlowTest {
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

    private Cli.Result atmos(String... args) {
        return Cli.with(host.build()).systemKeyring(keyring).processes(processes).run(args);
    }

    @Test
    void loginWhoamiEnvExecListAndLogoutWorkWithNoCloud() {
        Cli.Result login = atmos("auth", "login");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.err()).contains("✓ Authentication successful!").contains("demo-sso → demo/admin");

        Cli.Result whoami = atmos("auth", "whoami");
        assertThat(whoami.exitCode()).isZero();
        assertThat(whoami.err()).contains("Identity      demo/admin").contains("Principal     arn:aws:iam::123456789012:user/mock-user");

        Cli.Result env = atmos("auth", "env", "-i", "demo/readonly", "-f", "dotenv");
        assertThat(env.exitCode()).isZero();
        assertThat(env.out()).contains("AWS_PROFILE=demo/readonly\n").contains("AWS_REGION=us-west-2\n").contains("DEMO_READONLY=true\n");

        assertThat(atmos("auth", "exec", "--", "terraform", "plan").exitCode()).isZero();
        assertThat(processes.last().env()).containsEntry("AWS_PROFILE", "demo/admin");
        assertThat(atmos("auth", "exec", "-i", "demo/readonly", "aws", "s3", "ls", "--recursive", "-h").exitCode()).isZero();
        assertThat(processes.last().command()).containsExactly("aws", "s3", "ls", "--recursive", "-h");
        assertThat(processes.last().env()).containsEntry("AWS_PROFILE", "demo/readonly");

        host.terminals(new Host.Terminals(false, true, false)).env("NO_COLOR", "1");
        Cli.Result list = atmos("auth", "list", "--identities");
        assertThat(list.out()).containsPattern("●\\s+demo/admin\\s+mock/aws").containsPattern("●\\s+demo/readonly");

        Cli.Result logout = atmos("auth", "logout", "--provider", "demo-sso");
        assertThat(logout.exitCode()).as(logout.toString()).isZero();
        assertThat(atmos("auth", "whoami").exitCode()).isEqualTo(4);
    }

    @Test
    void shellMarksTheEnvironmentAndNestsWithAWarningUpToTenDeep() {
        Cli.Result r = Cli.with(host.env("SHELL", "/bin/zsh").build()).systemKeyring(keyring).processes(processes).run("auth", "shell");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(processes.last().command()).containsExactly("/bin/zsh", "-l");
        assertThat(processes.last().env()).containsEntry("ATMOS_IDENTITY", "demo/admin").containsEntry("ATMOS_SHLVL", "1")
                .containsEntry("AWS_PROFILE", "demo/admin");
        assertThat(r.err()).contains("→ Entering Atmos shell with identity: demo/admin (demo-sso)").contains("← Exited Atmos shell");

        host.env("ATMOS_SHLVL", "1");
        Cli.Result nested = atmos("auth", "shell", "--shell", "/bin/sh", "--", "-c", "true");
        assertThat(nested.exitCode()).isZero();
        assertThat(nested.err()).contains("nested atmos shell: depth 2");
        assertThat(processes.last().command()).containsExactly("/bin/sh", "-c", "true");
        assertThat(processes.last().env()).containsEntry("ATMOS_SHLVL", "2");
        host.env("ATMOS_SHLVL", "10");
        Cli.Result tooDeep = atmos("auth", "shell");
        assertThat(tooDeep.exitCode()).isEqualTo(2);
        assertThat(tooDeep.err()).contains("ATMOS_SHLVL exceeds maximum allowed depth (current=11, max=10)");
    }

    @Test
    void loginIsANoOpWhileTheSessionIsFreshUnlessForced() {
        assertThat(atmos("auth", "login").exitCode()).isZero();
        assertThat(atmos("auth", "login").err()).contains("Already logged in as demo/admin").contains("--force");
        assertThat(atmos("auth", "login", "--force").err()).contains("Authentication successful");
        assertThat(atmos("auth", "login", "--provider", "demo-sso").err()).contains("Already logged in to provider demo-sso");
    }
}
