package atmos.auth;

import atmos.config.Realm;
import atmos.keyring.Keyring;
import atmos.log.Log;
import java.util.Optional;

/**
 * Typed credentials over a {@link Keyring}, under Atmos's keys: {@code atmos_<realm>_<alias>} (or
 * {@code atmos_<alias>} without a realm), so two projects never share an entry and the Go Atmos
 * finds what this tool stored.
 */
public final class CredentialStore {
    private final Keyring keyring;
    private final String realm;
    private final Log log;

    public CredentialStore(Keyring keyring, Realm realm, Log log) {
        this.keyring = keyring;
        this.realm = realm == null ? "" : realm.value();
        this.log = log;
    }

    public Keyring keyring() {
        return keyring;
    }

    /** The keyring key for an identity or provider name. */
    public String key(String alias) {
        return realm.isEmpty() ? "atmos_" + alias : "atmos_" + realm + "_" + alias;
    }

    /** Stored credentials, or empty when absent, of a type this tool does not use, or unreadable (logged). */
    public Optional<Credentials> get(String alias) {
        Optional<String> raw = keyring.get(key(alias));
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return CredentialCodec.decode(raw.get());
        } catch (IllegalArgumentException e) {
            log.warn("ignoring unreadable keyring entry", "key", key(alias), "reason", e.getMessage());
            return Optional.empty();
        }
    }

    public void put(String alias, Credentials credentials) {
        keyring.set(key(alias), CredentialCodec.encode(credentials));
    }

    public void remove(String alias) {
        keyring.remove(key(alias));
    }

    public String describe() {
        return keyring.describe();
    }
}
