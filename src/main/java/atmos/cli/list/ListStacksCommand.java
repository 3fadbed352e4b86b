package atmos.cli.list;

import atmos.cli.render.ListRows;
import atmos.stack.DescribeStacks;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
            description = "Render Go templates in the stack manifests (default true)")
    boolean processTemplates;

    @Option(names = "--process-functions", arity = "0..1", fallbackValue = "true", defaultValue = "true", paramLabel = "BOOL",
            description = "Evaluate YAML functions in the stack manifests (default true)")
    boolean processFunctions;

    @ParentCommand
    ListCommand list;

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        Map<String, Object> described = list.stacks().describeStacks(new DescribeStacks.Request(null, List.of(), List.of(),
                List.of("component"), false, false, List.of(), false));
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Object> e : new TreeMap<>(described).entrySet()) {
            if (component == null || component.isEmpty()) {
                rows.add(List.of(e.getKey()));
                continue;
            }
            Map<String, Object> comps = (Map<String, Object>) ((Map<String, Object>) e.getValue()).get("components");
            boolean has = comps != null && comps.values().stream().anyMatch(t -> t instanceof Map<?, ?> m && m.containsKey(component));
            if (has) {
                rows.add(List.of(e.getKey(), component));
            }
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
