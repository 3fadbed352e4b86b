package atmos.auth.provider;

import atmos.auth.AuthContext;
import atmos.auth.Provider;
import atmos.auth.ProviderKind;
import atmos.config.AuthConfig;
import atmos.config.Problems;
import atmos.config.ProviderConfig;
import atmos.error.AtmosException;

/**
 * A provider kind that Atmos has and configurations may contain (gcp/adc …): accepted by validate so
 * those configurations stay valid, refused with a clear message at login.
 */
public record UnsupportedProviderKind(String kind) implements ProviderKind {

    @Override
    public boolean supported() {
        return false;
    }

    @Override
    public void validate(ProviderConfig config, AuthConfig auth, Problems problems) {
        problems.warning(config.node(), "kind", "provider kind " + kind + " is accepted but not supported by atmos-java yet",
                "logins through \"" + config.name() + "\" will fail; use the Go Atmos for them");
    }

    @Override
    public Provider create(ProviderConfig config, AuthContext context) {
        throw AtmosException.auth("provider kind " + kind + " (provider \"" + config.name() + "\") is not supported by atmos-java yet",
                "use the Go Atmos for this provider, or choose an identity whose chain uses supported kinds");
    }
}
