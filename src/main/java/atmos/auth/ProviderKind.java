package atmos.auth;

import atmos.config.AuthConfig;
import atmos.config.Problems;
import atmos.config.ProviderConfig;

/** A registered provider kind ({@code aws/iam-identity-center} …): checks its fields and builds providers. */
public interface ProviderKind {

    String kind();

    /** False for kinds Atmos has that atmos-java accepts in configuration but cannot log in with yet. */
    default boolean supported() {
        return true;
    }

    void validate(ProviderConfig config, AuthConfig auth, Problems problems);

    Provider create(ProviderConfig config, AuthContext context);
}
