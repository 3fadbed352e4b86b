package atmos.keyring;

import java.nio.file.Path;

/**
 * Supplies the password of a {@link FileKeyring}, after 99designs/keyring's {@code FilePasswordFunc}:
 * typically from {@code ATMOS_KEYRING_PASSWORD} (or the variable named by
 * {@code ATMOS_KEYRING_PASSWORD_ENV}), else from a prompt on a terminal.
 *
 * <p>The keyring asks lazily, at most once per instance: on the first {@code set}, or on the first
 * {@code get} of an item that exists. Reading a missing key, removing and listing never ask.
 *
 * <p>The returned array belongs to the caller of this method, which clears it once it has used it;
 * implementations must return a fresh copy each time. A source that cannot obtain a password throws
 * an {@link atmos.error.AtmosException} saying how to provide one.
 */
@FunctionalInterface
public interface PasswordSource {

    /**
     * @param dir the keyring directory, for the prompt ({@code Enter passphrase to unlock "<dir>"})
     * @return the password; never null or empty
     */
    char[] password(Path dir);
}
