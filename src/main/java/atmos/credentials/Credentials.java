package atmos.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Credentials produced by one step of a chain. A closed set: each kind is stored in the keyring as the
 * JSON envelope {@code {"type": …, "data": {…}}} Atmos uses, and {@code toString} never shows a secret.
 */
public sealed interface Credentials permits AwsCredentials, OidcToken, SsoToken, SamlAssertion, PasswordCredentials, MockCredentials, AmbientCredentials,
        AzureCredentials {

    /** The envelope type ({@code aws}, {@code oidc}, {@code azure}, {@code mock}; {@code saml} is never stored). */
    String type();

    /** When these credentials stop working; empty for long-lived keys. */
    Optional<Instant> expiration();

    /** True while the credentials will still be valid {@code margin} from {@code now}. */
    default boolean isFresh(Instant now, Duration margin) {
        return expiration().map(exp -> exp.isAfter(now.plus(margin))).orElse(true);
    }

    default boolean isExpired(Instant now) {
        return expiration().map(exp -> !exp.isAfter(now)).orElse(false);
    }
}
