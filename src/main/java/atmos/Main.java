package atmos;

import atmos.auth.KindRegistry;
import atmos.cli.AtmosCommand;
import atmos.log.Level;
import atmos.log.Log;
import atmos.system.Host;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/** Entry point: builds the services from the real process, runs the command, exits with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Host host = new Host(System.getenv(), Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")),
                Host.detectTerminals(), Clock.systemUTC());
        int code = run(System.in, System.out, System.err, host, Path.of("/usr/local/etc/atmos"), args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs one command line; the testable whole of the program. */
    public static int run(InputStream in, PrintStream out, PrintStream err, Host host, Path systemConfigDir, String... args) {
        PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        Log log = new Log(Level.WARN, errWriter, host.clock());
        Services services = new Services(host, in, KindRegistry.builtIn(), log, systemConfigDir);
        try {
            return AtmosCommand.execute(services, outWriter, errWriter, args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }
}
