package atmos.auth;

import atmos.auth.AuthService.ProviderSession;
import atmos.auth.Step.IdentityStep;
import atmos.auth.Step.ProviderStep;
import atmos.config.AtmosConfig;
import atmos.config.AuthValidator;
import atmos.config.IdentityConfig;
import atmos.config.ProviderConfig;
import atmos.credentials.Credentials;
import atmos.error.AtmosException;
import atmos.system.SecureFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code atmos auth login --provider P}: a provider signed in alone (the morning SSO login), under the
 * same lock and cache rules as a chain. A provider whose own credential is not kept is signed in once
 * and every identity chained directly from it derived then.
 */
final class ProviderLogin {
    private final AuthService service;
    private final AtmosConfig config;
    private final AuthContext context;
    private final StepCache cache;
    private final LoginLocks locks;

    ProviderLogin(AuthService service, StepCache cache, LoginLocks locks) {
        this.service = service;
        this.config = service.config();
        this.context = service.context();
        this.cache = cache;
        this.locks = locks;
    }

    /** Logs in the provider unless its session (or a sibling's of the same portal) is fresh, or {@code force}. */
    @SuppressWarnings("try") // the lock is held for the body
    ProviderSession login(String name, boolean force) {
        ProviderConfig pc = config.auth().provider(name).orElseThrow(() -> AtmosException.usage("provider \"" + name + "\" not found"
                        + AuthValidator.suggestion(name, config.auth().providers().keySet()),
                config.auth().providers().isEmpty() ? "no providers are configured"
                        : "configured providers: " + String.join(", ", config.auth().providers().keySet())));
        Provider provider = service.kinds().provider(pc.kind()).create(pc, context);
        ProviderStep step = new ProviderStep(pc, provider);
        if (provider.caching() != Provider.Caching.ALL) {
            return through(step);
        }
        if (!force) {
            Optional<Credentials> c = cache.freshProvider(step);
            if (c.isPresent()) {
                return new ProviderSession(pc, c.get(), true);
            }
        }
        try (SecureFiles.Lock ignored = locks.acquire(provider.sessionGroup().orElse(pc.key()), pc.key())) {
            if (!force) {
                Optional<Credentials> c = cache.freshProvider(step);
                if (c.isPresent()) {
                    return new ProviderSession(pc, c.get(), true);
                }
            }
            context.store().keyring().unlock();
            Optional<Credentials> renewed = force ? Optional.empty() : cache.renewed(step);
            Credentials c = renewed.orElseGet(() -> provider.authenticate(context));
            cache.save(null, step, c);
            step.afterLogin(context, c);
            Map<String, Object> fields = AuditFields.of(null, null, c, "ok", null);
            fields.put("provider", pc.name());
            context.audit().record(renewed.isPresent() ? "refresh" : "login", fields);
            return new ProviderSession(pc, c, false);
        }
    }

    /**
     * Logs in a provider whose own credential is not kept (a SAML assertion, a CI token): one sign-in,
     * then every identity chained directly from it is derived from that credential and cached as a
     * login of that identity would. An identity that fails does not keep the others; when all fail,
     * the first failure is the error.
     */
    @SuppressWarnings("try") // the lock is held for the body
    private ProviderSession through(ProviderStep step) {
        List<IdentityConfig> direct = config.auth().identities().values().stream()
                .filter(i -> i.viaProvider().map(v -> v.equalsIgnoreCase(step.config().name())).orElse(false))
                .toList();
        if (direct.isEmpty()) {
            throw AtmosException.config("no identity uses provider \"" + step.name() + "\" (" + step.config().kind() + ")",
                    "its credential only works through an identity: add an aws/assume-role identity with via.provider: " + step.name());
        }
        try (SecureFiles.Lock ignored = locks.acquire(step.config().key(), step.config().key())) {
            boolean keep = step.provider().caching() != Provider.Caching.NONE;
            if (keep) {
                context.store().keyring().unlock();
            }
            Credentials base = step.provider().authenticate(context);
            context.mask(base);
            Map<IdentityStep, Chain> chains = new LinkedHashMap<>();
            Map<IdentityStep, Credentials> results = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            AtmosException first = null;
            for (IdentityConfig ic : direct) {
                Chain c = service.chain(ic.name());
                IdentityStep is = new IdentityStep(ic, service.identityInstance(ic));
                try {
                    Credentials derived = is.identity().authenticate(context, c, base);
                    context.mask(derived);
                    chains.put(is, c);
                    results.put(is, derived);
                } catch (AtmosException e) {
                    failures.add(ic.name() + ": " + e.getMessage());
                    first = first == null ? e : first;
                }
            }
            if (results.isEmpty() && first != null) {
                throw first;
            }
            if (keep) {
                results.forEach((is, c) -> cache.save(chains.get(is), is, c));
            }
            results.forEach((is, c) -> is.identity().persist(context, chains.get(is), c));
            results.forEach((is, c) -> context.audit().record("login", AuditFields.of(is.name(), chains.get(is), c, "ok", null)));
            return new ProviderSession(step.config(), base, false, results.keySet().stream().map(IdentityStep::name).toList(), failures);
        }
    }
}
