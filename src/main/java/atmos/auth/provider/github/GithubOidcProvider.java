package atmos.auth.provider.github;

import atmos.auth.AuthContext;
import atmos.auth.Provider;
import atmos.config.ProviderConfig;
import atmos.credentials.Credentials;
import atmos.credentials.OidcToken;
import atmos.error.AtmosException;
import java.time.Instant;
import java.util.List;

/**
 * {@code github/oidc}: the GitHub Actions ID token for {@code spec.audience}, requested from
 * {@code ACTIONS_ID_TOKEN_REQUEST_URL} with {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN} (or taken from
 * {@code ACTIONS_ID_TOKEN} when a previous step fetched it), as the Go Atmos does. The next identity
 * (aws/assume-role) exchanges it with STS AssumeRoleWithWebIdentity. Nothing of such a chain is kept in
 * the keyring ({@link Caching#NONE}): the token names one job's repository, branch and run, and a later
 * job on the same runner must not inherit what it was allowed.
 */
public final class GithubOidcProvider implements Provider {
    static final String REQUEST_URL = ActionsIdToken.REQUEST_URL;
    static final String REQUEST_TOKEN = ActionsIdToken.REQUEST_TOKEN;
    static final String ID_TOKEN = ActionsIdToken.ID_TOKEN;

    private final ProviderConfig config;

    public GithubOidcProvider(ProviderConfig config) {
        this.config = config;
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    @Override
    public Caching caching() {
        return Caching.NONE;
    }

    @Override
    public Credentials authenticate(AuthContext context) {
        String audience = config.spec().string("audience").orElseThrow(() -> AtmosException.config(
                "provider \"" + config.name() + "\" (github/oidc) has no spec.audience",
                "set spec.audience, e.g. sts.amazonaws.com (the audience the IAM OIDC provider accepts)"));
        List<String> missing = ActionsIdToken.missing(context.host());
        if (!missing.isEmpty()) {
            throw AtmosException.auth("provider \"" + config.name() + "\" (github/oidc) works only inside a GitHub Actions job; missing: "
                            + String.join(", ", missing),
                    "give the job 'permissions: id-token: write' (GitHub then sets " + REQUEST_URL + " and " + REQUEST_TOKEN
                            + "); outside Actions choose another identity, or --identity=false");
        }
        String jwt = ActionsIdToken.obtain(context, audience, "provider \"" + config.name() + "\"");
        context.log().debug("GitHub OIDC token obtained", "provider", config.name(), "audience", audience);
        return new OidcToken(jwt, "github", audience, context.aws().skew().toLocal(expiration(jwt))); // GitHub's clock, made local
    }

    /** The JWT's {@code exp}, read without verification (STS verifies); null when it has none or is not a JWT. */
    static Instant expiration(String jwt) {
        return ActionsIdToken.expiration(jwt);
    }
}
