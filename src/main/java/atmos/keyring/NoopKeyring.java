package atmos.keyring;

import java.util.List;
import java.util.Optional;

/**
 * Used when the system keyring is unreachable (CI, containers): nothing is cached in a keyring, as the
 * Go Atmos does, and the credential files remain the only cache.
 */
public final class NoopKeyring implements Keyring {
    private final String why;

    public NoopKeyring(String why) {
        this.why = why;
    }

    @Override
    public String describe() {
        return "none (" + why + ")";
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.empty();
    }

    @Override
    public void set(String key, String value) {
        // nothing is kept
    }

    @Override
    public void remove(String key) {
        // nothing was kept
    }

    @Override
    public List<String> keys() {
        return List.of();
    }

    @Override
    public boolean keepsValues() {
        return false;
    }
}
