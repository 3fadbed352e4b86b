package atmos;

import atmos.auth.AuthContext;
import atmos.auth.AuthService;
import atmos.auth.CredentialStore;
import atmos.auth.IdentitySelector;
import atmos.auth.LoginOptions;
import atmos.cloud.aws.AwsClients;
import atmos.config.AtmosConfig;
import atmos.keyring.Keyring;
import atmos.keyring.Keyrings;
import atmos.system.ConsolePrompter;
import atmos.system.Prompter;
import atmos.system.SystemBrowser;
import atmos.config.AuthConfig;
import atmos.config.ConfigLoader;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.stack.StackAuth;
import atmos.stack.Stacks;
import java.util.List;
import java.io.PrintWriter;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The auth wiring every command shares, built once per command line from the loaded configuration:
 * the prompter (on the command's stderr), the credential store (opened on first use), and the
 * {@link AuthService}. Any command that authenticates — {@code auth …}, {@code terraform}, a
 * workflow step — asks this, so there is one keyring connection and one password prompt per run.
 */
public final class AuthSessions {
    private final Services services;
    private final Supplier<AtmosConfig> config;
    private final PrintWriter err;
    private final Consumer<String> notice;
    private final java.util.function.BooleanSupplier explicitProfile;
    private Prompter prompter;
    private Keyring keyring;
    private AwsClients aws;
    private atmos.net.Network network;
    private String command = "atmos";
    private LoginOptions loginOptions = LoginOptions.defaults();
    private final Map<AtmosConfig, AuthService> facades = new IdentityHashMap<>();
    private AuthSessions parent;

    /**
     * @param config the loaded configuration (read on first use)
     * @param err    where prompts and progress go
     * @param notice prints a line for the user (progress, selections)
     */
    public AuthSessions(Services services, Supplier<AtmosConfig> config, PrintWriter err, Consumer<String> notice) {
        this(services, config, err, notice, () -> true);
    }

    /** @param explicitProfile whether a profile was chosen with --profile or ATMOS_PROFILE (no fallback then) */
    public AuthSessions(Services services, Supplier<AtmosConfig> config, PrintWriter err, Consumer<String> notice,
                        java.util.function.BooleanSupplier explicitProfile) {
        this.services = services;
        this.config = config;
        this.err = err;
        this.notice = notice;
        this.explicitProfile = explicitProfile;
    }

    /**
     * Makes a nested command (a workflow step run in this process) use the keyring and prompter of the
     * command that runs it: one keyring connection and one password prompt per run, and the sessions
     * the workflow logged in are found in the (memory, file or system) keyring.
     */
    public void shareKeyringWith(AuthSessions outer) {
        this.parent = outer;
    }

    /** The injected prompter, or the console one writing to the command's stderr. */
    public Prompter prompter() {
        if (parent != null) {
            return parent.prompter();
        }
        if (prompter == null) {
            prompter = services.prompter() != null ? services.prompter() : new ConsolePrompter(services.host(), services.stdin(), err);
        }
        return prompter;
    }

    /** Login flags (browser, flow) for the sessions about to be built; call before {@link #authService()}. */
    public void loginOptions(LoginOptions options) {
        this.loginOptions = options;
    }

    /** The auth facade for the loaded configuration. */
    public AuthService authService() {
        return authService(config.get());
    }

    /**
     * The auth facade for {@code cfg}: the loaded configuration, or one whose {@code auth:} a stack or
     * component extended. Every facade of a run shares the one credential store.
     */
    public AuthService authService(AtmosConfig cfg) {
        return facades.computeIfAbsent(cfg, c -> {
            var host = services.host();
            CredentialStore store = new CredentialStore(keyring(), c.realm(), services.log());
            AuthContext ctx = new AuthContext(host, c, services.log(), prompter(), store, awsClients(), notice,
                    services.browser() != null ? services.browser() : new SystemBrowser(host), loginOptions, err, network(), audit(c));
            return new AuthService(c, services.kinds(), ctx);
        });
    }

    /**
     * The identity to use (flag, ATMOS_IDENTITY, default, picker), or empty when auth is disabled. As
     * the Go Atmos (pkg/auth/profile_fallback.go), when no profile was chosen explicitly and the name is
     * not defined, or nothing is configured at all, the profiles that would help are offered: picked on
     * a terminal ({@link ProfileSwitch}), named in the error otherwise.
     */
    public Optional<String> selectIdentity(String flag) {
        AtmosConfig cfg = config.get();
        Optional<String> id;
        try {
            id = IdentitySelector.select(flag, services.host(), cfg.auth(), prompter(), notice);
        } catch (AtmosException e) {
            if (cfg.auth().identities().isEmpty() && cfg.auth().providers().isEmpty() && fallbackAllowed()) {
                offerProfile(new ConfigLoader(services.host(), services.systemConfigDir()).profilesWithAuth(cfg),
                        "no identities or providers are defined in the loaded configuration", "define auth configuration", e);
            }
            throw e;
        }
        if (id.isPresent() && cfg.auth().identity(id.get()).isEmpty() && fallbackAllowed()) {
            String name = id.get();
            offerProfile(new ConfigLoader(services.host(), services.systemConfigDir()).profilesDefiningIdentity(cfg, name),
                    "identity `" + name + "` is not defined in the loaded configuration", "define it", null);
        }
        return id;
    }

    private boolean fallbackAllowed() {
        // An explicit --profile or ATMOS_PROFILE is a choice never second-guessed; one switch per command.
        return !explicitProfile.getAsBoolean() && services.host().getenv(REEXEC_DEPTH).isEmpty();
    }

    /** Set in the environment of a command run again after a profile switch (the loop guard). */
    public static final String REEXEC_DEPTH = "ATMOS_REEXEC_DEPTH";

    private void offerProfile(List<String> candidates, String problem, String what, AtmosException original) {
        if (candidates.isEmpty()) {
            return;
        }
        if (!prompter().isTerminal()) {
            throw new AtmosException(ExitCode.CONFIG, problem, candidates.size() == 1
                    ? "profile `" + candidates.get(0) + "` does " + what + ": re-run with --profile " + candidates.get(0)
                    : "these profiles " + what + ": " + String.join(", ", candidates) + "; re-run with --profile <name>");
        }
        String picked;
        if (candidates.size() == 1) {
            String answer = prompter().line(problem + ". Switch to profile `" + candidates.get(0) + "`? [Y/n] ", "y");
            if (!answer.equalsIgnoreCase("y") && !answer.equalsIgnoreCase("yes")) {
                if (original != null) {
                    throw original;
                }
                return;
            }
            picked = candidates.get(0);
        } else {
            picked = candidates.get(prompter().choose(problem + ". Select a profile:", candidates));
        }
        throw new ProfileSwitch(picked);
    }

    /**
     * What a command that targets a stack (and a component in it, or null) runs as, decided as the Go
     * Atmos decides it: {@code --identity}/{@code ATMOS_IDENTITY} first (false/0/no/off: no auth), then
     * the component's default, then the stack's default (its {@code auth:} sections, usually from an
     * imported {@code _defaults.yaml}), then the global default. Several defaults open the picker on a
     * terminal and are an error naming each candidate and its file elsewhere. The name must then be
     * defined by the active profile; if not, the error says which profiles define it.
     *
     * @param identity the identity to use, or empty when authentication is disabled
     * @param service  the auth facade over the stack's merged {@code auth:}
     */
    public record Target(AuthService service, Optional<String> identity) {
    }

    /** The loaded configuration with the {@code auth:} of a stack (or a component in it) merged over it. */
    public AtmosConfig configForStack(String stack, String component) {
        AtmosConfig config = this.config.get();
        Stacks stacks = Stacks.of(config, services.host());
        StackAuth stackAuth = component != null ? StackAuth.forComponent(stacks, component, stack) : StackAuth.forStack(stacks, stack);
        return config.withAuth(AuthConfig.from(stackAuth.node()));
    }

    /** See {@link Target}. */
    public Target forStack(String flag, String stack, String component) {
        AtmosConfig config = this.config.get();
        var host = services.host();
        var log = services.log();
        String requested = flag != null ? flag : host.getenv("ATMOS_IDENTITY").orElse(null);
        if (requested != null && IdentitySelector.isDisabled(requested)) {
            log.debug("authentication disabled", "by", flag != null ? "--identity" : "ATMOS_IDENTITY");
            return new Target(authService(config), Optional.empty());
        }
        Stacks stacks = Stacks.of(config, host);
        StackAuth stackAuth = component != null ? StackAuth.forComponent(stacks, component, stack) : StackAuth.forStack(stacks, stack);
        AtmosConfig merged = config.withAuth(AuthConfig.from(stackAuth.node()));
        String where = component != null ? "component " + component + " in stack " + stack : "stack " + stack;
        String name;
        String because;
        if (requested != null && !requested.isBlank() && !requested.strip().equals(IdentitySelector.SELECT)) {
            name = requested.strip();
            because = "chosen with " + (flag != null ? "--identity" : "ATMOS_IDENTITY");
        } else if (requested != null && requested.strip().equals(IdentitySelector.SELECT)) {
            name = IdentitySelector.select(IdentitySelector.SELECT, host, merged.auth(), prompter(), notice).orElseThrow();
            because = "chosen in the picker";
        } else {
            StackAuth.Default d = stackAuth.defaultIdentity();
            if (d instanceof StackAuth.Default.One one) {
                name = one.identity();
                because = "the default of " + where + ", set in " + one.source().display(config.displayBase());
            } else if (d instanceof StackAuth.Default.Conflict conflict) {
                List<String> names = conflict.candidates().stream().map(StackAuth.Candidate::identity).toList();
                if (!prompter().isTerminal()) {
                    throw new AtmosException(ExitCode.USAGE, "several default identities for " + where + ": "
                            + String.join(", ", conflict.candidates().stream()
                            .map(c -> c.identity() + " (" + c.source().display(config.displayBase()) + ")").toList()),
                            "choose one with --identity or ATMOS_IDENTITY, or keep one default: true");
                }
                name = names.get(prompter().choose("Several default identities for " + where + ". Please choose one:", names));
                notice.accept("✓ Selected identity: " + name);
                because = "chosen among the defaults of " + where;
            } else if (merged.auth().identities().isEmpty() && merged.auth().providers().isEmpty()) {
                // Nothing configured for auth at all: run with the ambient credentials, as the Go Atmos does.
                log.debug("no auth configured; running with the ambient credentials", "for", where);
                return new Target(authService(merged), Optional.empty());
            } else {
                name = IdentitySelector.select(null, host, merged.auth(), prompter(), notice).orElseThrow();
                because = "the global default (" + where + " names none)";
            }
        }
        log.debug("identity for " + where, "identity", name, "because", because);
        requireDefined(config, merged, name, because);
        log.debug("profile lookup", "identity", name, "profiles", config.profiles().isEmpty() ? "(none)" : String.join(",", config.profiles()),
                "kind", merged.auth().identity(name).map(i -> i.kind()).orElse(""));
        return new Target(authService(merged), Optional.of(name));
    }

    /** The identity must be defined (with a kind) by the configuration in effect, usually the active profile. */
    private void requireDefined(AtmosConfig config, AtmosConfig merged, String name, String because) {
        boolean defined = merged.auth().identity(name).map(i -> !i.kind().isEmpty()).orElse(false);
        if (defined) {
            return;
        }
        List<String> profiles = new ConfigLoader(services.host(), services.systemConfigDir()).profilesDefiningIdentity(config, name);
        String active = config.profiles().isEmpty() ? "no profile is active"
                : "the active profile" + (config.profiles().size() > 1 ? "s " : " ") + String.join(", ", config.profiles());
        String hint = profiles.isEmpty()
                ? "no profile defines it either: define it under auth.identities (with its kind and via), or choose another with --identity"
                : "profiles that define it: " + String.join(", ", profiles) + "; switch with ATMOS_PROFILE=" + profiles.get(0)
                        + " (or --profile " + profiles.get(0) + ")";
        throw new AtmosException(ExitCode.CONFIG, "identity \"" + name + "\" (" + because + ") is not defined: " + active
                + " does not define it", hint);
    }

    /**
     * Fails unless the identity is defined (with a kind) by the loaded configuration; the error says
     * which profiles define it. {@code because} says where the name came from (a workflow step …).
     */
    public void requireIdentity(String name, String because) {
        requireDefined(config.get(), config.get(), name, because);
    }

    /** Names the atmos command being run, for the audit trail ({@code auth login}, {@code terraform} …). */
    public void commandName(String name) {
        this.command = name;
    }

    /** The audit trail configured by {@code auth.logs.audit} (disabled when unset). */
    public atmos.log.AuditLog audit() {
        return audit(config.get());
    }

    private atmos.log.AuditLog audit(AtmosConfig cfg) {
        atmos.config.ConfigNode logs = cfg.auth().logs();
        return atmos.log.AuditLog.from(logs.string("audit"), logs.string("audit_max_size"), services.host(), command, services.log());
    }

    /** Trust and proxy settings from the environment, read once per run. */
    private atmos.net.Network network() {
        if (parent != null) {
            return parent.network();
        }
        if (network == null) {
            network = atmos.net.Network.from(services.host());
        }
        return network;
    }

    /** One set of AWS clients per run: one clock-skew measure, so its warning is shown once. */
    private AwsClients awsClients() {
        if (parent != null) {
            return parent.awsClients();
        }
        if (aws == null) {
            aws = new AwsClients(services.host(), network(), new atmos.system.ClockSkew(services.host().clock(), w -> services.log().warn(w)));
        }
        return aws;
    }

    private Keyring keyring() {
        if (parent != null) {
            return parent.keyring();
        }
        if (keyring == null) {
            keyring = Keyrings.open(config.get().auth().keyring(), services.host(), prompter(), services.log(), services.systemKeyring());
        }
        return keyring;
    }
}
