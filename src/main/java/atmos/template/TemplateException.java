package atmos.template;

/**
 * A template failed to parse or to execute. The message is Go's, word for word where the engine knows
 * it: {@code template: NAME:LINE: …} for parse errors, {@code template: NAME:LINE:COL: executing "NAME"
 * at <NODE>: …} for execution errors. When a function failed, its exception is the cause.
 */
public final class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
