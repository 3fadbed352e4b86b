package atmos.cli.list;

import atmos.cli.render.ListRows;
import atmos.workflow.Workflow;
import atmos.workflow.WorkflowFiles;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code atmos list workflows [-f FILE] [--format F]}: every workflow with its manifest and description. */
@Command(name = "workflows", sortOptions = false, description = "List the workflows: manifest file, name and description.")
public final class ListWorkflowsCommand implements Callable<Integer> {

    @Option(names = "--file", paramLabel = "FILE", description = "Only the workflows of this manifest")
    String file;

    @Option(names = {"--format"}, paramLabel = "FORMAT", description = "table (default), json, yaml, csv, tsv")
    String format;

    @ParentCommand
    ListCommand list;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        WorkflowFiles files = list.workflowFiles();
        List<Workflow> all = file != null ? new ArrayList<>(files.load(files.resolve(file)).values()) : files.all();
        List<List<String>> rows = atmos.cli.WorkflowCommand.rows(all);
        if (rows.isEmpty()) {
            list.ui().info("No workflows found");
            return 0;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(ListRows.render(List.of("File", "Workflow", "Description"), rows, format, list.ui().stdoutIsTty()));
        out.flush();
        return 0;
    }
}
