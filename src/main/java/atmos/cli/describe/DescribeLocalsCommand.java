package atmos.cli.describe;

import atmos.cli.render.Structured;
import atmos.stack.Query;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code atmos describe locals [component] -s <stack>}: the locals of a stack's manifest, or those a component sees. */
@Command(name = "locals", sortOptions = false,
        description = "Show the locals of a stack manifest (locals:, terraform: {locals:} …), or the merged locals of a component in it.")
public final class DescribeLocalsCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "COMPONENT", description = "A component: its locals merged over the stack's")
    String component;

    @Option(names = {"-s", "--stack"}, paramLabel = "STACK", description = "The stack (its name, or its manifest's path such as deploy/dev)")
    String stack;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "yaml", description = "yaml (default) or json")
    String format;

    @Option(names = "--file", paramLabel = "FILE", description = "Write the result to the file")
    String file;

    @ParentCommand
    DescribeCommand describe;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, Object> locals = describe.stacks().describeLocals(stack, component);
        Object result = describe.query() != null ? Query.evaluate(locals, describe.query()) : locals;
        Structured.print(result, format, file, spec.commandLine().getOut(), describe.services().host().cwd());
        return 0;
    }
}
