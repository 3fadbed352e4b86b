package atmos.cli.describe;

import atmos.cli.render.Structured;
import atmos.stack.DescribeStacks;
import atmos.stack.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code atmos describe stacks}: every stack with its components' merged configuration. */
@Command(name = "stacks", sortOptions = false, description = "Show the stacks and their components' merged configuration.")
public final class DescribeStacksCommand implements Callable<Integer> {

    @Option(names = {"-s", "--stack"}, paramLabel = "STACK", description = "Only this stack (its name or its manifest's path)")
    String stack;

    @Option(names = "--components", split = ",", paramLabel = "COMPONENT", description = "Only these components (and components derived from them)")
    List<String> components = new ArrayList<>();

    @Option(names = "--component-types", split = ",", paramLabel = "TYPE", description = "Only these component types: terraform, helmfile, packer")
    List<String> componentTypes = new ArrayList<>();

    @Option(names = "--sections", split = ",", paramLabel = "SECTION", description = "Only these sections of each component (vars, settings, env, backend …)")
    List<String> sections = new ArrayList<>();

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

    @Option(names = "--include-empty-stacks", description = "Include stacks without components")
    boolean includeEmptyStacks;

    @Option(names = "--skip", split = ",", paramLabel = "FUNCTION", description = "YAML functions to leave unevaluated")
    List<String> skip = new ArrayList<>();

    @Option(names = {"-i", "--identity"}, arity = "0..1", fallbackValue = "", paramLabel = "NAME", hidden = true,
            description = "Accepted for compatibility; describing never logs in")
    String identity;

    @ParentCommand
    DescribeCommand describe;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, Object> result = describe.stacks().describeStacks(new DescribeStacks.Request(stack, components, componentTypes, sections,
                processTemplates, processFunctions, skip, includeEmptyStacks));
        Object out = describe.query() != null ? Query.evaluate(result, describe.query()) : result;
        Structured.print(out, format, file, spec.commandLine().getOut(), describe.services().host().cwd());
        return 0;
    }
}
