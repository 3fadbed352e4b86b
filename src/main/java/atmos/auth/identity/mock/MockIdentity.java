package atmos.auth.identity.mock;

import atmos.auth.AuthContext;
import atmos.auth.Chain;
import atmos.auth.Credentials;
import atmos.auth.Identity;
import atmos.auth.MockCredentials;
import atmos.config.IdentityConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An identity with fake credentials derived from its name ({@code MOCK_KEY_<name>}), valid as long as
 * the step before it. {@code mock/aws} also behaves like an AWS identity for the environment.
 */
public record MockIdentity(IdentityConfig config, boolean aws) implements Identity {

    @Override
    public Credentials authenticate(AuthContext context, Credentials base) {
        String region = config.principal().string("region").orElse("us-east-1");
        return new MockCredentials("MOCK_KEY_" + config.name(), "MOCK_SECRET_" + config.name(), "MOCK_TOKEN_" + config.name(),
                region, base == null ? null : base.expiration().orElse(null));
    }

    @Override
    public EnvChange environment(AuthContext context, Chain chain, Credentials credentials) {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("ATMOS_IDENTITY", config.key());
        set.put("MOCK_IDENTITY", config.key());
        return new EnvChange(set, Set.of());
    }
}
