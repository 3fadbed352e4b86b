package atmos.credentials;

import java.time.Instant;
import java.util.Optional;

/**
 * Microsoft identity platform tokens for an Azure provider or an {@code azure/subscription} identity.
 * The fields and their stored names are those of the Go Atmos's {@code AzureCredentials}
 * ({@code access_token}, {@code tenant_id}, {@code subscription_id} …); this tool adds three:
 * {@code username} (who signed in, for whoami and the Azure CLI profile), {@code subscription_name}
 * (ARM's display name, from the login's subscription check) and {@code msal_cache}, the MSAL token
 * cache with the refresh token. Only a provider's own entry carries the MSAL cache; it lives in the
 * keyring and nowhere else.
 *
 * @param accessToken       the Azure Resource Manager access token (a JWT)
 * @param expirationTime    when {@code accessToken} expires
 * @param authMethod        {@code device_code}, {@code interactive}, {@code cli} or {@code oidc} (Atmos's values)
 * @param servicePrincipal  true for an application (azure/oidc), false for a person
 * @param federatedToken    the OIDC token used as client assertion (azure/oidc); never stored
 * @param msalCache         the serialized MSAL token cache (azure/device-code, azure/interactive); null otherwise
 */
public record AzureCredentials(String accessToken, String tokenType, Instant expirationTime, String tenantId, String subscriptionId,
                               String location, String graphApiToken, Instant graphApiExpiration, String keyVaultToken,
                               Instant keyVaultExpiration, String clientId, boolean servicePrincipal, String tokenFilePath,
                               String cloudEnvironment, String authMethod, String homeAccountId, String username,
                               String subscriptionName, String federatedToken, String msalCache) implements Credentials {

    public static final String DEVICE_CODE = "device_code";
    public static final String INTERACTIVE = "interactive";
    public static final String CLI = "cli";
    public static final String OIDC = "oidc";

    @Override
    public String type() {
        return "azure";
    }

    @Override
    public Optional<Instant> expiration() {
        return Optional.ofNullable(expirationTime);
    }

    /** These tokens for a subscription (an identity's step): the refresh token and the assertion stay behind. */
    public AzureCredentials forSubscription(String subscription, String displayName, String newLocation) {
        return new AzureCredentials(accessToken, tokenType, expirationTime, tenantId, subscription,
                newLocation != null ? newLocation : location, graphApiToken, graphApiExpiration, keyVaultToken, keyVaultExpiration,
                clientId, servicePrincipal, tokenFilePath, cloudEnvironment, authMethod, homeAccountId, username, displayName,
                federatedToken, null);
    }

    /** The same tokens without what is never stored (the federated assertion). */
    public AzureCredentials withoutFederatedToken() {
        return new AzureCredentials(accessToken, tokenType, expirationTime, tenantId, subscriptionId, location, graphApiToken,
                graphApiExpiration, keyVaultToken, keyVaultExpiration, clientId, servicePrincipal, tokenFilePath, cloudEnvironment,
                authMethod, homeAccountId, username, subscriptionName, null, msalCache);
    }

    @Override
    public String toString() {
        return "AzureCredentials[tenant=" + tenantId + ", subscription=" + subscriptionId + ", user=" + username
                + ", method=" + authMethod + ", expiration=" + expirationTime + ", refreshable=" + (msalCache != null) + "]";
    }
}
