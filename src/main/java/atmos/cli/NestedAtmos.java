package atmos.cli;

import atmos.AuthSessions;
import atmos.Services;
import atmos.log.Level;
import atmos.log.Log;
import atmos.system.Host;
import atmos.workflow.AtmosRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The real {@link AtmosRunner}: a workflow step's atmos command runs in this process, as
 * {@link AtmosCommand#execute} with a host carrying the step's environment and directory — no second
 * JVM. Like a child process it has its own configuration load, options and log level; unlike one, it
 * shares this run's keyring and prompter, so the sessions the workflow logged in are reused and a file
 * keyring's password is asked once.
 */
final class NestedAtmos implements AtmosRunner {
    private final Services services;
    private final PrintWriter out;
    private final PrintWriter err;
    private final AuthSessions outer;

    NestedAtmos(Services services, PrintWriter out, PrintWriter err, AuthSessions outer) {
        this.services = services;
        this.out = out;
        this.err = err;
        this.outer = outer;
    }

    @Override
    public int run(List<String> args, Map<String, String> env, Path cwd) {
        Host h = services.host();
        Host nested = new Host(env, cwd, h.home(), h.terminals(), h.clock());
        Log log = new Log(Level.WARN, err, h.clock());
        out.flush();
        err.flush();
        try {
            return AtmosCommand.execute(services.nested(nested, log), out, err, outer, args.toArray(String[]::new));
        } finally {
            out.flush();
            err.flush();
        }
    }
}
