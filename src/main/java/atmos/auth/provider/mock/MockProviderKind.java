package atmos.auth.provider.mock;

import atmos.auth.AuthContext;
import atmos.auth.Provider;
import atmos.auth.ProviderKind;
import atmos.config.AuthConfig;
import atmos.config.Problems;
import atmos.config.ProviderConfig;

/** {@code mock} and {@code mock/aws}: a provider that needs no cloud, for demos and tests (as in Atmos). */
public record MockProviderKind(String kind) implements ProviderKind {

    @Override
    public void validate(ProviderConfig config, AuthConfig auth, Problems problems) {
        // Atmos reads no fields for mock providers.
    }

    @Override
    public Provider create(ProviderConfig config, AuthContext context) {
        return new MockProvider(config);
    }
}
