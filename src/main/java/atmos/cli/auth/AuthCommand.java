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

    /** The auth facade for the loaded configuration; the keyring opens on first use. */
    public AuthService authService() {
        return root.sessions().authService();
    }

    /** The identity to use (flag, ATMOS_IDENTITY, default, picker), or empty when authentication is disabled. */
    public Optional<String> selectIdentity() {
        return root.sessions().selectIdentity(identity.value());
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
