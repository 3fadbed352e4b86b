package atmos.cli.describe;

import atmos.Services;
import atmos.cli.AtmosCommand;
import atmos.stack.GoTemplateRenderer;
import atmos.stack.Stacks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code atmos describe}: show the configuration of components and stacks. Holds {@code --query/-q}. */
@Command(name = "describe", sortOptions = false, description = "Show the configuration of components and stacks.")
public final class DescribeCommand implements Runnable {

    @Option(names = {"-q", "--query"}, scope = ScopeType.INHERIT, paramLabel = "EXPR",
            description = "yq path to print instead of the whole result, e.g. .vars.region")
    String query;

    @ParentCommand
    AtmosCommand root;

    @Spec
    CommandSpec spec;

    private final Services services;

    public DescribeCommand(Services services) {
        this.services = services;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** The stacks of the loaded configuration. Never logs in, never opens the keyring. */
    Stacks stacks() {
        return Stacks.of(root.config(), services.host(), GoTemplateRenderer.of(services.host(), root.config()));
    }

    Services services() {
        return services;
    }

    String query() {
        return query;
    }
}
