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
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/** Entry point: builds the services from the real process, runs the command, exits with its code. */
public final class Main {
    private Main() {
    }

    /**
     * What differs between the real process and a test: the host, stdin, the machine-wide config
     * directory, the system keyring (null: the Secret Service on the session bus), the prompter (null:
     * the console), the process runner, and what runs the atmos commands of workflow steps (null: this
     * process, see {@code cli.NestedAtmos}).
     */
    public record Wiring(Host host, InputStream stdin, Path systemConfigDir, Function<Host, Optional<Keyring>> systemKeyring,
                         Prompter prompter, ProcessRunner processes, atmos.system.Browser browser, atmos.workflow.AtmosRunner atmos) {

        public Wiring(Host host, InputStream stdin, Path systemConfigDir, Function<Host, Optional<Keyring>> systemKeyring,
                      Prompter prompter, ProcessRunner processes, atmos.system.Browser browser) {
            this(host, stdin, systemConfigDir, systemKeyring, prompter, processes, browser, null);
        }
    }

    public static void main(String[] args) {
        // The home directory is $HOME as shells use it; without a usable one, commands that need it say so.
        Host host = Host.fromEnvironment(System.getenv(), Path.of("").toAbsolutePath(), Host.detectTerminals(), Clock.systemUTC());
        Wiring wiring = new Wiring(host, System.in, Path.of("/usr/local/etc/atmos"), null, null, new SystemProcessRunner(), null);
        int code = run(wiring, System.out, System.err, args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs one command line; the testable whole of the program. */
    public static int run(Wiring wiring, PrintStream out, PrintStream err, String... args) {
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        Log log = new Log(Level.WARN, errWriter, wiring.host().clock());
        // The OS store: the login Keychain on macOS (through /usr/bin/security), the Secret Service elsewhere.
        Function<Host, Optional<Keyring>> systemKeyring = wiring.systemKeyring() != null ? wiring.systemKeyring()
                : h -> atmos.keyring.MacKeychain.system().or(() -> SecretServiceKeyring.connect(h.env(), log).map(k -> k));
        Services services = new Services(wiring.host(), wiring.stdin(), KindRegistry.builtIn(), log, wiring.systemConfigDir(),
                systemKeyring, wiring.prompter(), wiring.processes(), wiring.browser(), wiring.atmos());
        try {
            return AtmosCommand.execute(services, outWriter, errWriter, args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }
}
