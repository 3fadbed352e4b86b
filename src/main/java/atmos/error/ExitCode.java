package atmos.error;

/**
 * Exit codes of the {@code atmos} command. Documented in the README; scripts rely on them, so a value
 * never changes meaning. {@code exec} and {@code shell} pass the child's own code through instead.
 */
public enum ExitCode {
    OK(0),
    /** A check failed: {@code auth validate} found problems, or a general failure. */
    FAILURE(1),
    /** The command line is wrong: unknown flag, missing argument, bad flag value. */
    USAGE(2),
    /** atmos.yaml (or a profile, import or fragment) cannot be found, read or parsed, or is invalid. */
    CONFIG(3),
    /** A provider or cloud refused the login, or credentials are missing and cannot be obtained. */
    AUTH(4),
    /** The credential store (keyring) cannot be opened, read or written. */
    KEYRING(5),
    /** {@code exec}: the command to run does not exist (as shells report it). */
    COMMAND_NOT_FOUND(127),
    /** The user interrupted (Ctrl-C) or a prompt was cancelled. */
    INTERRUPTED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
