package atmos.error;

/**
 * The one exception type of the tool: a message for the user, an optional hint on what to do next,
 * and the process exit code. {@code CliErrors} turns it into two lines on stderr; the stack trace is
 * shown only with {@code --verbose} or debug logging.
 *
 * <p>Messages must never carry a secret: they are printed and logged as they are.
 */
public final class AtmosException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;
    private final String hint;
    private final boolean silent;
    private final boolean inputNeeded;

    public AtmosException(ExitCode exitCode, String message, String hint) {
        this(exitCode, message, hint, null);
    }

    public AtmosException(ExitCode exitCode, String message, String hint, Throwable cause) {
        this(exitCode, message, hint, cause, false);
    }

    private AtmosException(ExitCode exitCode, String message, String hint, Throwable cause, boolean silent) {
        this(exitCode, message, hint, cause, silent, false);
    }

    private AtmosException(ExitCode exitCode, String message, String hint, Throwable cause, boolean silent, boolean inputNeeded) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
        this.silent = silent;
        this.inputNeeded = inputNeeded;
    }

    /**
     * A prompt had no one to answer it (no terminal, stdin closed). Callers that know which command
     * would have let the user answer it (a login before Terraform runs) replace the hint with that command.
     */
    public static AtmosException inputNeeded(String prompt) {
        return new AtmosException(ExitCode.USAGE, "input needed but standard input is closed (" + prompt + ")",
                "run the command in a terminal, or pipe the answer on standard input", null, false, true);
    }

    public boolean isInputNeeded() {
        return inputNeeded;
    }

    /** An exit code without a message: the command has already told the user what went wrong. */
    public static AtmosException silent(ExitCode exitCode) {
        return new AtmosException(exitCode, "(reported above)", null, null, true);
    }

    public boolean isSilent() {
        return silent;
    }

    public static AtmosException usage(String message, String hint) {
        return new AtmosException(ExitCode.USAGE, message, hint);
    }

    public static AtmosException config(String message, String hint) {
        return new AtmosException(ExitCode.CONFIG, message, hint);
    }

    public static AtmosException auth(String message, String hint) {
        return new AtmosException(ExitCode.AUTH, message, hint);
    }

    public static AtmosException auth(String message, String hint, Throwable cause) {
        return new AtmosException(ExitCode.AUTH, message, hint, cause);
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** What the user can do about it, or null when there is nothing useful to add. */
    public String hint() {
        return hint;
    }
}
