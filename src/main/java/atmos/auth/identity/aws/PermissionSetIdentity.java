package atmos.auth.identity.aws;

import atmos.auth.AuthContext;
import atmos.auth.Chain;
import atmos.auth.ProviderSessionRejected;
import atmos.cloud.aws.Sso;
import atmos.config.AuthValidator;
import atmos.config.IdentityConfig;
import atmos.credentials.AwsCredentials;
import atmos.credentials.Credentials;
import atmos.credentials.MockCredentials;
import atmos.credentials.SsoToken;
import atmos.error.AtmosException;
import atmos.system.SecureFiles;
import atmos.system.Xdg;
import atmos.text.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code aws/permission-set}: role credentials for a permission set in an account, from the IAM
 * Identity Center session (SSO GetRoleCredentials). An account given by name is resolved through
 * ListAccounts, whose result is cached for {@link #ACCOUNT_CACHE_TTL} so a run does not page through
 * hundreds of accounts each time.
 */
public final class PermissionSetIdentity extends AwsIdentity {
    /** How long the account list stays cached (names rarely change; a miss refreshes it at once). */
    public static final Duration ACCOUNT_CACHE_TTL = Duration.ofHours(1);

    public PermissionSetIdentity(IdentityConfig config) {
        super(config);
    }

    @Override
    public Credentials authenticate(AuthContext context, Chain chain, Credentials base) {
        String token = accessToken(base);
        String region = ssoRegion(chain, base);
        Sso sso = new Sso(context.aws(), region);
        String roleName = config.principal().string("name").orElseThrow(() -> AtmosException.config(
                "identity \"" + config.name() + "\" has no principal.name", "set principal.name to the permission set name"));
        String accountId = accountId(context, chain, sso, token);
        try {
            AwsCredentials c = sso.getRoleCredentials(token, accountId, roleName);
            return c.withRegion(region(context, chain, c));
        } catch (Sso.PortalError e) {
            if (e.tokenRejected()) {
                throw new ProviderSessionRejected(e.getMessage());
            }
            if (e.code().equals("ResourceNotFoundException") || e.code().equals("ForbiddenException")) {
                List<String> roles = rolesIn(sso, token, accountId);
                throw AtmosException.auth("permission set \"" + roleName + "\" is not available to you in account " + accountId
                                + " (identity \"" + config.name() + "\")" + AuthValidator.suggestion(roleName, new LinkedHashSet<>(roles)),
                        roles.isEmpty() ? "you have no permission sets in account " + accountId + "; ask your AWS administrator for an assignment"
                                : "permission sets you have there: " + String.join(", ", roles));
            }
            throw AtmosException.auth("cannot get credentials for " + roleName + " in account " + accountId + " (identity \""
                    + config.name() + "\"): " + e.getMessage(), "run again with --verbose for details");
        }
    }

    private List<String> rolesIn(Sso sso, String token, String accountId) {
        try {
            return sso.listAccountRoles(token, accountId).stream().sorted().toList();
        } catch (Sso.PortalError e) {
            return List.of();
        }
    }

    /** The SSO access token carried by the provider step (Atmos stores it as an AWS key id). */
    private String accessToken(Credentials base) {
        if (base instanceof SsoToken t && t.accessToken() != null) {
            return t.accessToken();
        }
        if (base instanceof AwsCredentials a && a.secretAccessKey() == null && a.accessKeyId() != null) {
            return a.accessKeyId();
        }
        if (base instanceof MockCredentials m) {
            return m.accessKeyId();
        }
        throw AtmosException.config("identity \"" + config.name() + "\" (aws/permission-set) needs an IAM Identity Center session",
                "set via.provider to an aws/iam-identity-center provider");
    }

    private static String ssoRegion(Chain chain, Credentials base) {
        if (base instanceof SsoToken t && t.region() != null) {
            return t.region();
        }
        return chain.provider() != null && chain.provider().region().isPresent() ? chain.provider().region().get() : "us-east-1";
    }

    // ---------------------------------------------------------------- accounts

    private String accountId(AuthContext context, Chain chain, Sso sso, String token) {
        Optional<String> id = config.principal().child("account").string("id");
        if (id.isPresent()) {
            return id.get();
        }
        String name = config.principal().child("account").string("name").orElseThrow(() -> AtmosException.config(
                "identity \"" + config.name() + "\" has no principal.account.name or id", "set principal.account.id or principal.account.name"));
        AccountCache cache = new AccountCache(context, chain);
        Optional<Map<String, String>> cached = cache.read();
        if (cached.isPresent()) {
            String hit = find(cached.get(), name);
            if (hit != null) {
                return hit;
            }
        }
        Map<String, String> fresh = listAccounts(sso, token);
        cache.write(fresh);
        String hit = find(fresh, name);
        if (hit != null) {
            return hit;
        }
        List<String> close = fresh.keySet().stream()
                .filter(n -> AuthValidator.suggestion(name, Set.of(n)).length() > 0 || n.toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT))
                        || name.toLowerCase(Locale.ROOT).contains(n.toLowerCase(Locale.ROOT)))
                .sorted().toList();
        throw AtmosException.auth("account \"" + name + "\" (identity \"" + config.name() + "\") is not among the accounts you can reach in "
                        + (chain.provider() == null ? "IAM Identity Center" : chain.provider().name()),
                close.isEmpty() ? "you can reach " + fresh.size() + " accounts; check principal.account.name, or use principal.account.id"
                        : "close matches: " + String.join(", ", close));
    }

    private Map<String, String> listAccounts(Sso sso, String token) {
        try {
            Map<String, String> out = new LinkedHashMap<>();
            for (Sso.Account a : sso.listAccounts(token)) {
                out.put(a.name(), a.id());
            }
            return out;
        } catch (Sso.PortalError e) {
            if (e.tokenRejected()) {
                throw new ProviderSessionRejected(e.getMessage());
            }
            throw AtmosException.auth("cannot list your accounts in IAM Identity Center: " + e.getMessage(), "run again with --verbose for details");
        }
    }

    /** Exact name first, then case-insensitive. */
    private static String find(Map<String, String> accounts, String name) {
        String exact = accounts.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> e : accounts.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * Account names and ids of an SSO portal, in {@code $XDG_CACHE_HOME/atmos/sso/<realm>/<provider>/accounts.json}
     * (not secret: names and ids only), valid for {@link #ACCOUNT_CACHE_TTL}.
     */
    private static final class AccountCache {
        private final AuthContext context;
        private final Path root;
        private final Path file;
        private final String startUrl;

        AccountCache(AuthContext context, Chain chain) {
            this.context = context;
            String realm = context.config().realm().value();
            String provider = chain.provider() == null ? "default" : chain.provider().key().replace("/", "%2F");
            this.root = Xdg.cacheHome(context.host()).resolve("atmos");
            this.file = root.resolve("sso").resolve(realm.isEmpty() ? "_" : realm)
                    .resolve(provider).resolve("accounts.json");
            this.startUrl = chain.provider() == null ? "" : chain.provider().startUrl().orElse("");
        }

        @SuppressWarnings("unchecked")
        Optional<Map<String, String>> read() {
            try {
                // Names map to account ids: a list planted by someone else could send "prod" to another account.
                if (!SecureFiles.checkSecretFile(root, file)) {
                    return Optional.empty();
                }
                Map<String, Object> json = JsonText.parseObject(Files.readString(file, StandardCharsets.UTF_8));
                Instant fetched = Instant.parse(String.valueOf(json.get("fetched_at")));
                if (!startUrl.equals(json.get("start_url")) || fetched.plus(ACCOUNT_CACHE_TTL).isBefore(context.now())) {
                    return Optional.empty();
                }
                Map<String, String> out = new LinkedHashMap<>();
                for (Object o : (List<Object>) json.get("accounts")) {
                    Map<String, Object> a = (Map<String, Object>) o;
                    out.put(String.valueOf(a.get("name")), String.valueOf(a.get("id")));
                }
                return Optional.of(out);
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        void write(Map<String, String> accounts) {
            List<Map<String, String>> list = new ArrayList<>();
            accounts.forEach((name, id) -> list.add(Map.of("name", name, "id", id)));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("start_url", startUrl);
            json.put("fetched_at", context.now().toString());
            json.put("accounts", list);
            try {
                SecureFiles.securePrivateDir(root, file.getParent());
                SecureFiles.writeAtomically(file, JsonText.pretty(json).getBytes(StandardCharsets.UTF_8));
            } catch (AtmosException e) {
                context.log().debug("cannot cache the account list", "error", e.getMessage());
            }
        }
    }
}
