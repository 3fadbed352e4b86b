package atmos.credentials;

import java.time.Instant;
import java.util.Optional;

/**
 * An identity provider password the user chose to remember (aws/saml), kept only in the keyring under
 * {@code <provider>#password}; long-lived, so removed only by {@code logout --keychain}.
 */
public record PasswordCredentials(String username, String password) implements Credentials {

    @Override
    public String type() {
        return "password";
    }

    @Override
    public Optional<Instant> expiration() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "PasswordCredentials[username=" + username + ", password=***]";
    }
}
