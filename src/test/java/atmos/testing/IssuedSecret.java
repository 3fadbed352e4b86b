package atmos.testing;

/**
 * A secret a fake handed out (a key, a token, an assertion, a password), for tests that search for it
 * where it must not be. {@code toString()} shows the label only, so a failing assertion never prints it.
 */
public record IssuedSecret(String label, String value) {
    @Override
    public String toString() {
        return label;
    }
}
