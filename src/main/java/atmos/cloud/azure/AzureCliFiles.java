package atmos.cloud.azure;

import atmos.error.AtmosException;
import atmos.system.SecureFiles;
import atmos.text.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The isolated Azure CLI configuration directory atmos keeps per identity,
 * {@code <base>/[<realm>/]azure/<provider>/<identity>/}, which commands get as {@code AZURE_CONFIG_DIR}:
 * {@code msal_token_cache.json} (the account and its access tokens for ARM, Microsoft Graph and Key Vault,
 * in the MSAL schema az reads), {@code azureProfile.json} (the identity's subscription as the default)
 * and, for a service principal, {@code service_principal_entries.json} (its client assertion, as az
 * stores it). So {@code az} and Terraform's Azure CLI credential work as after {@code az login}, while
 * the user's own {@code ~/.azure} is never read or changed.
 *
 * <p>Only access tokens are written here, never the refresh token: that stays in the keyring, and
 * atmos renews these files from it. Directories are 0700 and files 0600, replaced atomically, and
 * every directory and file on the way is checked to be the user's own before it is trusted.
 */
public final class AzureCliFiles {
    static final String CACHE = "msal_token_cache.json";
    static final String PROFILE = "azureProfile.json";
    static final String SERVICE_PRINCIPALS = "service_principal_entries.json";
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);
    private static final long MAX_FILE_BYTES = 4L << 20;

    private final Path root;
    private final Path azureDir;

    /**
     * @param root     the atmos directory ({@code $XDG_CONFIG_HOME/atmos} or the provider's {@code spec.files.base_path})
     * @param azureDir {@code <root>/[<realm>/]azure}
     */
    public AzureCliFiles(Path root, Path azureDir) {
        this.root = root.toAbsolutePath().normalize();
        this.azureDir = azureDir.toAbsolutePath().normalize();
    }

    /** The provider's directory; a provider name that is not one plain directory name is refused. */
    public Path providerDir(String provider) {
        if (provider.isEmpty() || provider.equals(".") || provider.equals("..") || provider.indexOf('/') >= 0
                || provider.indexOf('\\') >= 0 || provider.chars().anyMatch(Character::isISOControl)) {
            throw AtmosException.config("provider \"" + atmos.config.Names.printable(provider) + "\" cannot be used as a directory name under "
                    + azureDir, "rename the provider in atmos.yaml (atmos auth validate shows the rules)");
        }
        return azureDir.resolve(provider);
    }

    /** {@code AZURE_CONFIG_DIR} for an identity: its name percent-encoded into one directory name. */
    public Path configDir(String provider, String identity) {
        return providerDir(provider).resolve(dirName(identity));
    }

    /** {@code plat-dev/terraform} → {@code plat-dev%2Fterraform}; never {@code .}, {@code ..} or a separator. */
    static String dirName(String identity) {
        StringBuilder b = new StringBuilder();
        for (byte c : identity.getBytes(StandardCharsets.UTF_8)) {
            int u = c & 0xff;
            if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' || u == '_' || (u == '.' && b.length() > 0)) {
                b.append((char) u);
            } else {
                b.append('%').append(String.format(Locale.ROOT, "%02X", u));
            }
        }
        return b.toString();
    }

    /** One access token: its secret, the scopes it is for (space-separated) and when it expires. */
    public record Token(String secret, String target, Instant expiresOn) {
    }

    /**
     * What the files hold for one identity.
     *
     * @param environment      the authority host as MSAL records it (no port)
     * @param clientId         the public client (the Azure CLI's) or the service principal's application
     * @param homeAccountId    {@code <oid>.<home tenant>} for a person; null for a service principal
     * @param accountSource    {@code device_code} or {@code authorization_code}, as az records it
     * @param clientAssertion  the service principal's federated token (az re-presents it), or null
     */
    public record Session(String environment, String profileEnvironment, String clientId, boolean servicePrincipal,
                          String tenantId, String homeAccountId, String localAccountId, String username, String accountSource,
                          String subscriptionId, String subscriptionName, Token management, Token graph, Token keyVault,
                          String clientAssertion, Instant cachedAt) {
    }

    /** Writes (replaces) the identity's directory for {@code s}. */
    @SuppressWarnings("try") // the lock is held for the body
    public Path write(String provider, String identity, Session s) {
        Path dir = configDir(provider, identity);
        SecureFiles.securePrivateDir(root, dir);
        try (SecureFiles.Lock ignored = SecureFiles.lock(root, dir.resolve(".atmos.lock"), LOCK_TIMEOUT, () -> {
        })) {
            SecureFiles.writeAtomically(dir.resolve(CACHE), JsonText.pretty(cache(s)).getBytes(StandardCharsets.UTF_8));
            SecureFiles.writeAtomically(dir.resolve(PROFILE), JsonText.pretty(profile(s)).getBytes(StandardCharsets.UTF_8));
            Path sp = dir.resolve(SERVICE_PRINCIPALS);
            if (s.servicePrincipal() && s.clientAssertion() != null) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("client_id", s.clientId());
                entry.put("tenant", s.tenantId());
                entry.put("client_assertion", s.clientAssertion());
                SecureFiles.writeAtomically(sp, JsonText.pretty(List.of(entry)).getBytes(StandardCharsets.UTF_8));
            } else {
                Files.deleteIfExists(sp);
            }
        } catch (IOException e) {
            throw new AtmosException(atmos.error.ExitCode.FAILURE, "cannot write " + dir + ": " + e.getMessage(), "check its permissions");
        }
        return dir;
    }

    private static Map<String, Object> cache(Session s) {
        String home = s.servicePrincipal() ? "" : s.homeAccountId();
        Map<String, Object> accessTokens = new LinkedHashMap<>();
        for (Token t : new Token[] {s.management(), s.graph(), s.keyVault()}) {
            if (t == null || t.secret() == null) {
                continue;
            }
            String key = String.join("-", home, s.environment(), "accesstoken", s.clientId(), s.tenantId(), t.target()).toLowerCase(Locale.ROOT);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("credential_type", "AccessToken");
            e.put("secret", t.secret());
            e.put("home_account_id", home);
            e.put("environment", s.environment());
            e.put("client_id", s.clientId());
            e.put("target", t.target());
            e.put("realm", s.tenantId());
            e.put("token_type", "Bearer");
            e.put("cached_at", String.valueOf(s.cachedAt().getEpochSecond()));
            e.put("expires_on", String.valueOf(t.expiresOn().getEpochSecond()));
            e.put("extended_expires_on", String.valueOf(t.expiresOn().getEpochSecond()));
            accessTokens.put(key, e);
        }
        Map<String, Object> accounts = new LinkedHashMap<>();
        Map<String, Object> appMetadata = new LinkedHashMap<>();
        if (s.servicePrincipal()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("environment", s.environment());
            m.put("client_id", s.clientId());
            m.put("family_id", "");
            appMetadata.put(("appmetadata-" + s.environment() + "-" + s.clientId()).toLowerCase(Locale.ROOT), m);
        } else {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("home_account_id", home);
            a.put("environment", s.environment());
            a.put("realm", s.tenantId());
            a.put("local_account_id", s.localAccountId() == null ? "" : s.localAccountId());
            a.put("username", s.username() == null ? "" : s.username());
            a.put("authority_type", "MSSTS");
            a.put("account_source", s.accountSource() == null ? "device_code" : s.accountSource());
            accounts.put(String.join("-", home, s.environment(), s.tenantId()).toLowerCase(Locale.ROOT), a);
        }
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("AccessToken", accessTokens);
        cache.put("Account", accounts);
        cache.put("IdToken", Map.of());
        cache.put("RefreshToken", Map.of());
        cache.put("AppMetadata", appMetadata);
        return cache;
    }

    private static Map<String, Object> profile(Session s) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("name", s.servicePrincipal() ? s.clientId() : (s.username() == null ? "user@unknown" : s.username()));
        user.put("type", s.servicePrincipal() ? "servicePrincipal" : "user");
        Map<String, Object> sub = new LinkedHashMap<>();
        sub.put("id", s.subscriptionId());
        sub.put("name", s.subscriptionName() == null ? s.subscriptionId() : s.subscriptionName());
        sub.put("state", "Enabled");
        sub.put("user", user);
        sub.put("isDefault", true);
        sub.put("tenantId", s.tenantId());
        sub.put("environmentName", s.profileEnvironment());
        sub.put("homeTenantId", s.tenantId());
        sub.put("managedByTenants", List.of());
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("installationId", "");
        profile.put("subscriptions", List.of(sub));
        return profile;
    }

    /**
     * Reads back what {@link #write} wrote (a second cache when the keyring has nothing); empty when the
     * directory is missing, damaged, or for another subscription.
     */
    @SuppressWarnings("unchecked")
    public Optional<Session> read(String provider, String identity, String managementScope, String graphScope, String keyVaultScope) {
        Path dir = configDir(provider, identity);
        Path cacheFile = dir.resolve(CACHE);
        Path profileFile = dir.resolve(PROFILE);
        if (!Files.isDirectory(dir) || !SecureFiles.checkSecretFile(root, cacheFile) || !SecureFiles.checkSecretFile(root, profileFile)) {
            return Optional.empty();
        }
        try {
            if (Files.size(cacheFile) > MAX_FILE_BYTES || Files.size(profileFile) > MAX_FILE_BYTES) {
                return Optional.empty();
            }
            Map<String, Object> cache = JsonText.parseObject(stripBom(Files.readString(cacheFile, StandardCharsets.UTF_8)));
            Map<String, Object> profile = JsonText.parseObject(stripBom(Files.readString(profileFile, StandardCharsets.UTF_8)));
            Map<String, Object> sub = ((List<Map<String, Object>>) profile.get("subscriptions")).get(0);
            Map<String, Object> user = (Map<String, Object>) sub.get("user");
            boolean sp = "servicePrincipal".equals(user.get("type"));
            Map<String, Object> ats = (Map<String, Object>) cache.getOrDefault("AccessToken", Map.of());
            Token management = null;
            Token graph = null;
            Token keyVault = null;
            String environment = null;
            String clientId = null;
            String home = null;
            Instant cachedAt = null;
            for (Object o : ats.values()) {
                Map<String, Object> e = (Map<String, Object>) o;
                String target = String.valueOf(e.get("target"));
                Token t = new Token(String.valueOf(e.get("secret")), target, Instant.ofEpochSecond(Long.parseLong(String.valueOf(e.get("expires_on")))));
                List<String> scopes = List.of(target.split(" "));
                if (scopes.contains(managementScope)) {
                    management = t;
                    environment = String.valueOf(e.get("environment"));
                    clientId = String.valueOf(e.get("client_id"));
                    home = String.valueOf(e.get("home_account_id"));
                    cachedAt = Instant.ofEpochSecond(Long.parseLong(String.valueOf(e.get("cached_at"))));
                } else if (scopes.contains(graphScope)) {
                    graph = t;
                } else if (scopes.contains(keyVaultScope)) {
                    keyVault = t;
                }
            }
            if (management == null) {
                return Optional.empty();
            }
            String username = null;
            String localId = null;
            String source = null;
            for (Object o : ((Map<String, Object>) cache.getOrDefault("Account", Map.of())).values()) {
                Map<String, Object> a = (Map<String, Object>) o;
                username = String.valueOf(a.get("username"));
                localId = String.valueOf(a.get("local_account_id"));
                source = String.valueOf(a.get("account_source"));
            }
            String assertion = null;
            Path spFile = dir.resolve(SERVICE_PRINCIPALS);
            if (sp && SecureFiles.checkSecretFile(root, spFile)) {
                List<Map<String, Object>> entries = (List<Map<String, Object>>) JsonText.parse(Files.readString(spFile, StandardCharsets.UTF_8));
                assertion = entries.isEmpty() ? null : (String) entries.get(0).get("client_assertion");
            }
            return Optional.of(new Session(environment, String.valueOf(sub.get("environmentName")), clientId, sp,
                    String.valueOf(sub.get("tenantId")), sp ? null : home, localId, sp ? null : username, source,
                    String.valueOf(sub.get("id")), String.valueOf(sub.get("name")), management, graph, keyVault, assertion, cachedAt));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a damaged copy is a cache miss: the next login writes it anew
        }
    }

    /** Removes the identity's directory (and the provider's, once empty); true when something was removed. */
    public boolean remove(String provider, String identity) {
        Path dir = configDir(provider, identity);
        if (!Files.exists(dir)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            Path parent = dir.getParent();
            try (Stream<Path> rest = Files.list(parent)) {
                if (rest.findAny().isEmpty()) {
                    Files.deleteIfExists(parent);
                }
            }
            return true;
        } catch (IOException e) {
            throw new AtmosException(atmos.error.ExitCode.FAILURE, "cannot remove " + dir + ": " + e.getMessage(), "remove it by hand");
        }
    }

    static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** The cache entries written for a token list, for messages: {@code 3 access tokens}. */
    public static String describe(Session s) {
        List<String> what = new ArrayList<>();
        what.add("ARM");
        if (s.graph() != null) {
            what.add("Graph");
        }
        if (s.keyVault() != null) {
            what.add("Key Vault");
        }
        return String.join(", ", what);
    }
}
