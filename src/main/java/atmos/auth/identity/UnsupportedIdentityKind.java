package atmos.auth.identity;

import atmos.auth.AuthContext;
import atmos.auth.Identity;
import atmos.auth.IdentityKind;
import atmos.config.AuthConfig;
import atmos.config.IdentityConfig;
import atmos.config.Problems;
import atmos.error.AtmosException;

/** An identity kind Atmos has (gcp/service-account, aws/emulator, atmos/pro …): valid in configuration, refused at login. */
public record UnsupportedIdentityKind(String kind, boolean standalone) implements IdentityKind {

    @Override
    public boolean supported() {
        return false;
    }

    @Override
    public void validate(IdentityConfig config, AuthConfig auth, Problems problems) {
        problems.warning(config.node(), "kind", "identity kind " + kind + " is accepted but not supported by atmos-java yet",
                "logins as \"" + config.name() + "\" will fail; use the Go Atmos for it");
    }

    @Override
    public Identity create(IdentityConfig config, AuthContext context) {
        throw AtmosException.auth("identity kind " + kind + " (identity \"" + config.name() + "\") is not supported by atmos-java yet",
                "use the Go Atmos for this identity");
    }
}
