package atmos.auth.provider.azure;

import atmos.auth.AuthContext;
import atmos.auth.FieldChecks;
import atmos.auth.Provider;
import atmos.auth.ProviderKind;
import atmos.config.AuthConfig;
import atmos.config.ConfigNode;
import atmos.config.Problems;
import atmos.config.ProviderConfig;
import atmos.error.AtmosException;
import java.util.Locale;
import java.util.Set;

/**
 * The Azure provider kinds: {@code azure/device-code} and {@code azure/interactive} (a person, through
 * MSAL4J), {@code azure/cli} (the session of {@code az login}, read-only) and {@code azure/oidc} (a
 * federated token as an application's client assertion, in CI).
 */
public record AzureProviderKind(String kind) implements ProviderKind {
    private static final Set<String> CLOUDS = Set.of("public", "usgovernment", "china");

    @Override
    public void validate(ProviderConfig config, AuthConfig auth, Problems p) {
        ConfigNode spec = config.node().child("spec");
        FieldChecks.required(spec, "tenant_id", p, "set spec.tenant_id to your Microsoft Entra tenant ID");
        if (kind.equals("azure/oidc")) {
            FieldChecks.required(spec, "client_id", p, "set spec.client_id to the application (client) ID of the federated app");
        }
        spec.string("cloud_environment").ifPresent(env -> {
            if (!CLOUDS.contains(env.toLowerCase(Locale.ROOT))) {
                p.error(spec, "cloud_environment", "unknown cloud_environment \"" + env + "\"", "use one of public, usgovernment, china");
            }
        });
    }

    @Override
    public Provider create(ProviderConfig config, AuthContext context) {
        return switch (kind) {
            case "azure/device-code" -> new MsalUserProvider(config, false);
            case "azure/interactive" -> new MsalUserProvider(config, true);
            case "azure/cli" -> new AzureCliProvider(config);
            case "azure/oidc" -> new AzureOidcProvider(config);
            default -> throw AtmosException.config("unknown Azure provider kind " + kind, "use azure/device-code, azure/interactive, azure/cli or azure/oidc");
        };
    }
}
