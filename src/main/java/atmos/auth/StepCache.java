package atmos.auth;

import atmos.auth.Step.IdentityStep;
import atmos.auth.Step.ProviderStep;
import atmos.config.AtmosConfig;
import atmos.config.ProviderConfig;
import atmos.credentials.AmbientCredentials;
import atmos.credentials.Credentials;
import atmos.keyring.Keyrings;
import java.util.Optional;

/**
 * What the steps of a chain have cached: read only while the settings they were made under are the
 * settings now ({@link ConfigFingerprints}), written together with those settings' fingerprint. An
 * identity's credentials come from the shared files (cheap) first, then the keyring; a provider's
 * session from the keyring, or from another provider of the same session group.
 */
final class StepCache {
    private final AtmosConfig config;
    private final AuthContext context;
    private final KindRegistry kinds;
    private final ConfigFingerprints fingerprints;

    StepCache(AtmosConfig config, AuthContext context, KindRegistry kinds) {
        this.config = config;
        this.context = context;
        this.kinds = kinds;
        this.fingerprints = new ConfigFingerprints(context.host(), config.realm().value());
    }

    /** Cached credentials of a step, fresh or not. */
    Optional<Credentials> load(Chain chain, Step step) {
        if (step instanceof IdentityStep is) {
            if (changed(step.alias(), step.name(), ConfigFingerprints.of(chain, is.config()))) {
                return Optional.empty();
            }
            Optional<Credentials> persisted = is.identity().loadPersisted(context, chain);
            if (persisted.isPresent() && persisted.get().isFresh(context.now(), AuthService.REFRESH_MARGIN)) {
                return persisted;
            }
            Optional<Credentials> stored = context.store().get(step.alias());
            if (stored.isPresent()) {
                if (stored.get().isFresh(context.now(), AuthService.REFRESH_MARGIN)) {
                    // The files may have been removed by hand; put them back for the tools that read them.
                    is.identity().persist(context, chain, stored.get());
                }
                return stored;
            }
            return persisted;
        }
        ProviderStep ps = (ProviderStep) step;
        Optional<Credentials> own = storedProvider(ps.config());
        if (own.isPresent() && own.get().isFresh(context.now(), AuthService.REFRESH_MARGIN)) {
            return own;
        }
        return siblingSession(ps).or(() -> own);
    }

    /** The provider's own session or a sibling's, if one is fresh. */
    Optional<Credentials> freshProvider(ProviderStep step) {
        return storedProvider(step.config()).filter(c -> c.isFresh(context.now(), AuthService.REFRESH_MARGIN))
                .or(() -> siblingSession(step));
    }

    /** The provider's stored session renewed without the user (a refresh token), if it can be. */
    Optional<Credentials> renewed(ProviderStep step) {
        return storedProvider(step.config()).flatMap(stale -> step.provider().refresh(context, stale));
    }

    /**
     * What {@code auth list} shows for an identity, read without prompting: the shared files, then the
     * keyring unless it is a file keyring (which would ask for its password).
     */
    Optional<Credentials> peek(Chain chain, Identity identity) {
        if (fingerprints.changed(identity.cacheAlias(), ConfigFingerprints.of(chain, chain.target()))) {
            return Optional.empty();
        }
        Optional<Credentials> persisted = identity.loadPersisted(context, chain);
        if (persisted.isPresent() || Keyrings.type(config.auth().keyring(), context.host()).equals("file")) {
            return persisted;
        }
        return context.store().get(identity.cacheAlias());
    }

    /**
     * A fresh session of another provider of the same group (the same IAM Identity Center portal under
     * another name): one sign-in serves both, as the Go Atmos's shared SSO session does.
     */
    private Optional<Credentials> siblingSession(ProviderStep step) {
        Optional<String> group = step.provider().sessionGroup();
        if (group.isEmpty()) {
            return Optional.empty();
        }
        for (ProviderConfig other : config.auth().providers().values()) {
            if (other.key().equals(step.config().key()) || !other.kind().equals(step.config().kind())) {
                continue;
            }
            Provider p = kinds.provider(other.kind()).create(other, context);
            if (!p.sessionGroup().equals(group)) {
                continue;
            }
            Optional<Credentials> c = storedProvider(other);
            if (c.isPresent() && c.get().isFresh(context.now(), AuthService.REFRESH_MARGIN)) {
                context.log().debug("using the session of a provider with the same portal", "provider", step.name(), "from", other.name());
                return c;
            }
        }
        return Optional.empty();
    }

    /** The provider's stored session, unless the provider's settings changed since it was stored. */
    Optional<Credentials> storedProvider(ProviderConfig pc) {
        return changed(pc.key(), pc.name(), ConfigFingerprints.of(pc)) ? Optional.empty() : context.store().get(pc.key());
    }

    /**
     * Stores a step's credentials; a keyring that cannot store (locked, no password) is an error to fix, not to hide.
     *
     * @param chain the chain of an identity step (a provider's fingerprint needs none)
     */
    void save(Chain chain, Step step, Credentials c) {
        if (c instanceof AmbientCredentials) {
            return;
        }
        context.mask(c);
        context.store().put(step.alias(), c);
        fingerprints.record(step.alias(), step instanceof IdentityStep is
                ? ConfigFingerprints.of(chain, is.config()) : ConfigFingerprints.of(((ProviderStep) step).config()));
    }

    /** True (and said at debug level) when what is cached for the step was made under other settings. */
    private boolean changed(String alias, String name, String fingerprint) {
        if (!fingerprints.changed(alias, fingerprint)) {
            return false;
        }
        context.log().debug("the settings of the chain changed since its credentials were cached; not using them", "step", name);
        return true;
    }
}
