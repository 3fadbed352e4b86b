package atmos.auth.identity.azure;

import atmos.auth.AuthContext;
import atmos.auth.Chain;
import atmos.auth.Identity;
import atmos.auth.ProviderSessionRejected;
import atmos.auth.provider.azure.AzureCliProvider;
import atmos.auth.provider.azure.AzureSpec;
import atmos.cloud.azure.Arm;
import atmos.cloud.azure.AzureCliFiles;
import atmos.cloud.azure.AzureEnvironment;
import atmos.cloud.azure.Endpoints;
import atmos.config.IdentityConfig;
import atmos.config.ProviderConfig;
import atmos.credentials.AzureCredentials;
import atmos.credentials.Credentials;
import atmos.error.AtmosException;
import atmos.exec.EnvChange;
import atmos.system.Xdg;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code azure/subscription}: an Azure subscription reached with an Azure provider's tokens. The login
 * checks with ARM ({@code GET /subscriptions/{id}}) that the subscription exists and that the signed-in
 * principal can see it; an unknown or forbidden subscription is one clear error and changes nothing
 * cached. Commands get the Go Atmos's Azure variables and, for the MSAL-based providers and azure/oidc,
 * an isolated {@code AZURE_CONFIG_DIR} that az and Terraform read as after {@code az login}.
 */
public final class SubscriptionIdentity implements Identity {
    private final IdentityConfig config;

    public SubscriptionIdentity(IdentityConfig config) {
        this.config = config;
    }

    @Override
    public IdentityConfig config() {
        return config;
    }

    private String subscriptionId() {
        return config.principal().string("subscription_id").orElseThrow(() -> AtmosException.config(
                "identity \"" + config.name() + "\" (azure/subscription) has no principal.subscription_id",
                "set principal.subscription_id to the subscription's ID"));
    }

    private static ProviderConfig provider(Chain chain, IdentityConfig config) {
        if (chain.provider() == null || !chain.provider().kind().startsWith("azure/")) {
            throw AtmosException.config("identity \"" + config.name() + "\" (azure/subscription) needs an Azure provider in via.provider",
                    "point via.provider at an azure/device-code, azure/interactive, azure/cli or azure/oidc provider");
        }
        return chain.provider();
    }

    @Override
    public Credentials authenticate(AuthContext context, Chain chain, Credentials base) {
        if (!(base instanceof AzureCredentials az)) {
            throw AtmosException.config("identity \"" + config.name() + "\" (azure/subscription) needs Azure credentials from its provider",
                    "point via.provider at an azure/* provider");
        }
        AzureSpec spec = AzureSpec.of(provider(chain, config));
        Endpoints endpoints = spec.endpoints(context.host());
        String sub = subscriptionId();
        String who = az.servicePrincipal() ? "application " + az.clientId() : (az.username() != null ? az.username() : "the signed-in user");
        Arm.Subscription s;
        try {
            s = new Arm(context.network(), endpoints.resourceManager(), context.skew()).subscription(az.accessToken(), sub);
        } catch (Arm.Refused r) {
            if (r.tokenRejected()) {
                throw new ProviderSessionRejected("Azure Resource Manager refused the access token (" + r.code() + ")");
            }
            if (r.status() == 404) {
                throw AtmosException.auth("subscription " + sub + " was not found in tenant " + az.tenantId() + " for " + who
                                + " (identity \"" + config.name() + "\", ARM " + r.code() + ")",
                        "check principal.subscription_id, and that the subscription belongs to tenant " + az.tenantId()
                                + " (spec.tenant_id of provider \"" + chain.provider().name() + "\"); 'az account list' shows the ones you can reach");
            }
            if (r.status() == 403) {
                throw AtmosException.auth(who + " has no access to subscription " + sub + " (identity \"" + config.name() + "\", ARM "
                        + r.code() + ")", "ask an owner of the subscription for a role assignment (for example Reader) on it");
            }
            throw AtmosException.auth("Azure Resource Manager refused subscription " + sub + " for identity \"" + config.name() + "\": "
                    + r.code() + (r.getMessage().isBlank() ? "" : " (" + r.getMessage() + ")"), "run the command again; if it repeats, check the Azure status page");
        }
        String location = config.principal().string("location").orElse(null);
        context.log().debug("Azure subscription checked", "identity", config.name(), "subscription", sub, "name", s.displayName(),
                "state", s.state());
        return az.forSubscription(sub, s.displayName(), location);
    }

    // ---------------------------------------------------------------- files az and Terraform read

    /** The MSAL-based providers and azure/oidc get an isolated AZURE_CONFIG_DIR; azure/cli uses az's own. */
    private static boolean seedsFiles(Chain chain) {
        return chain.provider() != null && !chain.provider().kind().equals("azure/cli");
    }

    /** {@code <base>/[<realm>/]azure}, where the base is the provider's {@code spec.files.base_path} or {@code $XDG_CONFIG_HOME/atmos}. */
    static AzureCliFiles files(AuthContext context, ProviderConfig provider) {
        Path base = provider.spec().child("files").string("base_path").map(context.host()::expandHome)
                .orElseGet(() -> Xdg.configHome(context.host()).resolve("atmos"));
        String realm = context.config().realm().value();
        return new AzureCliFiles(base, (realm.isEmpty() ? base : base.resolve(realm)).resolve("azure"));
    }

    @Override
    public void persist(AuthContext context, Chain chain, Credentials credentials) {
        if (!seedsFiles(chain) || !(credentials instanceof AzureCredentials az)) {
            return;
        }
        AzureSpec spec = AzureSpec.of(chain.provider());
        Endpoints endpoints = spec.endpoints(context.host());
        Map<String, Object> claims = atmos.cloud.azure.Jwt.claims(az.accessToken());
        String oid = claims.get("oid") == null ? null : String.valueOf(claims.get("oid"));
        String home = az.homeAccountId() != null ? az.homeAccountId() : (oid == null ? null : oid + "." + az.tenantId());
        Instant now = Instant.now();
        // The files are read by az (MSAL Python) with the system clock: expiry in that frame.
        AzureCliFiles.Token arm = token(az.accessToken(), spec.cloud().managementTarget(), az.expirationTime(), context.now(), now);
        AzureCliFiles.Token graph = az.graphApiToken() == null ? null
                : token(az.graphApiToken(), spec.cloud().graphScope(), az.graphApiExpiration(), context.now(), now);
        AzureCliFiles.Token kv = az.keyVaultToken() == null ? null
                : token(az.keyVaultToken(), spec.cloud().keyVaultScope(), az.keyVaultExpiration(), context.now(), now);
        files(context, chain.provider()).write(chain.provider().key(), config.key(), new AzureCliFiles.Session(endpoints.cacheEnvironment(),
                spec.cloud().profileEnvironment(), az.clientId(), az.servicePrincipal(), az.tenantId(), home, oid, az.username(),
                AzureCredentials.INTERACTIVE.equals(az.authMethod()) ? "authorization_code" : "device_code", az.subscriptionId(),
                az.subscriptionName(), arm, graph, kv, az.federatedToken(), now));
    }

    private static AzureCliFiles.Token token(String secret, String target, Instant expires, Instant contextNow, Instant systemNow) {
        Instant e = expires == null ? systemNow.plusSeconds(3600) : systemNow.plus(java.time.Duration.between(contextNow, expires));
        return new AzureCliFiles.Token(secret, target, e);
    }

    @Override
    public Optional<Credentials> loadPersisted(AuthContext context, Chain chain) {
        if (chain.provider() != null && chain.provider().kind().equals("azure/cli")) {
            // Nothing of an azure/cli chain is kept: what az's own session says (whoami, list), read-only.
            String location = config.principal().string("location").orElse(null);
            return AzureCliProvider.peek(context, chain.provider()).map(c -> c.forSubscription(subscriptionId(), null, location));
        }
        if (!seedsFiles(chain)) {
            return Optional.empty();
        }
        AzureSpec spec = AzureSpec.of(chain.provider());
        Optional<AzureCliFiles.Session> s = files(context, chain.provider()).read(chain.provider().key(), config.key(),
                spec.cloud().managementScope(), spec.cloud().graphScope(), spec.cloud().keyVaultScope());
        if (s.isEmpty() || !s.get().subscriptionId().equals(subscriptionId()) || !s.get().tenantId().equalsIgnoreCase(spec.tenantId())) {
            return Optional.empty();
        }
        AzureCliFiles.Session f = s.get();
        Instant now = context.now();
        Instant sys = Instant.now();
        java.util.function.Function<AzureCliFiles.Token, Instant> exp = t -> t == null ? null
                : now.plus(java.time.Duration.between(sys, t.expiresOn())).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String method = f.servicePrincipal() ? AzureCredentials.OIDC
                : "authorization_code".equals(f.accountSource()) ? AzureCredentials.INTERACTIVE : AzureCredentials.DEVICE_CODE;
        return Optional.of(new AzureCredentials(f.management().secret(), "Bearer", exp.apply(f.management()), f.tenantId(), f.subscriptionId(),
                config.principal().string("location").orElse(spec.location()), f.graph() == null ? null : f.graph().secret(), exp.apply(f.graph()),
                f.keyVault() == null ? null : f.keyVault().secret(), exp.apply(f.keyVault()), f.clientId(), f.servicePrincipal(),
                f.servicePrincipal() ? tokenFile(context, spec) : null, spec.cloud().name(), method, f.homeAccountId(), f.username(),
                f.subscriptionName(), f.clientAssertion(), null));
    }

    @Override
    public void removePersisted(AuthContext context, Chain chain) {
        if (seedsFiles(chain)) {
            files(context, chain.provider()).remove(chain.provider().key(), config.key());
        }
    }

    @Override
    public String persistedLocation(AuthContext context, Chain chain) {
        return seedsFiles(chain) ? files(context, chain.provider()).configDir(chain.provider().key(), config.key()).toString() : null;
    }

    // ---------------------------------------------------------------- environment

    @Override
    public EnvChange environment(AuthContext context, Chain chain, Credentials credentials) {
        ProviderConfig provider = provider(chain, config);
        AzureSpec spec = AzureSpec.of(provider);
        boolean oidc = provider.kind().equals("azure/oidc");
        String configDir;
        if (seedsFiles(chain)) {
            configDir = files(context, provider).configDir(provider.key(), config.key()).toString();
        } else {
            // azure/cli: the tools use az's own session, where atmos read it from.
            configDir = context.host().getenv("AZURE_CONFIG_DIR").map(v -> AzureCliProvider.configDir(context).toString()).orElse(null);
        }
        AzureEnvironment.Change c = AzureEnvironment.prepare(new AzureEnvironment.Settings(subscriptionId(), spec.tenantId(),
                config.principal().string("location").orElse(spec.location()), config.principal().string("resource_group").orElse(null),
                spec.cloud().name(), oidc, spec.clientId(), oidc ? tokenFile(context, spec) : null, configDir));
        return new EnvChange(new LinkedHashMap<>(c.set()), c.remove());
    }

    /** The federated token file Terraform may read again: spec.token_file_path, else AZURE_FEDERATED_TOKEN_FILE. */
    private static String tokenFile(AuthContext context, AzureSpec spec) {
        if (spec.tokenFilePath() != null) {
            return context.host().expandHome(spec.tokenFilePath()).toString();
        }
        return context.host().getenv("AZURE_FEDERATED_TOKEN_FILE").orElse(null);
    }

    /** The Azure portal for the tenant (see {@link AzurePortal}). */
    @Override
    public Optional<atmos.auth.WebConsole> webConsole() {
        return Optional.of(new AzurePortal(subscriptionId()));
    }

    /** The signed-in person (or application) and the subscription. */
    @Override
    public Optional<Principal> principal(Credentials credentials) {
        if (credentials instanceof AzureCredentials az) {
            String who = az.servicePrincipal() ? "application " + az.clientId() : az.username();
            return Optional.of(new Principal(who, az.subscriptionId()));
        }
        return Optional.empty();
    }
}
