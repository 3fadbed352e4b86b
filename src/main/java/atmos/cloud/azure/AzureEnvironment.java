package atmos.cloud.azure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment an Azure identity gives a command, exactly as the Go Atmos prepares it
 * ({@code pkg/auth/cloud/azure/env.go}, {@code identities/azure/subscription.go}):
 *
 * <ul>
 *   <li>removed from the parent: the credential, tenant, subscription, location and config-dir variables
 *       of the Azure SDKs and Terraform ({@link #REMOVED}), so nothing overrides what atmos prepared;</li>
 *   <li>{@code AZURE_SUBSCRIPTION_ID}/{@code ARM_SUBSCRIPTION_ID}, {@code AZURE_LOCATION}/{@code ARM_LOCATION},
 *       {@code AZURE_RESOURCE_GROUP}; {@code ARM_ENVIRONMENT}/{@code AZURE_ENVIRONMENT} for sovereign clouds;</li>
 *   <li>OIDC (a service principal with federated credentials): {@code ARM_USE_OIDC=true}, the client id and
 *       the tenant ({@code ARM_TENANT_ID}/{@code AZURE_TENANT_ID}), and the token file when there is one;</li>
 *   <li>otherwise {@code ARM_USE_CLI=true} and, on purpose, <em>no</em> tenant: the azurerm backend's Azure
 *       CLI credential would then run {@code az account get-access-token --subscription … --tenant …},
 *       which az rejects ("specify only one of subscription and tenant").</li>
 * </ul>
 *
 * This tool adds {@code AZURE_CONFIG_DIR}: the isolated directory with the MSAL cache and profile that
 * {@code az} (and Terraform through it) read, so the user's own {@code ~/.azure} is never used or changed.
 */
public final class AzureEnvironment {
    /** Atmos's problematicAzureEnvVars, in its order. */
    public static final List<String> REMOVED = List.of("AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH",
            "AZURE_USERNAME", "AZURE_PASSWORD", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_SUBSCRIPTION_ID", "AZURE_TENANT_ID",
            "AZURE_LOCATION", "AZURE_REGION", "AZURE_CONFIG_DIR", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET", "ARM_CLIENT_CERTIFICATE_PATH",
            "ARM_SUBSCRIPTION_ID", "ARM_TENANT_ID", "ARM_USE_MSI", "ARM_USE_CLI", "ARM_USE_OIDC");

    private AzureEnvironment() {
    }

    /** What to set and what to remove; the caller applies it to a copy of the parent environment. */
    public record Change(Map<String, String> set, Set<String> remove) {
        public Change {
            set = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
            remove = Set.copyOf(remove);
        }
    }

    /**
     * @param oidc          a service principal signed in with a federated token (azure/oidc)
     * @param clientId      the application's client id (OIDC only)
     * @param tokenFilePath the federated token file Terraform may re-read (OIDC only), or null
     * @param configDir     the Azure CLI config directory to point tools at, or null to leave it unset
     */
    public record Settings(String subscriptionId, String tenantId, String location, String resourceGroup, String cloudEnvironment,
                           boolean oidc, String clientId, String tokenFilePath, String configDir) {
    }

    public static Change prepare(Settings s) {
        Map<String, String> set = new LinkedHashMap<>();
        if (notEmpty(s.subscriptionId())) {
            set.put("AZURE_SUBSCRIPTION_ID", s.subscriptionId());
            set.put("ARM_SUBSCRIPTION_ID", s.subscriptionId());
        }
        if (notEmpty(s.tenantId()) && s.oidc()) {
            set.put("AZURE_TENANT_ID", s.tenantId());
            set.put("ARM_TENANT_ID", s.tenantId());
        }
        if (notEmpty(s.location())) {
            set.put("AZURE_LOCATION", s.location());
            set.put("ARM_LOCATION", s.location());
        }
        if (notEmpty(s.resourceGroup())) {
            set.put("AZURE_RESOURCE_GROUP", s.resourceGroup());
        }
        if (notEmpty(s.cloudEnvironment()) && !s.cloudEnvironment().equals("public")) {
            set.put("ARM_ENVIRONMENT", s.cloudEnvironment());
            set.put("AZURE_ENVIRONMENT", s.cloudEnvironment());
        }
        if (s.oidc()) {
            set.put("ARM_USE_OIDC", "true");
            if (notEmpty(s.clientId())) {
                set.put("ARM_CLIENT_ID", s.clientId());
                set.put("AZURE_CLIENT_ID", s.clientId());
            }
            if (notEmpty(s.tokenFilePath())) {
                set.put("AZURE_FEDERATED_TOKEN_FILE", s.tokenFilePath());
                set.put("ARM_OIDC_TOKEN_FILE_PATH", s.tokenFilePath());
            }
        } else {
            set.put("ARM_USE_CLI", "true");
        }
        if (notEmpty(s.configDir())) {
            set.put("AZURE_CONFIG_DIR", s.configDir());
        }
        return new Change(set, Set.copyOf(REMOVED));
    }

    private static boolean notEmpty(String v) {
        return v != null && !v.isEmpty();
    }
}
