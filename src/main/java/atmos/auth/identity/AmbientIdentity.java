package atmos.auth.identity;

import atmos.auth.AmbientCredentials;
import atmos.auth.AuthContext;
import atmos.auth.Chain;
import atmos.auth.Credentials;
import atmos.auth.Identity;
import atmos.config.IdentityConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code ambient} / {@code aws/ambient}: passes through the credentials the environment already has;
 * only the region (when {@code principal.region} is set) is added.
 */
public record AmbientIdentity(IdentityConfig config, boolean aws) implements Identity {

    @Override
    public Credentials authenticate(AuthContext context, Chain chain, Credentials base) {
        return new AmbientCredentials(config.principal().string("region").orElse(null));
    }

    @Override
    public EnvChange environment(AuthContext context, Chain chain, Credentials credentials) {
        Map<String, String> set = new LinkedHashMap<>();
        if (aws) {
            config.principal().string("region").ifPresent(r -> {
                set.put("AWS_REGION", r);
                set.put("AWS_DEFAULT_REGION", r);
            });
        }
        return new EnvChange(set, Set.of());
    }
}
