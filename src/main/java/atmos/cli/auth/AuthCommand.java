package atmos.cli.auth;

import atmos.Services;
import atmos.cli.AtmosCommand;
import atmos.cli.Ui;
import atmos.config.AtmosConfig;
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
        description = "Authenticate to cloud providers and run commands with the right short-lived credentials.",
        subcommands = {ListCommand.class, ValidateCommand.class})
public final class AuthCommand implements Runnable {
    /** The value of a bare {@code --identity}: ask which identity to use. */
    public static final String SELECT = "__SELECT__";

    @Option(names = {"-i", "--identity"}, scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = SELECT, paramLabel = "NAME",
            description = "Identity to use; without a value, choose interactively; false/0/no/off disables auth (env ATMOS_IDENTITY)")
    String identity;

    @ParentCommand
    AtmosCommand root;

    @Spec
    CommandSpec spec;

    private final Services services;

    public AuthCommand(Services services) {
        this.services = services;
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
