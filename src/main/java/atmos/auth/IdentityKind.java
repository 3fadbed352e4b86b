package atmos.auth;

import atmos.config.AuthConfig;
import atmos.config.IdentityConfig;
import atmos.config.Problems;

/** A registered identity kind ({@code aws/assume-role} …): checks its fields and builds identities. */
public interface IdentityKind {

    String kind();

    default boolean supported() {
        return true;
    }

    /** Standalone identities need no {@code via}: their chain is just themselves (aws/user). */
    default boolean standalone() {
        return false;
    }

    /** Ambient identities use what the environment already has and must not have a {@code via}. */
    default boolean forbidsVia() {
        return false;
    }

    void validate(IdentityConfig config, AuthConfig auth, Problems problems);

    Identity create(IdentityConfig config, AuthContext context);
}
