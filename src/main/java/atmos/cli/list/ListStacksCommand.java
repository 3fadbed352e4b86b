package atmos.cli.list;

import atmos.cli.render.ListRows;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code atmos list stacks [-c component]}: the stacks (that have components), sorted. */
@Command(name = "stacks", sortOptions = false, description = "List the stacks (optionally only those with a component).")
public final class ListStacksCommand implements Callable<Integer> {

    @Option(names = {"-c", "--component"}, paramLabel = "COMPONENT", description = "Only stacks that have this component")
    String component;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "table (default), json, yaml, csv, tsv")
    String format;

    @Option(names = "--process-templates", arity = "0..1", fallbackValue = "true", defaultValue = "true", paramLabel = "BOOL",
            description = "Accepted for compatibility: stack names never depend on section templates")
    boolean processTemplates;

    @Option(names = "--process-functions", arity = "0..1", fallbackValue = "true", defaultValue = "true", paramLabel = "BOOL",
            description = "Accepted for compatibility: stack names never depend on YAML functions")
    boolean processFunctions;

    @ParentCommand
    ListCommand list;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var stacks = list.stacks();
        if (stacks.noManifests()) {
            list.ui().info("No stacks found");
            return 0;
        }
        boolean byComponent = component != null && !component.isEmpty();
        List<List<String>> rows = new ArrayList<>();
        for (String name : byComponent ? stacks.stackNamesWith(component) : stacks.stackNames()) {
            rows.add(byComponent ? List.of(name, component) : List.of(name));
        }
        if (rows.isEmpty()) {
            list.ui().info("No stacks found");
            return 0;
        }
        List<String> headers = component == null || component.isEmpty() ? List.of("Stack") : List.of("Stack", "Component");
        PrintWriter out = spec.commandLine().getOut();
        out.print(ListRows.render(headers, rows, format, list.ui().stdoutIsTty()));
        out.flush();
        return 0;
    }
}
