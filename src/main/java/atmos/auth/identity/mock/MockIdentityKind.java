package atmos.auth.identity.mock;

import atmos.auth.AuthContext;
import atmos.auth.Identity;
import atmos.auth.IdentityKind;
import atmos.config.AuthConfig;
import atmos.config.IdentityConfig;
import atmos.config.Problems;

/** {@code mock} and {@code mock/aws}: identities with fake credentials, for demos and tests (as in Atmos). */
public record MockIdentityKind(String kind) implements IdentityKind {

    @Override
    public void validate(IdentityConfig config, AuthConfig auth, Problems problems) {
        // Atmos reads no fields for mock identities.
    }

    @Override
    public Identity create(IdentityConfig config, AuthContext context) {
        return kind.equals("mock/aws") ? new MockAwsIdentity(config) : new MockIdentity(config);
    }
}
