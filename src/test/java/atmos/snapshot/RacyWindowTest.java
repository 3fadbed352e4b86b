package atmos.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.testing.Acme;
import atmos.testing.Cli;
import atmos.testing.TestHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file changed twice within one tick of the file system's clock keeps the same times (and maybe size):
 * a snapshot taken between the two changes would look valid after the second. So, as git does for its
 * index, nothing is saved while an input changed within the racy window before the run.
 */
class RacyWindowTest {
    @TempDir
    Path tmp;

    @Test
    void aConfigurationChangedJustBeforeTheRunIsNotSnapshottedUntilItHasSettled() throws IOException, InterruptedException {
        Path repo = Acme.copyTo(tmp.resolve("acme"));
        TestHost host = new TestHost(tmp).cwd(repo).env("ATMOS_PROFILE", "demo");
        MemoryKeyring keyring = new MemoryKeyring();
        Cli cli = Cli.with(host.build()).systemKeyring(keyring).snapshots(Snapshots.Policy.DEFAULT);
        assertThat(cli.run("auth", "login").exitCode()).isZero();
        Files.writeString(repo.resolve("atmos.yaml"), "\n# edited\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(cli.run("auth", "env").exitCode()).isZero();
        Path file = Recorder.fileFor(host.build(), "auth", "env");
        assertThat(file == null || !Files.exists(file)).as("atmos.yaml was edited an instant ago").isTrue();
        Thread.sleep(Recorder.RACY_WINDOW.toMillis() + 200); // waiting for the window to pass, not timing anything
        assertThat(cli.run("auth", "env").exitCode()).isZero();
        assertThat(Recorder.fileFor(host.build(), "auth", "env")).exists();
    }
}
