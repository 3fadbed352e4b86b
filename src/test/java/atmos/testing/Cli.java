package atmos.testing;

import atmos.Main;
import atmos.exec.ProcessRunner;
import atmos.keyring.Keyring;
import atmos.system.Host;
import atmos.system.Prompter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs the whole program in-process, as a user would from a shell, capturing stdout and stderr. The
 * system keyring, prompter and process runner can be replaced by fakes.
 */
public final class Cli {
    private Host host;
    private String stdin = "";
    private Keyring systemKeyring;
    private boolean realSystemKeyring;
    private Prompter prompter;
    private ProcessRunner processes = (cmd, env, dir) -> {
        throw new AssertionError("no process runner given to the test, but the command tried to run " + cmd);
    };

    private Cli(Host host) {
        this.host = host;
    }

    public static Cli with(Host host) {
        return new Cli(host);
    }

    public Cli stdin(String text) {
        this.stdin = text;
        return this;
    }

    /** The store "atmos" finds as the system keyring; without one, the system keyring is unavailable. */
    public Cli systemKeyring(Keyring keyring) {
        this.systemKeyring = keyring;
        return this;
    }

    /** Uses the real Secret Service connector (for tests that run a sandboxed gnome-keyring). */
    public Cli useRealSystemKeyring() {
        this.realSystemKeyring = true;
        return this;
    }

    private atmos.system.Browser browser = new atmos.system.Browser() {
        public boolean available() {
            return false;
        }

        public boolean open(java.net.URI url) {
            return false;
        }
    };

    /** The browser "atmos" opens URLs in (default: none available). */
    public Cli browser(atmos.system.Browser b) {
        this.browser = b;
        return this;
    }

    public Cli prompter(Prompter p) {
        this.prompter = p;
        return this;
    }

    public Cli processes(ProcessRunner p) {
        this.processes = p;
        return this;
    }

    private atmos.workflow.AtmosRunner atmos;

    /** What runs the atmos commands of workflow steps (default: the real one, in this process). */
    public Cli atmos(atmos.workflow.AtmosRunner runner) {
        this.atmos = runner;
        return this;
    }

    public Cli host(Host h) {
        this.host = h;
        return this;
    }

    private atmos.snapshot.Snapshots.Policy snapshots;

    /** Snapshots as the real process uses them (answered and recorded); default: none, as before they existed. */
    public Cli snapshots(atmos.snapshot.Snapshots.Policy policy) {
        this.snapshots = policy;
        return this;
    }

    /** What one run printed and returned. */
    public record Result(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Keyring sys = systemKeyring;
        Main.Wiring wiring = new Main.Wiring(host, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                Path.of("/nonexistent/system-config"), realSystemKeyring ? null : h -> Optional.ofNullable(sys), prompter, processes, browser, atmos,
                snapshots);
        int code = Main.run(wiring, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static Result run(Host host, String... args) {
        return with(host).run(args);
    }
}
