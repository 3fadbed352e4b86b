package atmos.cli;

import atmos.config.Names;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.log.Level;
import atmos.log.Log;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * The one place exceptions become output and exit codes: {@code error: …} and {@code hint: …} on
 * stderr; the stack trace only with --verbose or debug logging. Messages pass the log's secret mask.
 */
public final class CliErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    private final Log log;
    private final java.util.function.BooleanSupplier verbose;
    private atmos.ProfileSwitch pendingSwitch;

    /** The profile the user picked in the profile fallback, if the command stopped for one. */
    java.util.Optional<atmos.ProfileSwitch> pendingSwitch() {
        return java.util.Optional.ofNullable(pendingSwitch);
    }

    public CliErrors(Log log, java.util.function.BooleanSupplier verbose) {
        this.log = log;
        this.verbose = verbose;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (ex instanceof atmos.ProfileSwitch s) {
            pendingSwitch = s; // not an error: the command runs again with the profile (AtmosCommand.execute)
            return 0;
        }
        return report(cmd.getErr(), ex);
    }

    /** Prints the error and returns the exit code for it. */
    public int report(PrintWriter err, Throwable ex) {
        if (ex instanceof AtmosException ae && ae.isSilent()) {
            return ae.exitCode().code();
        }
        if (ex instanceof AtmosException ae) {
            // Messages quote names from atmos.yaml: control characters in them must not break the line or drive the terminal.
            err.println("error: " + Names.printable(log.mask(ae.getMessage())));
            if (ae.hint() != null && !ae.hint().isBlank()) {
                err.println("hint: " + Names.printable(log.mask(ae.hint())));
            }
            trace(err, ae);
            err.flush();
            return ae.exitCode().code();
        }
        if (ex instanceof CommandLine.ParameterException pe) {
            return usage(err, pe);
        }
        if (ex instanceof java.nio.file.InvalidPathException ip) {
            // A path from a flag, a variable or atmos.yaml that the OS cannot name (a NUL byte): the input's fault, not a bug.
            err.println("error: the path \"" + Names.printable(log.mask(ip.getInput())) + "\" is not valid: " + log.mask(ip.getReason()));
            err.println("hint: check the paths given on the command line, in ATMOS_* variables and in atmos.yaml");
            trace(err, ex);
            err.flush();
            return ExitCode.USAGE.code();
        }
        err.println("error: unexpected " + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + log.mask(ex.getMessage())));
        err.println("hint: run again with --verbose for details; this is a bug in atmos-java, please report it");
        trace(err, ex);
        err.flush();
        return ExitCode.FAILURE.code();
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        return usage(ex.getCommandLine().getErr(), ex);
    }

    private int usage(PrintWriter err, CommandLine.ParameterException ex) {
        err.println("error: " + log.mask(ex.getMessage()));
        String name = ex.getCommandLine().getCommandSpec().qualifiedName();
        String suggestion = "";
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            suggestion = "did you mean: " + String.join(", ", u.getSuggestions().stream().map(x -> name + " " + x).toList()) + "? ";
        }
        err.println("hint: " + suggestion + "see '" + name + " --help'");
        err.flush();
        return ExitCode.USAGE.code();
    }

    private void trace(PrintWriter err, Throwable ex) {
        if (verbose.getAsBoolean() || log.enabled(Level.DEBUG)) {
            StringWriter sw = new StringWriter();
            ex.printStackTrace(new PrintWriter(sw));
            err.print(log.mask(sw.toString()));
        }
    }
}
