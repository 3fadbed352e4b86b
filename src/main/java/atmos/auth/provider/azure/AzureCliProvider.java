package atmos.auth.provider.azure;

import atmos.auth.AuthContext;
import atmos.auth.Provider;
import atmos.cloud.azure.Msal;
import atmos.config.ProviderConfig;
import atmos.credentials.AzureCredentials;
import atmos.credentials.Credentials;
import atmos.error.AtmosException;
import atmos.text.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code azure/cli}: the session of {@code az login}, reused read-only. The Azure CLI's MSAL token cache
 * ({@code msal_token_cache.json} in {@code AZURE_CONFIG_DIR}, else {@code ~/.azure}) is loaded into
 * MSAL4J in memory; a valid ARM token is taken from it, or a new one is obtained with az's refresh token.
 * Nothing is ever written back: {@code ~/.azure} stays exactly as az left it, and az keeps refreshing
 * its own session. As in the Go Atmos, nothing of such a chain is cached by atmos either (a later
 * {@code az login} as someone else must not be shadowed by a stale copy).
 */
public final class AzureCliProvider implements Provider {
    static final String CACHE = "msal_token_cache.json";
    static final String PROFILE = "azureProfile.json";
    private static final long MAX_BYTES = 16L << 20;

    private final ProviderConfig config;

    public AzureCliProvider(ProviderConfig config) {
        this.config = config;
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    @Override
    public Caching caching() {
        return Caching.NONE;
    }

    @Override
    public Optional<String> region() {
        return Optional.ofNullable(AzureSpec.of(config).location());
    }

    /** The Azure CLI's configuration directory: {@code AZURE_CONFIG_DIR}, else {@code ~/.azure}. */
    public static Path configDir(AuthContext context) {
        return context.host().getenv("AZURE_CONFIG_DIR").map(context.host()::expandHome).orElseGet(() -> context.host().home().resolve(".azure"));
    }

    @Override
    public Credentials authenticate(AuthContext context) {
        AzureSpec spec = AzureSpec.of(config);
        String who = "provider \"" + config.name() + "\" (azure/cli)";
        Path dir = configDir(context);
        String cache = read(dir.resolve(CACHE), who);
        Map<String, Object> profile = profile(dir.resolve(PROFILE));
        Msal msal = Msal.publicClient(spec.endpoints(context.host()), spec.tenantId(), Msal.AZURE_CLI_CLIENT_ID, context.network(),
                context.log(), context.skew(), cache);
        String login = "run 'az login --tenant " + spec.tenantId() + "'" + (context.host().getenv("AZURE_CONFIG_DIR").isPresent()
                ? " with AZURE_CONFIG_DIR=" + dir : "");
        if (msal.account().isEmpty()) {
            throw AtmosException.auth("the Azure CLI is not logged in to tenant " + spec.tenantId() + " (" + dir.resolve(CACHE)
                    + " has no account for it) for " + who, login);
        }
        Msal.Result r;
        try {
            // az caches its ARM token for the legacy scope it asks for: asking for the same one reuses it.
            Optional<Msal.Result> cached = msal.silent(spec.cloud().azManagementScope(), false);
            if (cached.isPresent() && (!cached.get().fromCache() || cached.get().expiresOn().isAfter(Instant.now().plus(Duration.ofMinutes(5))))) {
                r = cached.get();
            } else {
                r = msal.silent(spec.cloud().azManagementScope(), true).orElseThrow(() -> AtmosException.auth(
                        "the Azure CLI's session for tenant " + spec.tenantId() + " has no refresh token (" + who + ")", login));
            }
        } catch (Msal.Failure f) {
            if ("invalid_grant".equals(f.error()) || "interaction_required".equals(f.error())) {
                throw AtmosException.auth("the Azure CLI's session for tenant " + spec.tenantId() + " has expired"
                        + (f.aadsts() != null ? " (" + f.aadsts() + ")" : "") + " for " + who, login);
            }
            throw AzureSignInErrors.of(spec, f);
        }
        context.log().secret(r.accessToken());
        String subscription = spec.subscriptionId() != null ? spec.subscriptionId() : defaultSubscription(profile, spec.tenantId());
        return new AzureCredentials(r.accessToken(), "Bearer", AzureSpec.inContextTime(r.expiresOn(), context.now()), spec.tenantId(),
                subscription, spec.location(), null, null, null, null, Msal.AZURE_CLI_CLIENT_ID, false, null, spec.cloud().name(),
                AzureCredentials.CLI, r.homeAccountId(), r.username(), null, null, null);
    }

    /**
     * What az's cache says about the signed-in account and its ARM token, read from the file without
     * MSAL or the network (for whoami and list): empty when az has no session for the tenant.
     */
    @SuppressWarnings("unchecked")
    public static Optional<AzureCredentials> peek(AuthContext context, ProviderConfig config) {
        AzureSpec spec = AzureSpec.of(config);
        Path file = configDir(context).resolve(CACHE);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return Optional.empty();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Map<String, Object> cache = JsonText.parseObject(text.startsWith("\uFEFF") ? text.substring(1) : text);
            String home = null;
            String username = null;
            for (Object o : ((Map<String, Object>) cache.getOrDefault("Account", Map.of())).values()) {
                Map<String, Object> a = (Map<String, Object>) o;
                if (spec.tenantId().equalsIgnoreCase(String.valueOf(a.get("realm")))) {
                    home = String.valueOf(a.get("home_account_id"));
                    username = String.valueOf(a.get("username"));
                }
            }
            if (home == null) {
                return Optional.empty();
            }
            String token = null;
            long expires = 0;
            java.util.List<String> arm = new java.util.ArrayList<>(spec.cloud().legacyManagementScopes());
            arm.add(spec.cloud().managementScope());
            for (Object o : ((Map<String, Object>) cache.getOrDefault("AccessToken", Map.of())).values()) {
                Map<String, Object> t = (Map<String, Object>) o;
                boolean armToken = java.util.Arrays.stream(String.valueOf(t.get("target")).split(" ")).anyMatch(arm::contains);
                long e = Long.parseLong(String.valueOf(t.getOrDefault("expires_on", "0")));
                if (armToken && home.equals(t.get("home_account_id")) && spec.tenantId().equalsIgnoreCase(String.valueOf(t.get("realm"))) && e > expires) {
                    token = String.valueOf(t.get("secret"));
                    expires = e;
                }
            }
            // No ARM token yet (az asks for one on first use): the session exists, its next token is an unknown time away.
            Instant exp = token == null ? context.now() : AzureSpec.inContextTime(Instant.ofEpochSecond(expires), context.now());
            return Optional.of(new AzureCredentials(token, "Bearer", exp, spec.tenantId(), spec.subscriptionId(), spec.location(), null, null,
                    null, null, Msal.AZURE_CLI_CLIENT_ID, false, null, spec.cloud().name(), AzureCredentials.CLI, home, username, null, null, null));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String read(Path file, String who) {
        try {
            if (!Files.isRegularFile(file)) {
                throw AtmosException.auth("the Azure CLI has no token cache at " + file + " for " + who,
                        "run 'az login' first (atmos-java reads the plaintext cache az keeps on Linux; with AZURE_CONFIG_DIR set, az keeps it there)");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw AtmosException.auth("the Azure CLI's token cache " + file + " is larger than 16 MiB", "run 'az account clear' and 'az login' again");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (IOException e) {
            throw AtmosException.auth("cannot read the Azure CLI's token cache " + file + " for " + who + ": " + e.getMessage(),
                    "check its permissions");
        }
    }

    private static Map<String, Object> profile(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return Map.of();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return JsonText.parseObject(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /** az's default subscription in the tenant (the identity's own subscription_id normally wins). */
    @SuppressWarnings("unchecked")
    private static String defaultSubscription(Map<String, Object> profile, String tenant) {
        if (!(profile.get("subscriptions") instanceof List<?> subs)) {
            return null;
        }
        String any = null;
        for (Object o : subs) {
            if (o instanceof Map<?, ?> m && tenant.equalsIgnoreCase(String.valueOf(m.get("tenantId")))) {
                if (Boolean.TRUE.equals(((Map<String, Object>) m).get("isDefault"))) {
                    return String.valueOf(m.get("id"));
                }
                any = any == null ? String.valueOf(m.get("id")) : any;
            }
        }
        return any;
    }
}
