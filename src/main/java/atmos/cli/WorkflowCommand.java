package atmos.cli;

import atmos.Services;
import atmos.auth.IdentitySelector;
import atmos.cli.render.ListRows;
import atmos.config.AtmosConfig;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.workflow.StepFailedException;
import atmos.workflow.Workflow;
import atmos.workflow.WorkflowFiles;
import atmos.workflow.WorkflowRunner;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code atmos workflow [NAME] [-f FILE] [-s STACK] [--identity ID] [--from-step STEP] [--dry-run]}:
 * finds the workflow (in {@code -f}'s manifest, else in the one manifest that has it) and runs its
 * steps ({@link WorkflowRunner}). Without a name: a picker on a terminal, the list otherwise.
 */
@Command(name = "workflow", sortOptions = false,
        description = "Run a workflow: its steps in order, each with its stack and identity.",
        footer = {"%nStops at the first failing step and says how to resume it (--from-step). Without a name: choose one (on a",
                "terminal) or list them.%n  atmos workflow deploy -f networking -s plat-ue2-dev%n  atmos workflow deploy --from-step deploy-prod"})
public final class WorkflowCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The workflow")
    String name;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Manifest under workflows.base_path, with or without .yaml (optional when the name is unique; env ATMOS_WORKFLOW_FILE)")
    String file;

    @Option(names = {"-s", "--stack"}, paramLabel = "STACK",
            description = "Stack for every atmos step (beats the steps' and the workflow's stack:; env ATMOS_STACK)")
    String stack;

    @Option(names = "--from-step", paramLabel = "STEP", description = "Start at this step (resume; env ATMOS_WORKFLOW_FROM_STEP)")
    String fromStep;

    @Option(names = "--dry-run", description = "Print the steps with their commands, stacks and identities; run nothing, log in nobody")
    boolean dryRun;

    @Mixin
    IdentityOption identity;

    @ParentCommand
    AtmosCommand root;

    @Spec
    CommandSpec spec;

    private final Services services;

    public WorkflowCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        var host = services.host();
        AtmosConfig config = root.config();
        WorkflowFiles files = new WorkflowFiles(config, host, services.log());
        Ui ui = new Ui(spec.commandLine().getErr(), host);
        String file = this.file != null ? this.file : host.getenv("ATMOS_WORKFLOW_FILE").orElse(null);
        String from = fromStep != null ? fromStep : host.getenv("ATMOS_WORKFLOW_FROM_STEP").orElse(null);
        boolean dry = dryRun || host.getenv("ATMOS_WORKFLOW_DRY_RUN").map(atmos.config.ConfigNode::truthy).orElse(false);
        Workflow wf;
        if (name == null) {
            Optional<Workflow> picked = pick(files, ui);
            if (picked.isEmpty()) {
                return 0;
            }
            wf = picked.get();
        } else {
            wf = find(files, name, file);
        }
        String flagIdentity = identity.value() != null ? identity.value() : host.getenv("ATMOS_IDENTITY").orElse(null);
        if (IdentitySelector.SELECT.equals(flagIdentity)) {
            flagIdentity = root.sessions().selectIdentity(IdentitySelector.SELECT).orElse("false");
        }
        String st = stack != null ? stack : host.getenv("ATMOS_STACK").orElse(null);
        StringBuilder resume = new StringBuilder("atmos workflow ").append(atmos.workflow.ShellWords.quote(wf.name()));
        if (!wf.inline()) {
            resume.append(" -f ").append(atmos.workflow.ShellWords.quote(files.shortName(wf)));
        }
        if (identity.value() != null && !IdentitySelector.SELECT.equals(identity.value())) {
            resume.append(" --identity ").append(atmos.workflow.ShellWords.quote(identity.value()));
        }
        Map<String, String> baseEnv = new LinkedHashMap<>(host.env());
        baseEnv.putAll(config.env().values());
        WorkflowRunner runner = new WorkflowRunner(new WorkflowRunner.Context(baseEnv, host.cwd(),
                config.basePath() != null ? config.basePath() : host.cwd(), services.processes(), root.atmosRunner(),
                new SessionStepIdentities(root.sessions()), spec.commandLine().getOut(), ui::info, services.log()));
        spec.commandLine().getOut().flush();
        try {
            runner.run(wf, new WorkflowRunner.Request(st, flagIdentity, from, dry), resume.toString());
        } catch (StepFailedException e) {
            new CliErrors(services.log(), root::verbose).report(spec.commandLine().getErr(),
                    new AtmosException(ExitCode.FAILURE, e.getMessage(), e.hint()));
            return e.exitCode();
        }
        return 0;
    }

    /** The workflow {@code name}; several manifests with it: a picker on a terminal, an error listing them otherwise. */
    private Workflow find(WorkflowFiles files, String name, String file) {
        List<Workflow> matches = files.find(name, file);
        if (matches.size() == 1) {
            return matches.get(0);
        }
        List<Workflow> sorted = matches.stream().sorted(Comparator.comparing(Workflow::file)).toList();
        var prompter = root.sessions().prompter();
        if (prompter.isTerminal()) {
            List<String> options = sorted.stream()
                    .map(w -> w.file() + (w.description().isBlank() ? "" : " - " + w.description().strip().lines().findFirst().orElse(""))).toList();
            return sorted.get(prompter.choose("Multiple workflows found with name '" + name + "'. Please choose:", options));
        }
        throw AtmosException.usage("multiple workflow files contain workflow " + name + ": "
                        + String.join(", ", sorted.stream().map(Workflow::file).toList()),
                "use the --file flag to specify which one: atmos workflow " + name + " --file <file>");
    }

    /** No name: a picker on a terminal; otherwise the list, and nothing runs. */
    private Optional<Workflow> pick(WorkflowFiles files, Ui ui) {
        List<Workflow> all = new ArrayList<>(files.all());
        all.sort(Comparator.comparing(Workflow::file).thenComparing(Workflow::name));
        if (all.isEmpty()) {
            ui.info("No workflows found");
            return Optional.empty();
        }
        var prompter = root.sessions().prompter();
        if (prompter.isTerminal()) {
            List<String> options = all.stream()
                    .map(w -> w.name() + "  (" + w.file() + ")" + (w.description().isBlank() ? "" : " — " + w.description().strip().lines().findFirst().orElse("")))
                    .toList();
            return Optional.of(all.get(prompter.choose("Choose a workflow to run:", options)));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(ListRows.render(List.of("File", "Workflow", "Description"), rows(all), null, ui.stdoutIsTty()));
        out.flush();
        ui.info("Run one with: atmos workflow NAME -f FILE");
        return Optional.empty();
    }

    /** The rows of {@code atmos list workflows}: file, name, first line of the description; sorted. */
    public static List<List<String>> rows(List<Workflow> all) {
        List<List<String>> rows = new ArrayList<>();
        for (Workflow w : all) {
            rows.add(List.of(w.file(), w.name(), w.description().strip().lines().findFirst().orElse("")));
        }
        rows.sort(Comparator.comparing((List<String> r) -> String.join("\u0000", r)));
        return rows;
    }
}
