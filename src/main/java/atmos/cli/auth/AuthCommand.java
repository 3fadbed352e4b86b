package atmos.cli.auth;

import atmos.Services;
import atmos.auth.AuthService;
import atmos.cli.AtmosCommand;
import atmos.cli.IdentityOption;
import atmos.cli.Ui;
import atmos.config.AtmosConfig;
import atmos.system.Prompter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code atmos auth}: the command group. {@code --identity/-i} is valid on every auth command (the
 * shared {@link IdentityOption}); the auth wiring itself lives in {@link atmos.AuthSessions}, which
 * every command reaches through the root command.
 */
@Command(name = "auth", sortOptions = false,
        description = "Authenticate to cloud providers and run commands with the right short-lived credentials.")
public final class AuthCommand implements Runnable {
    /** The value of a bare {@code --identity}: ask which identity to use. */
    public static final String SELECT = IdentityOption.SELECT;

    @Mixin
    IdentityOption identity;

    @picocli.CommandLine.Option(names = {"-s", "--stack"}, scope = picocli.CommandLine.ScopeType.INHERIT, paramLabel = "STACK",
            description = "Use this stack's identity (its default: true identity, looked up in the active profile)")
    String stack;

    private atmos.AuthSessions.Target target;

    @ParentCommand
    AtmosCommand root;

    @Spec
    CommandSpec spec;

    private final Services services;

    public AuthCommand(Services services) {
        this.services = services;
    }

    public Prompter prompter() {
        return root.sessions().prompter();
    }

    /** Login flags (browser, flow) for the session about to be built; call before {@link #authService()}. */
    public void loginOptions(atmos.auth.LoginOptions options) {
        root.sessions().loginOptions(options);
    }

    /** The auth facade (over the stack's merged auth with {@code -s}); the keyring opens on first use. */
    public AuthService authService() {
        return target != null ? target.service() : root.sessions().authService();
    }

    /**
     * The identity to use (flag, ATMOS_IDENTITY, the stack's default with {@code -s}, the global default,
     * picker), or empty when authentication is disabled.
     */
    public Optional<String> selectIdentity() {
        if (stack != null) {
            target = root.sessions().forStack(identity.value(), stack, null);
            return target.identity();
        }
        return root.sessions().selectIdentity(identity.value());
    }

    /** The auth facade over {@code config} (sharing this run's keyring). */
    public AuthService authServiceFor(AtmosConfig config) {
        return root.sessions().authService(config);
    }

    /** The configuration in effect: with {@code -s}, the stack's {@code auth:} merged over the global one. */
    public AtmosConfig effectiveConfig() {
        return stack == null ? root.config() : root.sessions().configForStack(stack, null);
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
        return identity.value();
    }

    public Ui ui() {
        return new Ui(spec.commandLine().getErr(), services.host());
    }
}
