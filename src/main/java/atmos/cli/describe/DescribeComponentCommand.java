package atmos.cli.describe;

import atmos.cli.render.Structured;
import atmos.stack.DescribeComponent;
import atmos.stack.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code atmos describe component <component> -s <stack>}: the component's merged configuration in a stack. */
@Command(name = "component", sortOptions = false,
        description = "Show the merged configuration of a component in a stack (vars, settings, env, backend, metadata, workspace …).")
public final class DescribeComponentCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "COMPONENT", description = "The Atmos component")
    String component;

    @Option(names = {"-s", "--stack"}, required = true, paramLabel = "STACK", description = "The stack (its name, or its manifest's path)")
    String stack;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "yaml", description = "yaml (default) or json")
    String format;

    @Option(names = "--file", paramLabel = "FILE", description = "Write the result to the file")
    String file;

    @Option(names = "--process-templates", arity = "0..1", fallbackValue = "true", defaultValue = "true", paramLabel = "BOOL",
            description = "Render Go templates in the stack manifests (default true)")
    boolean processTemplates;

    @Option(names = "--process-functions", arity = "0..1", fallbackValue = "true", defaultValue = "true", paramLabel = "BOOL",
            description = "Evaluate YAML functions in the stack manifests (default true)")
    boolean processFunctions;

    @Option(names = "--skip", split = ",", paramLabel = "FUNCTION", description = "YAML functions to leave unevaluated, e.g. --skip=exec")
    List<String> skip = new ArrayList<>();

    @Option(names = "--provenance", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", hidden = true,
            description = "Where each value was defined (not supported by atmos-java)")
    boolean provenance;

    @Option(names = {"-i", "--identity"}, arity = "0..1", fallbackValue = "", paramLabel = "NAME", hidden = true,
            description = "Accepted for compatibility; describing never logs in")
    String identity;

    @ParentCommand
    DescribeCommand describe;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (provenance) {
            throw atmos.error.AtmosException.usage("--provenance is not supported by atmos-java",
                    "describe the component without it: the values are the same, printed as plain YAML");
        }
        var stacks = describe.stacks();
        boolean full = describe.query() != null || stacks.settings().describeFull();
        Map<String, Object> section = stacks.describeComponent(
                new DescribeComponent.Request(component, stack, processTemplates, processFunctions, skip, full));
        Object result = describe.query() != null ? Query.evaluate(section, describe.query()) : section;
        Structured.print(result, format, file, spec.commandLine().getOut(), describe.services().host().cwd());
        return 0;
    }
}
