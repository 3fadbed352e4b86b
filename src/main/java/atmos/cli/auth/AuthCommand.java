package atmos.cli.auth;

import atmos.Services;
import atmos.auth.AuthContext;
import atmos.auth.AuthService;
import atmos.auth.CredentialStore;
import atmos.auth.IdentitySelector;
import atmos.cli.AtmosCommand;
import atmos.cli.Ui;
import atmos.cloud.aws.AwsClients;
import atmos.config.AtmosConfig;
import atmos.keyring.Keyring;
import atmos.keyring.Keyrings;
import atmos.system.ConsolePrompter;
import atmos.system.Prompter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code atmos auth}: the command group. Holds {@code --identity/-i}, valid on every auth command:
 * a name, nothing (choose interactively), or false/0/no/off to disable authentication.
 */
@Command(name = "auth", sortOptions = false,
        description = "Authenticate to cloud providers and run commands with the right short-lived credentials.")
public final class AuthCommand implements Runnable {
    /** The value of a bare {@code --identity}: ask which identity to use. */
    public static final String SELECT = IdentitySelector.SELECT;

    @Option(names = {"-i", "--identity"}, scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = SELECT, paramLabel = "NAME",
            description = "Identity to use; without a value, choose interactively; false/0/no/off disables auth (env ATMOS_IDENTITY)")
    String identity;

    @ParentCommand
    AtmosCommand root;

    @Spec
    CommandSpec spec;

    private final Services services;
    private Prompter prompter;
    private AuthService authService;

    public AuthCommand(Services services) {
        this.services = services;
    }

    /** The injected prompter, or the console one writing to this command's stderr. */
    public Prompter prompter() {
        if (prompter == null) {
            prompter = services.prompter() != null ? services.prompter()
                    : new ConsolePrompter(services.host(), services.stdin(), spec.commandLine().getErr());
        }
        return prompter;
    }

    private atmos.auth.LoginOptions loginOptions = atmos.auth.LoginOptions.defaults();

    /** Login flags (browser, flow) for the session about to be built; call before {@link #authService()}. */
    public void loginOptions(atmos.auth.LoginOptions options) {
        this.loginOptions = options;
    }

    /** The auth facade for the loaded configuration; the keyring opens on first use. */
    public AuthService authService() {
        if (authService == null) {
            AtmosConfig config = config();
            var host = services.host();
            Keyring keyring = Keyrings.open(config.auth().keyring(), host, prompter(), services.log(), services.systemKeyring());
            CredentialStore store = new CredentialStore(keyring, config.realm(), services.log());
            Ui ui = ui();
            AuthContext ctx = new AuthContext(host, config, services.log(), prompter(), store, new AwsClients(host), ui::info,
                    services.browser() != null ? services.browser() : new atmos.system.SystemBrowser(host), loginOptions, ui.err());
            authService = new AuthService(config, services.kinds(), ctx);
        }
        return authService;
    }

    /** The identity to use (flag, ATMOS_IDENTITY, default, picker), or empty when auth is disabled. */
    public Optional<String> selectIdentity() {
        return IdentitySelector.select(identity, services.host(), config().auth(), prompter(), ui()::info);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    public AtmosCommand root() {
        return root;
    }

    public AtmosConfig config() {
        return root.config();
    }

    public Services services() {
        return services;
    }

    /** The --identity flag as given, or null. */
    public String identityFlag() {
        return identity;
    }

    public Ui ui() {
        return new Ui(spec.commandLine().getErr(), services.host());
    }
}
