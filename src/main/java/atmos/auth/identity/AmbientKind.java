package atmos.auth.identity;

import atmos.auth.AuthContext;
import atmos.auth.Identity;
import atmos.auth.IdentityKind;
import atmos.config.AuthConfig;
import atmos.config.IdentityConfig;
import atmos.config.Problems;

/**
 * {@code ambient} and {@code aws/ambient}: use whatever credentials the environment already provides
 * (instance profile, IRSA, a CI runner's role) without managing them.
 */
public record AmbientKind(String kind) implements IdentityKind {

    @Override
    public boolean standalone() {
        return true;
    }

    @Override
    public boolean forbidsVia() {
        return true;
    }

    @Override
    public void validate(IdentityConfig config, AuthConfig auth, Problems problems) {
        // no fields to check: region and env are optional
    }

    @Override
    public Identity create(IdentityConfig config, AuthContext context) {
        return new AmbientIdentity(config, kind.equals("aws/ambient"));
    }
}
