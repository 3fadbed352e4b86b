package atmos;

import atmos.auth.KindRegistry;
import atmos.cli.AtmosCommand;
import atmos.exec.ProcessRunner;
import atmos.exec.SystemProcessRunner;
import atmos.keyring.Keyring;
import atmos.keyring.SecretServiceKeyring;
import atmos.log.Level;
import atmos.log.Log;
import atmos.system.Host;
import atmos.system.Prompter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/** Entry point: builds the services from the real process, runs the command, exits with its code. */
public final class Main {
    private Main() {
    }

    /**
     * What differs between the real process and a test: the host, stdin, the machine-wide config
     * directory, the system keyring (null: the Secret Service on the session bus), the prompter (null:
     * the console), the process runner, what runs the atmos commands of workflow steps (null: this
     * process, see {@code cli.NestedAtmos}), and how snapshots answer the cached path (null: not at all,
     * the default for tests; the real process uses {@link atmos.snapshot.Snapshots.Policy#DEFAULT}).
     */
    public record Wiring(Host host, InputStream stdin, Path systemConfigDir, Function<Host, Optional<Keyring>> systemKeyring,
                         Prompter prompter, ProcessRunner processes, atmos.system.Browser browser, atmos.workflow.AtmosRunner atmos,
                         atmos.snapshot.Snapshots.Policy snapshots) {

        public Wiring(Host host, InputStream stdin, Path systemConfigDir, Function<Host, Optional<Keyring>> systemKeyring,
                      Prompter prompter, ProcessRunner processes, atmos.system.Browser browser, atmos.workflow.AtmosRunner atmos) {
            this(host, stdin, systemConfigDir, systemKeyring, prompter, processes, browser, atmos, null);
        }

        public Wiring(Host host, InputStream stdin, Path systemConfigDir, Function<Host, Optional<Keyring>> systemKeyring,
                      Prompter prompter, ProcessRunner processes, atmos.system.Browser browser) {
            this(host, stdin, systemConfigDir, systemKeyring, prompter, processes, browser, null);
        }
    }

    public static void main(String[] args) {
        // The home directory is $HOME as shells use it; without a usable one, commands that need it say so.
        Host host = Host.fromEnvironment(System.getenv(), Path.of("").toAbsolutePath(), Host.detectTerminals(), atmos.system.UtcClock.INSTANCE);
        if (args.length > 0 && args[0].equals(atmos.snapshot.Training.COMMAND)) {
            System.exit(atmos.snapshot.Training.run(host, args)); // the launcher trains the cached path's start-up cache
        }
        String handoff = System.getProperty(atmos.snapshot.FastPath.HANDOFF);
        if (handoff != null && handoff.equals("done")) {
            handoff = null; // the launcher's second JVM after a miss: straight to the normal path, which records
        } else if (atmos.snapshot.FastPath.candidate(args) && atmos.snapshot.FastPath.enabled(host.env())) {
            Path to = handoff == null || handoff.isEmpty() ? null : Path.of(handoff);
            int code = atmos.snapshot.FastPath.run(host, new SystemProcessRunner(), System.out, args, to);
            if (code == atmos.snapshot.FastPath.MISS && to != null && atmos.snapshot.FastPath.handMiss(to)) {
                code = 0; // the launcher runs the normal path in a JVM started for it (see bin/atmos)
            }
            if (code != atmos.snapshot.FastPath.MISS) {
                // Answered from the snapshot: nothing else ran, so nothing else needs shutting down (System.exit
                // would set up the platform logger to log the exit, for nothing).
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(code);
            }
        }
        Wiring wiring = new Wiring(host, System.in, Path.of("/usr/local/etc/atmos"), null, null, new SystemProcessRunner(), null, null,
                atmos.snapshot.Snapshots.Policy.RECORD_ONLY);
        int code = run(wiring, System.out, System.err, args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs one command line; the testable whole of the program. */
    public static int run(Wiring wiring, PrintStream out, PrintStream err, String... args) {
        Host host = wiring.host();
        long[] errBytes = {0};
        OutputStream errStream = err;
        if (wiring.snapshots() != null && atmos.snapshot.FastPath.candidate(args) && atmos.snapshot.FastPath.enabled(host.env())) {
            // The cached path: answered from a snapshot before anything else is loaded, else recorded for next time.
            int code = wiring.snapshots().answer() ? atmos.snapshot.FastPath.run(host, wiring.processes(), out, args) : atmos.snapshot.FastPath.MISS;
            if (code != atmos.snapshot.FastPath.MISS) {
                return code;
            }
            errStream = new FilterOutputStream(err) {
                @Override
                public void write(int b) throws IOException {
                    errBytes[0]++;
                    this.out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    errBytes[0] += len;
                    this.out.write(b, off, len);
                }
            };
            host = atmos.snapshot.Recorder.start(host, args, () -> errBytes[0], wiring.snapshots().racyWindow());
        }
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(errStream, StandardCharsets.UTF_8), true);
        Log log = new Log(Level.WARN, errWriter, host.clock());
        // The OS store: the login Keychain on macOS (through /usr/bin/security), the Secret Service elsewhere.
        Function<Host, Optional<Keyring>> systemKeyring = wiring.systemKeyring() != null ? wiring.systemKeyring()
                : h -> atmos.keyring.MacKeychain.system().or(() -> SecretServiceKeyring.connect(h.env(), log).map(k -> k));
        Services services = new Services(host, wiring.stdin(), KindRegistry.builtIn(), log, wiring.systemConfigDir(),
                systemKeyring, wiring.prompter(), wiring.processes(), wiring.browser(), wiring.atmos());
        try {
            return AtmosCommand.execute(services, outWriter, errWriter, args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }
}
