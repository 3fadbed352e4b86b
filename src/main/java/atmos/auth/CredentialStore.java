package atmos.auth;

import atmos.config.Realm;
import atmos.credentials.CredentialCodec;
import atmos.credentials.Credentials;
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
    private final String legacyRealm;
    private final Log log;

    public CredentialStore(Keyring keyring, Realm realm, Log log) {
        this.keyring = keyring;
        this.realm = realm == null ? "" : realm.value();
        this.legacyRealm = realm == null || !this.realm.isEmpty() ? "" : realm.legacy();
        this.log = log;
    }

    public Keyring keyring() {
        return keyring;
    }

    /** The keyring key for an identity or provider name. */
    public String key(String alias) {
        return realm.isEmpty() ? "atmos_" + alias : "atmos_" + realm + "_" + alias;
    }

    /**
     * The key earlier atmos-java versions used when no realm was set ({@code atmos_<hash>_<alias>}), or
     * empty when there is none to look for.
     */
    public Optional<String> legacyKey(String alias) {
        return legacyRealm.isEmpty() ? Optional.empty() : Optional.of("atmos_" + legacyRealm + "_" + alias);
    }

    /** Stored credentials, or empty when absent, of a type this tool does not use, or unreadable (logged). */
    public Optional<String> raw(String alias) {
        Optional<String> raw = keyring.get(key(alias));
        Optional<String> legacy = legacyKey(alias);
        if (raw.isEmpty() && legacy.isPresent()) {
            raw = keyring.get(legacy.get());
            if (raw.isPresent()) {
                moveLegacyEntries();
            }
        }
        return raw;
    }

    /**
     * Found once under an old key: every entry of the old realm moves to the Go Atmos's key (an entry
     * already there wins), so both tools share them from now on.
     */
    private void moveLegacyEntries() {
        String prefix = "atmos_" + legacyRealm + "_";
        int moved = 0;
        for (String old : keyring.keys()) {
            if (!old.startsWith(prefix)) {
                continue;
            }
            String now = "atmos_" + old.substring(prefix.length());
            Optional<String> value = keyring.get(old);
            if (value.isPresent() && !keyring.contains(now)) {
                keyring.set(now, value.get());
            }
            keyring.remove(old);
            moved++;
        }
        log.info("moved " + moved + " keyring entries of the old realm " + legacyRealm + " to the keys the Go Atmos uses (atmos_<name>)");
    }

    /** Stored credentials, or empty when absent, of a type this tool does not use, or unreadable (logged). */
    public Optional<Credentials> get(String alias) {
        Optional<String> raw = raw(alias);
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

    /** Whether an entry exists for the alias (under its key or the legacy one), without reading it. */
    public boolean contains(String alias) {
        return keyring.contains(key(alias)) || legacyKey(alias).map(keyring::contains).orElse(false);
    }

    /** Removes the entry, and the legacy one if any (else the next read would bring it back). */
    public void remove(String alias) {
        keyring.remove(key(alias));
        legacyKey(alias).ifPresent(keyring::remove);
    }

    public String describe() {
        return keyring.describe();
    }
}
