package atmos.auth.provider.aws.saml;

import atmos.config.ProviderConfig;
import atmos.error.AtmosException;

/** The four drivers by the names Atmos uses. */
public final class SamlDrivers {
    private SamlDrivers() {
    }

    public static SamlDriver named(String name, ProviderConfig config) {
        return switch (name) {
            case "Okta" -> new OktaDriver();
            case "ADFS" -> new AdfsDriver();
            case "GoogleApps" -> new GoogleAppsDriver();
            case "Browser" -> new BrowserDriver();
            default -> throw AtmosException.config("unknown SAML driver \"" + name + "\" for provider \"" + config.name() + "\"",
                    "use one of " + String.join(", ", DriverSelection.DRIVERS));
        };
    }
}
