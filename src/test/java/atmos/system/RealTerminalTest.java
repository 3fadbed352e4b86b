package atmos.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import atmos.testing.AtmosProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prompts on a real terminal: atmos runs inside tmux (a private server started and stopped by the
 * test) and is answered with keystrokes, as a person would.
 */
class RealTerminalTest {
    @TempDir
    Path tmp;

    String socket = "atmos-test-" + UUID.randomUUID();
    Path work;

    @BeforeEach
    void setUp() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        if (!Files.isExecutable(Path.of("/usr/bin/tmux"))) {
            if (ci) {
                throw new AssertionError("CI=true but tmux is missing: the test command installs it");
            }
            assumeTrue(false, "tmux is not installed");
        }
        work = Files.createDirectories(tmp.resolve("work"));
        Files.createDirectories(tmp.resolve("home"));
        Files.writeString(work.resolve("atmos.yaml"), """
                auth:
                  realm: tty
                  providers:
                    demo: {kind: mock/aws, region: us-east-1}
                  identities:
                    alpha: {kind: mock/aws, default: true, via: {provider: demo}}
                    beta: {kind: mock/aws, default: true, via: {provider: demo}}
                    plain: {kind: mock, via: {provider: demo}}
                """);
    }

    @AfterEach
    void tearDown() throws Exception {
        tmux("kill-server");
    }

    private String run(String... args) throws Exception {
        Process p = new ProcessBuilder(tmuxCommand(args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private List<String> tmuxCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void tmux(String... args) throws Exception {
        run(args);
    }

    /** Starts atmos in a new tmux session with a clean environment; prints EXIT=<code> when it ends. */
    private void start(String env, String... atmosArgs) throws Exception {
        String cmd = AtmosProcess.command(atmosArgs).stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        String shell = "cd '" + work + "' && env -i HOME='" + tmp.resolve("home") + "' PATH=/usr/bin:/bin TERM=xterm-256color " + env + " "
                + cmd + "; echo EXIT=$?; sleep 60";
        tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "30", "sh", "-c", shell);
    }

    private String pane() throws Exception {
        return run("capture-pane", "-p", "-t", "t");
    }

    private String waitFor(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = pane();
            if (screen.contains(text)) {
                return screen;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("\"" + text + "\" never appeared; the terminal shows:\n" + screen);
    }

    @Test
    void severalDefaultsOpenAnArrowKeyPicker() throws Exception {
        start("ATMOS_KEYRING_TYPE=memory", "auth", "login");
        String screen = waitFor("Multiple default identities found");
        assertThat(screen).contains("alpha").contains("beta");
        tmux("send-keys", "-t", "t", "Down");
        Thread.sleep(300);
        tmux("send-keys", "-t", "t", "Enter");
        screen = waitFor("EXIT=");
        assertThat(screen).contains("Selected identity: beta").contains("Authentication successful").contains("EXIT=0");
    }

    @Test
    void theKeyringPasswordIsAskedWithoutEchoingIt() throws Exception {
        start("ATMOS_KEYRING_TYPE=file", "auth", "login", "-i", "plain");
        waitFor("Password for the atmos keyring");
        tmux("send-keys", "-t", "t", "-l", "sw0rdfish-long-enough");
        tmux("send-keys", "-t", "t", "Enter");
        String screen = waitFor("EXIT=");
        assertThat(screen).contains("Authentication successful").contains("EXIT=0").doesNotContain("sw0rdfish");
        assertThat(Files.exists(tmp.resolve("home/.local/share/atmos/keyring/atmos_tty_plain"))).isTrue();
    }
}
