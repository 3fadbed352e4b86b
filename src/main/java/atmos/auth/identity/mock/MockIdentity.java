package atmos.auth.identity.mock;

import atmos.auth.AuthContext;
import atmos.auth.Chain;
import atmos.auth.Identity;
import atmos.config.IdentityConfig;
import atmos.credentials.Credentials;
import atmos.credentials.MockCredentials;
import atmos.exec.EnvChange;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code mock}: fake credentials derived from the identity's name ({@code MOCK_KEY_<name>}), valid as
 * long as the step before them; commands get {@code ATMOS_IDENTITY} and {@code MOCK_IDENTITY}, as in Atmos.
 */
public record MockIdentity(IdentityConfig config) implements Identity {

    @Override
    public Credentials authenticate(AuthContext context, Chain chain, Credentials base) {
        return new MockCredentials("MOCK_KEY_" + config.key(), "MOCK_SECRET_" + config.key(), "MOCK_TOKEN_" + config.key(),
                config.principal().string("region").orElse("us-east-1"), expiration(context, base));
    }

    static java.time.Instant expiration(AuthContext context, Credentials base) {
        return base != null && base.expiration().isPresent() ? base.expiration().get()
                : context.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public java.util.Optional<Principal> principal(Credentials credentials) {
        return java.util.Optional.of(new Principal("arn:aws:iam::123456789012:user/mock-user", "123456789012"));
    }

    @Override
    public EnvChange environment(AuthContext context, Chain chain, Credentials credentials) {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("ATMOS_IDENTITY", config.key());
        set.put("MOCK_IDENTITY", config.key());
        return new EnvChange(set, Set.of());
    }
}
