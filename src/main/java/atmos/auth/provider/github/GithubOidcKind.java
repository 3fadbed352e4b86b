package atmos.auth.provider.github;

import atmos.auth.AuthContext;
import atmos.auth.FieldChecks;
import atmos.auth.Provider;
import atmos.auth.ProviderKind;
import atmos.config.AuthConfig;
import atmos.config.ConfigNode;
import atmos.config.Problems;
import atmos.config.ProviderConfig;
import atmos.error.AtmosException;

/** {@code github/oidc}: the GitHub Actions ID token, exchanged with STS AssumeRoleWithWebIdentity. */
public final class GithubOidcKind implements ProviderKind {

    @Override
    public String kind() {
        return "github/oidc";
    }

    @Override
    public void validate(ProviderConfig config, AuthConfig auth, Problems p) {
        ConfigNode n = config.node();
        FieldChecks.required(n, "region", p, "set region, e.g. us-east-1 (required for GitHub OIDC)");
        FieldChecks.required(n.child("spec"), "audience", p, "set spec.audience, e.g. sts.amazonaws.com");
    }

    @Override
    public Provider create(ProviderConfig config, AuthContext context) {
        throw AtmosException.auth("provider kind github/oidc (provider \"" + config.name() + "\") is not supported by atmos-java yet",
                "use aws-actions/configure-aws-credentials in the workflow and run atmos with --identity=false");
    }
}
