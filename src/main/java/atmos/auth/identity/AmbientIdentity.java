package atmos.auth.identity;

import atmos.auth.AuthContext;
import atmos.auth.Chain;
import atmos.auth.Identity;
import atmos.config.IdentityConfig;
import atmos.credentials.AmbientCredentials;
import atmos.credentials.Credentials;
import atmos.exec.EnvChange;
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

    /**
     * aws/ambient credentials live in the environment (an instance profile, IRSA …), not in atmos, so
     * they cannot be handed to the console sign-in: a clear refusal rather than "no console".
     */
    @Override
    public java.util.Optional<atmos.auth.WebConsole> webConsole() {
        if (!aws) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new atmos.auth.WebConsole() {
            public String name() {
                return "AWS console";
            }

            public Link link(AuthContext context, Chain chain, java.util.function.Supplier<Credentials> session, Request request) {
                throw atmos.error.AtmosException.auth("identity \"" + config.name() + "\" (aws/ambient) uses the credentials of its"
                                + " environment (instance profile, IRSA, CI runner role), which atmos does not hold, so it cannot sign in"
                                + " to the AWS console with them",
                        "open the console as an identity atmos authenticates (aws/permission-set, aws/assume-role, aws/user), e.g. an"
                                + " aws/assume-role identity with via.identity: " + config.name());
            }
        });
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
