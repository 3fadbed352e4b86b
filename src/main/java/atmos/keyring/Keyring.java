package atmos.keyring;

import java.util.List;
import java.util.Optional;

/**
 * A store of secret strings by key, after 99designs/keyring (the library the Go Atmos uses): get,
 * set, remove, list. Backends: the system store (Secret Service on Linux), an encrypted directory
 * of JWE files, process memory, and a no-op store for when nothing else is available.
 *
 * <p>Failures are {@link atmos.error.AtmosException}s with {@link atmos.error.ExitCode#KEYRING}; a key
 * that is absent is not a failure ({@link #get} returns empty, {@link #remove} does nothing). Values
 * are secrets: implementations never log or print them.
 */
public interface Keyring {

    /** What users see in whoami and validate: {@code system (Secret Service)}, {@code file (<dir>)} … */
    String describe();

    Optional<String> get(String key);

    /** Stores or replaces the value; on failure the previous value is left as it was. */
    void set(String key, String value);

    /** Removes the value; absent keys are ignored. */
    void remove(String key);

    /** Every key in the store (for the system store: those this tool created). */
    List<String> keys();

    /**
     * Makes the store ready to be written now: opens it, asks for its password, unlocks it. Logins call
     * this before any network call, so a locked or mistyped keyring fails before anything else happened.
     */
    default void unlock() {
    }

    /** Whether the key is present, without reading (or decrypting) its value. */
    default boolean contains(String key) {
        return keys().contains(key);
    }

    /** False for the no-op store used when no keyring is available: what is set there is lost. */
    default boolean keepsValues() {
        return true;
    }
}
