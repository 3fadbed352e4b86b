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
    private Prompter prompter;
    private Keyring keyring;
    private LoginOptions loginOptions = LoginOptions.defaults();
    private final Map<AtmosConfig, AuthService> facades = new IdentityHashMap<>();

    /**
     * @param config the loaded configuration (read on first use)
     * @param err    where prompts and progress go
     * @param notice prints a line for the user (progress, selections)
     */
    public AuthSessions(Services services, Supplier<AtmosConfig> config, PrintWriter err, Consumer<String> notice) {
        this.services = services;
        this.config = config;
        this.err = err;
        this.notice = notice;
    }

    /** The injected prompter, or the console one writing to the command's stderr. */
    public Prompter prompter() {
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
            AuthContext ctx = new AuthContext(host, c, services.log(), prompter(), store, new AwsClients(host), notice,
                    services.browser() != null ? services.browser() : new SystemBrowser(host), loginOptions, err);
            return new AuthService(c, services.kinds(), ctx);
        });
    }

    /** The identity to use (flag, ATMOS_IDENTITY, default, picker), or empty when auth is disabled. */
    public Optional<String> selectIdentity(String flag) {
        return IdentitySelector.select(flag, services.host(), config.get().auth(), prompter(), notice);
    }

    private Keyring keyring() {
        if (keyring == null) {
            keyring = Keyrings.open(config.get().auth().keyring(), services.host(), prompter(), services.log(), services.systemKeyring());
        }
        return keyring;
    }
}
