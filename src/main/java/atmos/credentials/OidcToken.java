package atmos.credentials;

import java.time.Instant;
import java.util.Optional;

/** An OIDC ID token (GitHub Actions, …) to exchange for cloud credentials. */
public record OidcToken(String token, String provider, String audience, Instant expirationTime) implements Credentials {

    @Override
    public String type() {
        return "oidc";
    }

    @Override
    public Optional<Instant> expiration() {
        return Optional.ofNullable(expirationTime);
    }

    @Override
    public String toString() {
        return "OidcToken[provider=" + provider + ", audience=" + audience + ", expiration=" + expirationTime + "]";
    }
}
