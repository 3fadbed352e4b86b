package atmos.credentials;

import java.time.Instant;
import java.util.Optional;

/** "Whatever the environment provides" (instance profile, IRSA, a CI runner's role): nothing to store. */
public record AmbientCredentials(String region) implements Credentials {

    @Override
    public String type() {
        return "ambient";
    }

    @Override
    public Optional<Instant> expiration() {
        return Optional.empty();
    }
}
