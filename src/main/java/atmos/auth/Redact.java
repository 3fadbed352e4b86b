package atmos.auth;

/** Safe forms of identifiers for messages: never a secret, and only enough of a key id to recognise it. */
public final class Redact {
    private Redact() {
    }

    /** {@code AKIA…WXYZ}: access key ids are not secret, but showing only the ends keeps logs tidy. */
    public static String keyId(String id) {
        if (id == null || id.length() < 8) {
            return "****";
        }
        return id.substring(0, 4) + "…" + id.substring(id.length() - 4);
    }
}
