package atmos.auth.provider.github;

import atmos.auth.AuthContext;
import atmos.auth.FieldChecks;
import atmos.auth.Provider;
import atmos.auth.ProviderKind;
import atmos.config.AuthConfig;
import atmos.config.ConfigNode;
import atmos.config.Problems;
import atmos.config.ProviderConfig;

/** {@code github/oidc}: the GitHub Actions ID token, exchanged with STS AssumeRoleWithWebIdentity. */
public final class GithubOidcKind implements ProviderKind {

    @Override
    public String kind() {
        return "github/oidc";
    }

    @Override
    public void validate(ProviderConfig config, AuthConfig auth, Problems p) {
        ConfigNode n = config.node();
        if (n.string("region").isEmpty()) {
            // Atmos needs a region for the STS call; an identity's principal.region can supply it.
            boolean everyIdentityHasOne = auth.identities().values().stream()
                    .filter(i -> i.viaProvider().map(v -> v.equalsIgnoreCase(config.name())).orElse(false))
                    .allMatch(i -> i.principal().string("region").isPresent());
            boolean used = auth.identities().values().stream()
                    .anyMatch(i -> i.viaProvider().map(v -> v.equalsIgnoreCase(config.name())).orElse(false));
            if (!used || !everyIdentityHasOne) {
                FieldChecks.required(n, "region", p, "set region, e.g. us-east-1 (or principal.region on every identity that uses this provider)");
            }
        }
        FieldChecks.required(n.child("spec"), "audience", p, "set spec.audience, e.g. sts.amazonaws.com");
    }

    @Override
    public Provider create(ProviderConfig config, AuthContext context) {
        return new GithubOidcProvider(config);
    }
}
