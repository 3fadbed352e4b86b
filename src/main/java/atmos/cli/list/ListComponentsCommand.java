package atmos.cli.list;

import atmos.cli.render.ListRows;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code atmos list components [-s stack]}: unique components with their type and number of stacks. */
@Command(name = "components", sortOptions = false, description = "List the components (unique across stacks) with their type and stack count.")
public final class ListComponentsCommand implements Callable<Integer> {

    @Option(names = {"-s", "--stack"}, paramLabel = "STACK", description = "Only components of stacks matching this name or glob")
    String stack;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "table (default), json, yaml, csv, tsv")
    String format;

    @Option(names = "--type", paramLabel = "TYPE", description = "real (default), abstract or all")
    String type;

    @Option(names = "--abstract", description = "Include abstract components")
    boolean includeAbstract;

    @ParentCommand
    ListCommand list;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, Object> c : list.stacks().components(stack)) {
            String kind = String.valueOf(c.get("component_type"));
            boolean keep = type != null && !type.isEmpty() ? type.equals("all") || type.equals(kind) : includeAbstract || kind.equals("real");
            if (keep) {
                rows.add(List.of(String.valueOf(c.get("component")), String.valueOf(c.get("type")), String.valueOf(c.get("stack_count"))));
            }
        }
        // Atmos sorts the rows by the Component column.
        rows.sort(java.util.Comparator.comparing((List<String> r) -> r.get(0)).thenComparing(r -> r.get(1)));
        if (rows.isEmpty()) {
            list.ui().info("No components found");
            return 0;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(ListRows.render(List.of("Component", "Type", "Stacks"), rows, format, list.ui().stdoutIsTty()));
        out.flush();
        return 0;
    }
}
