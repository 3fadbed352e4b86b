package atmos.auth;

import atmos.auth.Step.IdentityStep;
import atmos.auth.Step.ProviderStep;
import atmos.config.AtmosConfig;
import atmos.config.AuthValidator;
import atmos.config.IdentityConfig;
import atmos.config.Problem;
import atmos.config.ProviderConfig;
import atmos.credentials.Credentials;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.system.SecureFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The facade commands call. Resolves an identity's chain, takes the deepest cached credentials that
 * are still fresh, re-authenticates only what is missing under a cross-process lock (re-reading the
 * cache once it holds the lock, so N processes started together log in once), derives forward, and
 * stores every step. Credentials are fresh while they have more than {@link #REFRESH_MARGIN} left,
 * as the AWS SDKs prefetch.
 *
 * <p>Its helpers: {@link StepCache} (what each step has cached, under its settings' fingerprint),
 * {@link LoginLocks}, {@link ProviderLogin} (a provider signed in alone), {@link Logout} and
 * {@link SessionEnvironment} (what a session gives a command).
 */
public final class AuthService {
    /** Credentials with less time left than this are renewed, as the AWS SDKs do. */
    public static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    /** How long a process waits for another one that is logging in to the same provider (ATMOS_AUTH_LOCK_TIMEOUT). */
    public static final Duration LOCK_WAIT = Duration.ofMinutes(10);

    private final AtmosConfig config;
    private final KindRegistry kinds;
    private final AuthContext context;
    private final ChainResolver resolver;
    private final StepCache cache;
    private final LoginLocks locks;

    public AuthService(AtmosConfig config, KindRegistry kinds, AuthContext context) {
        this.config = config;
        this.kinds = kinds;
        this.context = context;
        this.resolver = new ChainResolver(config.auth(), kinds);
        this.cache = new StepCache(config, context, kinds);
        this.locks = new LoginLocks(context, config.realm().value());
    }

    public AuthContext context() {
        return context;
    }

    public AtmosConfig config() {
        return config;
    }

    /**
     * An identity's credentials and where they came from.
     *
     * @param fromCache true when nothing had to be authenticated
     */
    public record Session(Chain chain, Credentials credentials, boolean fromCache) {
        public Optional<Instant> expiration() {
            return credentials.expiration();
        }
    }

    public Chain chain(String identity) {
        return resolver.resolve(identity);
    }

    public IdentityConfig identity(String name) {
        return resolver.identity(name);
    }

    /** Credentials for the identity: from cache when fresh, else by logging in what is missing. */
    public Session session(String identity) {
        return session(identity, Duration.ZERO);
    }

    /**
     * Credentials for the identity that stay valid at least {@code minTtl} (and the usual margin): cached
     * ones when they do, else the identity is derived again from the deepest step of its chain that is
     * fresh (for a 3-hour {@code terraform apply}: {@code --min-ttl 3h}). When even new credentials
     * cannot last that long (a chained role's hour), they are returned with a warning.
     */
    public Session session(String identity, Duration minTtl) {
        try {
            return login(identity, false, minTtl);
        } catch (AtmosException e) {
            if (!e.isInputNeeded()) {
                throw e;
            }
            // A command that needs credentials (terraform, exec, a workflow step) found none it could use
            // without asking: say which login to run, where someone can answer.
            throw new AtmosException(ExitCode.AUTH, "identity \"" + identity + "\" needs a login that asks for input, and there is"
                    + " no terminal to ask on: " + e.getMessage(),
                    "run 'atmos auth login -i " + identity + "' in a terminal first (the session is then reused), or pipe the"
                            + " answer on standard input", e);
        }
    }

    /**
     * Logs in: a no-op returning cached credentials while they are fresh, unless {@code force}, which
     * re-authenticates every step from the provider on.
     */
    public Session login(String identity, boolean force) {
        return login(identity, force, Duration.ZERO);
    }

    /** {@link #login(String, boolean)}, the identity's credentials valid at least {@code minTtl} (see {@link #session(String, Duration)}). */
    public Session login(String identity, boolean force, Duration minTtl) {
        Duration margin = minTtl == null || minTtl.compareTo(REFRESH_MARGIN) < 0 ? REFRESH_MARGIN : minTtl;
        Session s;
        try {
            s = loginUnaudited(identity, force, margin);
        } catch (AtmosException e) {
            context.audit().record("login", AuditFields.of(identity, null, null, "failed", e.getMessage()));
            throw e;
        }
        if (margin.compareTo(REFRESH_MARGIN) > 0 && !s.credentials().isFresh(context.now(), margin)) {
            context.notice().accept("Warning: " + s.chain().target().name() + ": the credentials expire at " + s.expiration().map(Object::toString).orElse("?")
                    + ", sooner than --min-ttl " + atmos.text.Durations.human(margin) + " asks: they cannot be issued for longer"
                    + " (chained roles last at most 1h; see the role's maximum session duration)");
        }
        return s;
    }

    @SuppressWarnings("try") // the lock is held for the body
    private Session loginUnaudited(String identity, boolean force, Duration margin) {
        Chain chain = chain(identity);
        requireValid(chain);
        List<Step> steps = steps(chain);
        // A chain whose provider allows no caching (a CI job's OIDC token) is authenticated every time.
        boolean useCache = !force && caching(steps) != Provider.Caching.NONE;
        if (useCache) {
            Optional<Session> cached = fromCache(chain, steps, margin);
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        try (SecureFiles.Lock ignored = locks.acquire(chain, steps.get(0) instanceof ProviderStep ps
                ? ps.provider().sessionGroup() : Optional.empty())) {
            if (useCache) {
                Optional<Session> now = fromCache(chain, steps, margin);
                if (now.isPresent()) {
                    return now.get();
                }
            }
            return authenticate(chain, steps, !useCache, margin);
        }
    }

    /** What the chain's provider lets this tool keep; chains without a provider cache everything. */
    private static Provider.Caching caching(List<Step> steps) {
        return steps.get(0) instanceof ProviderStep ps ? ps.provider().caching() : Provider.Caching.ALL;
    }

    /** The cached credentials of the identity, fresh or not, without authenticating anything. */
    public Optional<Session> cached(String identity) {
        Chain chain = chain(identity);
        requireValid(chain);
        List<Step> steps = steps(chain);
        Step target = steps.get(steps.size() - 1);
        return cache.load(chain, target).map(c -> new Session(chain, c, true));
    }

    /**
     * A provider's session and whether it came from cache. For providers whose own credential is not
     * kept ({@link Provider.Caching#DERIVED}, {@link Provider.Caching#NONE}), {@code identities} names
     * the identities the login derived from it, and {@code failures} those that could not be.
     */
    public record ProviderSession(ProviderConfig provider, Credentials credentials, boolean fromCache,
                                  List<String> identities, List<String> failures) {
        public ProviderSession(ProviderConfig provider, Credentials credentials, boolean fromCache) {
            this(provider, credentials, fromCache, List.of(), List.of());
        }
    }

    /**
     * What {@code auth list} shows: the cached expiration of an identity, read without prompting (the
     * shared files, then the keyring unless it is a file keyring that would ask for its password).
     */
    public Optional<Credentials> status(String identity) {
        try {
            Chain chain = chain(identity);
            return cache.peek(chain, identityInstance(chain.target()));
        } catch (AtmosException e) {
            return Optional.empty();
        }
    }

    /** Logs in the provider alone (e.g. the morning SSO login), unless its session is fresh. */
    public ProviderSession loginProvider(String name, boolean force) {
        return new ProviderLogin(this, cache, locks).login(name, force);
    }

    /** What a session gives a command: its environment, the variables auth env prints, its principal. */
    public SessionEnvironment environments() {
        return new SessionEnvironment(this);
    }

    /**
     * A link to the identity's cloud web console ({@link WebConsole}). The console checks the request
     * before anything else and asks for the identity's session (cache, else a login) only if it needs
     * it; the session duration is {@code duration}, else the chain provider's
     * {@code console.session_duration}, else {@code fallback}.
     */
    public WebConsole.Link console(String identity, String destination, Duration duration, Duration fallback, String issuer) {
        Chain chain = chain(identity);
        requireValid(chain);
        IdentityConfig target = chain.target();
        WebConsole console = identityInstance(target).webConsole().orElseThrow(() -> AtmosException.usage(
                "identity \"" + target.name() + "\" (" + target.kind() + ") has no web console to open",
                "atmos auth console opens the AWS console as an AWS identity (aws/permission-set, aws/assume-role, aws/assume-root,"
                        + " aws/user); choose one with --identity"));
        WebConsole.Requested requested = WebConsole.Requested.resolve(duration, chain, fallback, config.displayBase());
        WebConsole.Link link = console.link(context, chain, () -> session(identity).credentials(),
                new WebConsole.Request(destination, requested, issuer));
        if (context.audit().enabled()) {
            // the link signs in whoever holds it: only where it leads and until when, never the URL
            Map<String, Object> f = AuditFields.of(identity, chain, null, "ok", null);
            f.put("expiration", link.sessionEnds());
            f.put("destination", link.url().getHost());
            f.put("account", link.account());
            context.audit().record("console", f);
        }
        return link;
    }

    public Identity identityInstance(IdentityConfig ic) {
        return kinds.identity(ic.kind()).create(ic, context);
    }


    /** Logging out, or with {@code dryRun} only saying what a logout would remove. */
    public Logout logout(boolean dryRun) {
        return new Logout(this, dryRun);
    }

    KindRegistry kinds() {
        return kinds;
    }

    // ---------------------------------------------------------------- internals

    /** Problems that concern this chain block it; the rest of the config may be broken elsewhere. */
    void requireValid(Chain chain) {
        List<String> prefixes = new ArrayList<>();
        prefixes.add("auth.realm");
        prefixes.add("ATMOS_AUTH_REALM");
        if (chain.provider() != null) {
            prefixes.add(chain.provider().node().path());
        }
        chain.identities().forEach(i -> prefixes.add(i.node().path()));
        List<Problem> blocking = new AuthValidator(kinds).validate(config, context.host()).errors().stream()
                .filter(p -> p.path() != null && prefixes.stream().anyMatch(pre -> p.path().equals(pre) || p.path().startsWith(pre + ".")))
                .toList();
        if (!blocking.isEmpty()) {
            Problem first = blocking.get(0);
            throw new AtmosException(ExitCode.CONFIG, first.line(context.host().cwd()),
                    (first.hint() == null ? "" : first.hint() + "; ")
                            + (blocking.size() > 1 ? (blocking.size() - 1) + " more problem(s): " : "") + "run 'atmos auth validate' to see every problem");
        }
    }

    private List<Step> steps(Chain chain) {
        List<Step> steps = new ArrayList<>();
        if (chain.provider() != null) {
            ProviderConfig pc = chain.provider();
            steps.add(new ProviderStep(pc, kinds.provider(pc.kind()).create(pc, context)));
        }
        for (IdentityConfig ic : chain.identities()) {
            steps.add(new IdentityStep(ic, identityInstance(ic)));
        }
        return steps;
    }

    /** The target from cache when fresh, making sure the shared files exist for it. */
    private Optional<Session> fromCache(Chain chain, List<Step> steps, Duration targetMargin) {
        Step target = steps.get(steps.size() - 1);
        Optional<Credentials> c = cache.load(chain, target);
        if (c.isPresent() && c.get().isFresh(context.now(), targetMargin)) {
            return Optional.of(new Session(chain, c.get(), true));
        }
        return Optional.empty();
    }

    /**
     * Authenticates what is missing, then stores the results. Nothing is written until every step has
     * succeeded (a failure at step 3 leaves the cache as it was), and the store is unlocked before the
     * first network call (a locked keyring or a mistyped password fails before anything happened).
     */
    private Session authenticate(Chain chain, List<Step> steps, boolean force, Duration targetMargin) {
        int start = 0;
        Credentials base = null;
        Provider.Caching caching = caching(steps);
        if (!force) {
            for (int i = steps.size() - 1; i >= 0; i--) {
                Optional<Credentials> c = cache.load(chain, steps.get(i));
                Duration margin = i == steps.size() - 1 ? targetMargin : REFRESH_MARGIN;
                if (c.isPresent() && c.get().isFresh(context.now(), margin)) {
                    start = i + 1;
                    base = c.get();
                    context.log().debug("using cached credentials", "step", steps.get(i).name());
                    break;
                }
            }
        }
        if (start < steps.size() && caching != Provider.Caching.NONE) {
            context.store().keyring().unlock();
        }
        Map<Step, Credentials> results = new LinkedHashMap<>();
        boolean retried = false;
        boolean refreshedRoot = false;
        for (int i = start; i < steps.size(); i++) {
            Step step = steps.get(i);
            context.log().debug("authenticating", "step", step.name(), "chain", chain.display());
            Credentials next;
            if (step instanceof ProviderStep ps) {
                Optional<Credentials> renewed = force ? Optional.empty() : cache.renewed(ps);
                refreshedRoot = renewed.isPresent();
                next = renewed.orElseGet(() -> ps.provider().authenticate(context));
            } else {
                IdentityStep is = (IdentityStep) step;
                try {
                    next = is.identity().authenticate(context, chain, base);
                } catch (ProviderSessionRejected e) {
                    if (retried || !(steps.get(0) instanceof ProviderStep ps)) {
                        throw AtmosException.auth("the " + chain.rootName() + " session was refused: " + e.getMessage(),
                                "run 'atmos auth login --provider " + chain.rootName() + " --force'");
                    }
                    // The cached provider session was revoked or expired early: log in again once.
                    context.log().debug("provider session refused; logging in again", "provider", ps.name());
                    retried = true;
                    results.clear();
                    base = ps.provider().authenticate(context);
                    refreshedRoot = false;
                    context.mask(base);
                    results.put(ps, base);
                    i = 0;
                    continue;
                }
            }
            context.mask(next);
            results.put(step, next);
            base = next;
        }
        // Every step succeeded: the keyring first (what the provider lets us keep), then the files the tools read.
        results.forEach((step, c) -> {
            if (caching == Provider.Caching.ALL || (caching == Provider.Caching.DERIVED && step instanceof IdentityStep)) {
                cache.save(chain, step, c);
            }
        });
        results.forEach((step, c) -> {
            if (step instanceof IdentityStep is) {
                is.identity().persist(context, chain, c);
            }
        });
        results.forEach((step, c) -> {
            if (step instanceof ProviderStep ps) {
                ps.afterLogin(context, c);
            }
        });
        // A sign-in of the chain's root is a login; a session renewed without one (refresh token, cached root) a refresh.
        boolean signedIn = start == 0 && !refreshedRoot;
        Map<String, Object> fields = AuditFields.of(chain.target().name(), chain, base, "ok", null);
        fields.put("steps", results.keySet().stream().map(Step::name).toList());
        context.audit().record(signedIn ? "login" : "refresh", fields);
        return new Session(chain, base, false);
    }

    /** Records an event of this identity (exec, shell, terraform …) in the audit trail, if one is configured. */
    public void audit(String event, Session session, Map<String, ?> extra) {
        if (!context.audit().enabled()) {
            return;
        }
        Map<String, Object> f = AuditFields.of(session.chain().target().name(), session.chain(), session.credentials(), "ok", null);
        f.putAll(extra);
        context.audit().record(event, f);
    }
}
