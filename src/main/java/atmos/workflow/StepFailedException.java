package atmos.workflow;

/**
 * A step of a workflow or custom command ended with a non-zero exit code. Carries that code (atmos
 * exits with it, as a shell would) and what to do next (how to resume). The step has already printed
 * its own output; the message says which step and command failed.
 */
public final class StepFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String hint;

    public StepFailedException(int exitCode, String message, String hint) {
        super(message);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    public int exitCode() {
        return exitCode;
    }

    public String hint() {
        return hint;
    }
}
