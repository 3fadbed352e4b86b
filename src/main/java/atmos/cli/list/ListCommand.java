package atmos.cli.list;

import atmos.Services;
import atmos.cli.AtmosCommand;
import atmos.cli.Ui;
import atmos.stack.GoTemplateRenderer;
import atmos.stack.Stacks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code atmos list}: list stacks, components and workflows. */
@Command(name = "list", sortOptions = false, description = "List stacks, components and workflows.")
public final class ListCommand implements Runnable {

    @ParentCommand
    AtmosCommand root;

    @Spec
    CommandSpec spec;

    private final Services services;

    public ListCommand(Services services) {
        this.services = services;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    Stacks stacks() {
        return Stacks.of(root.config(), services.host(), GoTemplateRenderer.of(services.host(), root.config()));
    }

    atmos.workflow.WorkflowFiles workflowFiles() {
        return new atmos.workflow.WorkflowFiles(root.config(), services.host(), services.log());
    }

    Ui ui() {
        return new Ui(spec.commandLine().getErr(), services.host());
    }
}
