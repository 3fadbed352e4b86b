package atmos.auth.provider.mock;

import atmos.auth.AuthContext;
import atmos.auth.Provider;
import atmos.config.ProviderConfig;
import atmos.credentials.Credentials;
import atmos.credentials.MockCredentials;
import atmos.text.Durations;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * A provider that logs in instantly with fake keys, so the whole flow (login, cache, whoami, env, exec,
 * logout) can be tried with no cloud. The session lasts {@code session.duration} (default 1h).
 */
public record MockProvider(ProviderConfig config) implements Provider {

    @Override
    public Credentials authenticate(AuthContext context) {
        Duration d = config.sessionDuration().map(Durations::parse).orElse(Duration.ofHours(1));
        return new MockCredentials("MOCK_ACCESS_KEY_ID", "MOCK_SECRET_ACCESS_KEY", "MOCK_SESSION_TOKEN",
                config.region().orElse("us-east-1"), context.host().clock().instant().plus(d).truncatedTo(ChronoUnit.SECONDS));
    }
}
