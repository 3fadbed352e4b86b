package atmos.testing;

/** An STS error raised inside the fake; carries no stack trace and never any secret. */
final class StsFault extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final StsError error;

    StsFault(int status, String code, String message) {
        super(code, null, false, false);
        this.error = new StsError(status, code, message);
    }

    StsFault(StsError error) {
        super(error.code(), null, false, false);
        this.error = error;
    }
}
