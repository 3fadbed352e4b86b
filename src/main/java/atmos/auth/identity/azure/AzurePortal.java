package atmos.auth.identity.azure;

import atmos.auth.AuthContext;
import atmos.auth.Chain;
import atmos.auth.WebConsole;
import atmos.auth.provider.azure.AzureSpec;
import atmos.credentials.AzureCredentials;
import atmos.credentials.Credentials;
import atmos.error.AtmosException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The Azure portal for an {@code azure/subscription} identity, as the Go Atmos opens it
 * ({@code pkg/auth/cloud/azure/console.go}): the portal of the cloud with the tenant in the address
 * ({@code https://portal.azure.com/#@<tenant>}), or one of its blades by alias ({@code subscription},
 * {@code rg}, {@code vm}, {@code keyvault} …). The portal signs the person in with the browser's own
 * Microsoft Entra session: the URL grants nothing, and the portal keeps its own session length.
 */
final class AzurePortal implements WebConsole {
    private static final String BROWSE = "/blade/HubsExtension/BrowseResource/resourceType/";
    /** Atmos's destination aliases, with its paths; {@code %s} is the subscription. */
    static final Map<String, String> DESTINATIONS = new TreeMap<>(Map.ofEntries(
            Map.entry("resourcegroups", "/blade/HubsExtension/BrowseResourceGroups"),
            Map.entry("rg", "/blade/HubsExtension/BrowseResourceGroups"),
            Map.entry("vm", BROWSE + "Microsoft.Compute%2FVirtualMachines"),
            Map.entry("virtualmachines", BROWSE + "Microsoft.Compute%2FVirtualMachines"),
            Map.entry("storage", BROWSE + "Microsoft.Storage%2FStorageAccounts"),
            Map.entry("storageaccounts", BROWSE + "Microsoft.Storage%2FStorageAccounts"),
            Map.entry("network", BROWSE + "Microsoft.Network%2FVirtualNetworks"),
            Map.entry("vnet", BROWSE + "Microsoft.Network%2FVirtualNetworks"),
            Map.entry("virtualnetworks", BROWSE + "Microsoft.Network%2FVirtualNetworks"),
            Map.entry("cosmosdb", BROWSE + "Microsoft.DocumentDb%2FDatabaseAccounts"),
            Map.entry("cosmos", BROWSE + "Microsoft.DocumentDb%2FDatabaseAccounts"),
            Map.entry("sql", BROWSE + "Microsoft.Sql%2FServers"),
            Map.entry("sqldatabases", BROWSE + "Microsoft.Sql%2FServers"),
            Map.entry("keyvault", BROWSE + "Microsoft.KeyVault%2FVaults"),
            Map.entry("kv", BROWSE + "Microsoft.KeyVault%2FVaults"),
            Map.entry("aks", BROWSE + "Microsoft.ContainerService%2FManagedClusters"),
            Map.entry("kubernetes", BROWSE + "Microsoft.ContainerService%2FManagedClusters"),
            Map.entry("functions", BROWSE + "Microsoft.Web%2FSites/kind/functionapp"),
            Map.entry("functionapps", BROWSE + "Microsoft.Web%2FSites/kind/functionapp"),
            Map.entry("appservice", BROWSE + "Microsoft.Web%2FSites"),
            Map.entry("webapps", BROWSE + "Microsoft.Web%2FSites"),
            Map.entry("containers", BROWSE + "Microsoft.ContainerInstance%2FContainerGroups"),
            Map.entry("containerinstances", BROWSE + "Microsoft.ContainerInstance%2FContainerGroups"),
            Map.entry("subscription", "/resource/subscriptions/%s/overview"),
            Map.entry("sub", "/resource/subscriptions/%s/overview")));

    private final String subscriptionId;

    AzurePortal(String subscriptionId) {
        this.subscriptionId = subscriptionId;
    }

    @Override
    public String name() {
        return "Azure portal";
    }

    @Override
    public Link link(AuthContext context, Chain chain, Supplier<Credentials> session, Request request) {
        AzureSpec spec = AzureSpec.of(chain.provider());
        String home = spec.cloud().portal() + "#@" + spec.tenantId();
        String d = request.destination() == null ? "" : request.destination().strip();
        String url;
        if (d.isEmpty() || d.equals("home")) {
            url = home;
        } else if (d.contains("://")) {
            if (!d.startsWith("https://")) {
                throw AtmosException.usage("--destination must be an https URL or an alias (got \"" + d + "\")", "for example: subscription, rg, keyvault");
            }
            url = d;
        } else {
            String path = DESTINATIONS.get(d.toLowerCase(java.util.Locale.ROOT));
            if (path == null) {
                throw AtmosException.usage("unknown Azure portal destination \"" + d + "\"",
                        "use an https URL or one of: home, " + String.join(", ", DESTINATIONS.keySet()));
            }
            url = home + (path.contains("%s") ? String.format(path, subscriptionId) : path);
        }
        // The identity must be signed in (and its subscription checked) before the portal is opened, as in the Go Atmos.
        Credentials c = session.get();
        String account = c instanceof AzureCredentials az && az.subscriptionId() != null ? az.subscriptionId() : subscriptionId;
        List<String> notes = new ArrayList<>();
        if (request.duration() != null && request.duration().origin() != Requested.Origin.DEFAULT) {
            notes.add("the Azure portal keeps its own sign-in session; " + request.duration().where() + " does not apply to it");
        }
        notes.add("the portal signs you in with your browser's Microsoft Entra session (tenant " + spec.tenantId() + ")");
        return new Link(URI.create(url), false, null, null, null, account, notes);
    }
}
