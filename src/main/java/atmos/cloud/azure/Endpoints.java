package atmos.cloud.azure;

import atmos.error.AtmosException;
import atmos.system.Host;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Where the Microsoft identity platform and Azure Resource Manager are for a cloud, with the overrides
 * the Azure SDKs and CLI accept: {@code AZURE_AUTHORITY_HOST} (e.g. {@code https://login.microsoftonline.us/})
 * and {@code AZURE_RESOURCE_MANAGER_ENDPOINT}. Both must be https URLs.
 *
 * @param authorityHost the authority's scheme, host and port, without a path ({@code https://login.microsoftonline.com})
 * @param resourceManager ARM's base URL, ending in {@code /}
 */
public record Endpoints(CloudEnvironment cloud, URI authorityHost, URI resourceManager) {
    /** Hosts Microsoft runs; MSAL may ask their instance discovery about themselves. Any other host is never sent there. */
    private static final Set<String> MICROSOFT_HOSTS = Set.of("login.microsoftonline.com", "login.windows.net", "login.microsoft.com",
            "sts.windows.net", "login.microsoftonline.us", "login-us.microsoftonline.com", "login.chinacloudapi.cn",
            "login.microsoftonline.de");

    public static Endpoints of(CloudEnvironment cloud, Host host) {
        URI authority = host.getenv("AZURE_AUTHORITY_HOST").map(v -> https("AZURE_AUTHORITY_HOST", v))
                .orElse(URI.create("https://" + cloud.loginHost()));
        URI arm = host.getenv("AZURE_RESOURCE_MANAGER_ENDPOINT").map(v -> https("AZURE_RESOURCE_MANAGER_ENDPOINT", v))
                .orElse(cloud.resourceManager());
        String base = arm.toString();
        return new Endpoints(cloud, URI.create(authority.getScheme() + "://" + authority.getRawAuthority()),
                URI.create(base.endsWith("/") ? base : base + "/"));
    }

    private static URI https(String variable, String value) {
        URI u;
        try {
            u = URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            throw AtmosException.config(variable + " is not a valid URL", "write it as https://host[:port]/");
        }
        if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
            throw AtmosException.config(variable + " must be an https URL with a host (got \"" + value + "\")",
                    "write it as https://host[:port]/ (Microsoft Entra and ARM are only reached over https)");
        }
        return u;
    }

    /** The MSAL authority for a tenant: {@code https://host[:port]/<tenant>/}. */
    public String authority(String tenant) {
        return authorityHost + "/" + tenant + "/";
    }

    /** The host MSAL and {@code az} record in their caches as the account's {@code environment} (no port). */
    public String cacheEnvironment() {
        return authorityHost.getHost().toLowerCase(Locale.ROOT);
    }

    /**
     * True when the authority is one of Microsoft's own hosts on the standard port: only then may MSAL
     * ask Microsoft's instance discovery about it. A custom host (a sovereign deployment, a test
     * double) is its own only alias, so no request about it ever leaves for login.microsoftonline.com.
     */
    public boolean microsoftAuthority() {
        return MICROSOFT_HOSTS.contains(authorityHost.getHost().toLowerCase(Locale.ROOT)) && authorityHost.getPort() < 0;
    }

    /** The portal for a tenant ({@code https://portal.azure.com/#@<tenant>}). */
    public String portal(String tenant) {
        return cloud.portal() + "#@" + tenant;
    }
}
