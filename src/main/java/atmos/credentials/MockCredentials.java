package atmos.credentials;

import java.time.Instant;
import java.util.Optional;

/**
 * Credentials of the built-in {@code mock} kinds: fixed, fake values that let a new user run every
 * command with no cloud at all. Stored with the field names Atmos uses for its mock type.
 */
public record MockCredentials(String accessKeyId, String secretAccessKey, String sessionToken, String region,
                              Instant expirationTime) implements Credentials {

    @Override
    public String type() {
        return "mock";
    }

    @Override
    public Optional<Instant> expiration() {
        return Optional.ofNullable(expirationTime);
    }

    @Override
    public String toString() {
        return "MockCredentials[accessKeyId=" + accessKeyId + ", region=" + region + ", expiration=" + expirationTime + "]";
    }
}
