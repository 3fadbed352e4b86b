package atmos.auth.provider.azure;

import atmos.cloud.azure.CloudEnvironment;
import atmos.cloud.azure.Endpoints;
import atmos.cloud.azure.Msal;
import atmos.config.ConfigNode;
import atmos.config.ProviderConfig;
import atmos.error.AtmosException;
import atmos.system.Host;
import java.time.Duration;
import java.time.Instant;

/**
 * An Azure provider's {@code spec}, with the Go Atmos's field names and defaults: {@code tenant_id}
 * (required), {@code client_id} (the Azure CLI's public client for people; required for azure/oidc),
 * {@code subscription_id}, {@code location}, {@code cloud_environment} (public, usgovernment, china),
 * and for azure/oidc {@code audience} (default {@code api://AzureADTokenExchange}) and {@code token_file_path}.
 */
public record AzureSpec(String provider, String kind, String tenantId, String clientId, String subscriptionId, String location,
                        String audience, String tokenFilePath, CloudEnvironment cloud) {
    /** The audience Microsoft Entra expects in federated tokens. */
    public static final String DEFAULT_AUDIENCE = "api://AzureADTokenExchange";

    public static AzureSpec of(ProviderConfig config) {
        ConfigNode spec = config.spec();
        String tenant = spec.string("tenant_id").orElseThrow(() -> AtmosException.config(
                "provider \"" + config.name() + "\" (" + config.kind() + ") has no spec.tenant_id",
                "set spec.tenant_id to your Microsoft Entra tenant ID"));
        boolean oidc = config.kind().equals("azure/oidc");
        String client = spec.string("client_id").orElse(null);
        if (client == null && oidc) {
            throw AtmosException.config("provider \"" + config.name() + "\" (azure/oidc) has no spec.client_id",
                    "set spec.client_id to the application (client) ID of the app registration with the federated credential");
        }
        return new AzureSpec(config.name(), config.kind(), tenant, client != null ? client : Msal.AZURE_CLI_CLIENT_ID,
                spec.string("subscription_id").orElse(null), spec.string("location").orElse(null),
                spec.string("audience").orElse(DEFAULT_AUDIENCE), spec.string("token_file_path").orElse(null),
                CloudEnvironment.named(spec.string("cloud_environment")));
    }

    public Endpoints endpoints(Host host) {
        return Endpoints.of(cloud, host);
    }

    /** A time MSAL gave (system clock) in the command's clock, which tests may shift. */
    static Instant inContextTime(Instant msal, Instant contextNow) {
        return contextNow.plus(Duration.between(Instant.now(), msal)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }
}
