package atmos.cloud.azure;

import atmos.error.AtmosException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The endpoints of one Azure cloud, as the Go Atmos knows them ({@code pkg/auth/cloud/azure}):
 * {@code public} (default), {@code usgovernment} and {@code china}.
 *
 * @param loginHost             the Microsoft Entra authority host
 * @param managementScope       the Azure Resource Manager scope
 * @param legacyManagementScopes the older ARM audience forms {@code az} and the Azure SDKs request
 * @param resourceManager       the ARM endpoint
 * @param profileEnvironment    the cloud's name in {@code azureProfile.json}
 */
public record CloudEnvironment(String name, String loginHost, String managementScope, List<String> legacyManagementScopes,
                               String graphScope, String keyVaultScope, String portal, String profileEnvironment,
                               URI resourceManager) {

    public static final CloudEnvironment PUBLIC = new CloudEnvironment("public", "login.microsoftonline.com",
            "https://management.azure.com/.default",
            List.of("https://management.core.windows.net/.default", "https://management.core.windows.net//.default"),
            "https://graph.microsoft.com/.default", "https://vault.azure.net/.default", "https://portal.azure.com/",
            "AzureCloud", URI.create("https://management.azure.com/"));
    public static final CloudEnvironment US_GOVERNMENT = new CloudEnvironment("usgovernment", "login.microsoftonline.us",
            "https://management.usgovcloudapi.net/.default",
            List.of("https://management.core.usgovcloudapi.net/.default", "https://management.core.usgovcloudapi.net//.default"),
            "https://graph.microsoft.us/.default", "https://vault.usgovcloudapi.net/.default", "https://portal.azure.us/",
            "AzureUSGovernment", URI.create("https://management.usgovcloudapi.net/"));
    public static final CloudEnvironment CHINA = new CloudEnvironment("china", "login.chinacloudapi.cn",
            "https://management.chinacloudapi.cn/.default",
            List.of("https://management.core.chinacloudapi.cn/.default", "https://management.core.chinacloudapi.cn//.default"),
            "https://microsoftgraph.chinacloudapi.cn/.default", "https://vault.azure.cn/.default", "https://portal.azure.cn/",
            "AzureChinaCloud", URI.create("https://management.chinacloudapi.cn/"));

    private static final Map<String, CloudEnvironment> KNOWN = Map.of("public", PUBLIC, "usgovernment", US_GOVERNMENT, "china", CHINA);

    /** The names {@code spec.cloud_environment} accepts. */
    public static final List<String> NAMES = List.of("public", "usgovernment", "china");

    /** The cloud named by {@code spec.cloud_environment}; empty or absent is public. */
    public static CloudEnvironment named(Optional<String> name) {
        String n = name.map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).orElse("public");
        CloudEnvironment c = KNOWN.get(n);
        if (c == null) {
            throw AtmosException.config("unknown cloud_environment \"" + name.orElse("") + "\"", "use one of public, usgovernment, china");
        }
        return c;
    }

    /** Every ARM scope form, in one space-separated MSAL {@code target} (so any of them finds the token). */
    public String managementTarget() {
        return managementScope + " " + String.join(" ", legacyManagementScopes);
    }

    /** The ARM scope {@code az} itself asks for ({@code https://management.core.windows.net//.default}). */
    public String azManagementScope() {
        return legacyManagementScopes.get(1);
    }
}
