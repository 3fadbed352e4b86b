package atmos.auth.identity.azure;

import atmos.auth.AuthContext;
import atmos.auth.FieldChecks;
import atmos.auth.Identity;
import atmos.auth.IdentityKind;
import atmos.config.AuthConfig;
import atmos.config.IdentityConfig;
import atmos.config.Problems;

/** {@code azure/subscription}: an Azure subscription reached with an Azure provider's tokens. */
public final class SubscriptionKind implements IdentityKind {

    @Override
    public String kind() {
        return "azure/subscription";
    }

    @Override
    public void validate(IdentityConfig config, AuthConfig auth, Problems p) {
        if (!config.node().isMap("principal")) {
            p.error(config.node(), "principal", "principal is required", "add principal: {subscription_id: <subscription GUID>}");
        } else {
            FieldChecks.required(config.principal(), "subscription_id", p, "set principal.subscription_id to the subscription GUID");
        }
        if (config.viaIdentity().isPresent()) {
            p.error(config.node().child("via"), "identity", "azure/subscription needs via.provider (an Azure provider)",
                    "point via.provider at an azure/* provider");
        }
        config.viaProvider().flatMap(auth::provider).ifPresent(provider -> {
            if (!provider.kind().startsWith("azure/")) {
                p.error(config.node().child("via"), "provider", "azure/subscription needs an Azure provider, but \""
                        + provider.name() + "\" is " + provider.kind(), "point via.provider at an azure/* provider");
            }
        });
    }

    @Override
    public Identity create(IdentityConfig config, AuthContext context) {
        return new SubscriptionIdentity(config);
    }
}
