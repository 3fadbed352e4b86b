package atmos.workflow;

import atmos.auth.IdentitySelector;
import atmos.error.AtmosException;
import atmos.exec.ProcessRunner;
import atmos.log.Log;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a workflow's steps in order, as the Go Atmos does, and stops at the first that fails.
 *
 * <ul>
 *   <li>{@code type: atmos} (the default) is an atmos command line, run by the {@link AtmosRunner}
 *       with {@code -s <stack>} appended (before any {@code --}) when a stack is in effect: the
 *       command line's {@code --stack} beats the step's {@code stack:}, which beats the workflow's.
 *   <li>{@code type: shell} runs with {@code sh -c} in the step's (or workflow's) {@code working_directory},
 *       relative to the base path.
 *   <li>The environment is this process's, atmos.yaml's {@code env:}, the workflow's {@code env:},
 *       the step's {@code env:}, then the identity's variables: the step's {@code identity:}, else
 *       {@code --identity} (or {@code ATMOS_IDENTITY}), else the workflow's {@code identity:}.
 *       {@code --identity=false} runs the steps without an identity of their own unauthenticated.
 *   <li>Every identity is checked before the first step runs (so a typo does not stop a workflow
 *       half-way), and logged in once, when the first step that needs it starts.
 * </ul>
 */
public final class WorkflowRunner {

    /** What the command line asked for. */
    public record Request(String stack, String identity, String fromStep, boolean dryRun) {
    }

    /**
     * What a run uses.
     *
     * @param baseEnv  this process's environment with atmos.yaml's {@code env:} over it
     * @param cwd      where atmos steps run (and shell steps without a working directory)
     * @param basePath what a relative {@code working_directory} is relative to
     * @param out      where {@code --dry-run} prints the plan
     * @param info     progress lines for the user (stderr)
     */
    public record Context(Map<String, String> baseEnv, Path cwd, Path basePath, ProcessRunner processes, AtmosRunner atmos,
                          StepIdentities identities, PrintWriter out, Consumer<String> info, Log log) {
    }

    static final Set<String> TYPES = Set.of("atmos", "shell");

    private final Context ctx;

    public WorkflowRunner(Context ctx) {
        this.ctx = ctx;
    }

    /**
     * Runs {@code wf}; {@code resume} is the command line that reruns it from a given step, minus
     * {@code --from-step} (e.g. {@code atmos workflow deploy -f networking}).
     *
     * @throws StepFailedException when a step exits non-zero (carries its code)
     */
    public void run(Workflow wf, Request request, String resume) {
        if (wf.steps().isEmpty()) {
            throw AtmosException.config("workflow " + wf.name() + " has no steps: it is empty and requires at least one step to execute",
                    "add steps: to workflow " + wf.name() + " in " + wf.file());
        }
        for (Workflow.Step s : wf.steps()) {
            if (!TYPES.contains(s.type())) {
                throw AtmosException.config("invalid workflow step type: workflow " + wf.name() + " step " + s.name()
                        + " uses unsupported type " + s.type(), "each step must specify a valid type: 'atmos' (the default) or 'shell'");
            }
            if (s.command().isBlank()) {
                throw AtmosException.config("workflow " + wf.name() + " step " + s.name() + " has no command",
                        "give the step a command: (an atmos command line, or a shell command with type: shell)");
            }
        }
        List<Workflow.Step> steps = wf.steps();
        if (request.fromStep() != null && !request.fromStep().isEmpty()) {
            int from = -1;
            for (int i = 0; i < steps.size() && from < 0; i++) {
                if (steps.get(i).name().equals(request.fromStep())) {
                    from = i;
                }
            }
            if (from < 0) {
                throw AtmosException.usage("invalid from-step flag: the --from-step flag was set to " + request.fromStep()
                                + ", but this step does not exist in workflow " + wf.name(),
                        "available steps: " + String.join(", ", steps.stream().map(Workflow.Step::name).toList()));
            }
            steps = steps.subList(from, steps.size());
        }
        boolean disabled = request.identity() != null && IdentitySelector.isDisabled(request.identity());
        List<Planned> plan = new ArrayList<>();
        for (Workflow.Step s : steps) {
            String identity = identityOf(wf, s, request, disabled);
            if (identity != null) {
                String because = s.identity() != null ? "identity of step " + s.name() + " of workflow " + wf.name()
                        : identity.equals(request.identity()) ? "chosen with --identity or ATMOS_IDENTITY, for step " + s.name() + " of workflow " + wf.name()
                        : "identity of workflow " + wf.name() + ", for step " + s.name();
                ctx.identities().require(identity, because);
            }
            String stack = first(request.stack(), s.stack(), wf.stack());
            plan.add(new Planned(s, identity, stack));
        }
        if (request.dryRun()) {
            dryRun(wf, plan);
            return;
        }
        for (Planned p : plan) {
            runStep(wf, p, disabled, resume);
        }
    }

    private record Planned(Workflow.Step step, String identity, String stack) {
    }

    private static String identityOf(Workflow wf, Workflow.Step s, Request r, boolean disabled) {
        if (s.identity() != null) {
            return s.identity();
        }
        if (disabled) {
            return null;
        }
        if (r.identity() != null && !r.identity().isBlank()) {
            return r.identity();
        }
        return wf.identity();
    }

    private void runStep(Workflow wf, Planned p, boolean disabled, String resume) {
        Workflow.Step s = p.step();
        String resumeCommand = resume + " --from-step " + singleQuoted(s.name()) + (p.stack() != null ? " -s " + singleQuoted(p.stack()) : "");
        Map<String, String> env = new LinkedHashMap<>(ctx.baseEnv());
        env.putAll(wf.env());
        env.putAll(s.env());
        if (p.identity() != null) {
            try {
                env = ctx.identities().environment(p.identity(), env);
            } catch (AtmosException e) {
                throw new AtmosException(e.exitCode(), "workflow " + wf.name() + " step " + s.name() + " (identity " + p.identity() + "): "
                        + e.getMessage(), (e.hint() == null ? "" : e.hint() + "; ") + "then resume with: " + resumeCommand, e);
            }
        } else if (disabled) {
            env.put("ATMOS_IDENTITY", "false");
        }
        ctx.log().debug("workflow step", "workflow", wf.name(), "step", s.name(), "type", s.type(),
                "identity", p.identity() == null ? "(none)" : p.identity(), "stack", p.stack() == null ? "" : p.stack());
        int code;
        String failed;
        if (s.type().equals("atmos")) {
            List<String> args = atmosArgs(s.command(), p.stack(), env);
            ctx.info().accept("▶ Executing command: atmos " + stripAtmos(s.command()));
            failed = "atmos " + stripAtmos(s.command()) + (p.stack() != null ? " -s " + singleQuoted(p.stack()) : "");
            code = ctx.atmos().run(args, env, ctx.cwd());
        } else {
            failed = s.command();
            code = ctx.processes().run(List.of("sh", "-c", s.command()), env, workingDirectory(wf, s));
        }
        if (code != 0) {
            throw new StepFailedException(code, "workflow step execution failed with exit code " + code + " (workflow " + wf.name()
                    + ", step " + s.name() + "): " + oneLine(failed), "to resume the workflow from this step, run: " + resumeCommand);
        }
    }

    private void dryRun(Workflow wf, List<Planned> plan) {
        PrintWriter out = ctx.out();
        out.println("Workflow " + wf.name() + " (" + wf.file() + "), dry run: nothing is run and nobody logs in.");
        for (Planned p : plan) {
            Workflow.Step s = p.step();
            String command = s.type().equals("atmos")
                    ? "atmos " + ShellWords.join(atmosArgs(s.command(), p.stack(), ctx.baseEnv()))
                    : oneLine(s.command());
            out.println("  " + s.name() + " [" + s.type() + "] " + command);
            if (s.type().equals("shell")) {
                out.println("      directory: " + workingDirectory(wf, s));
            }
            out.println("      identity:  " + (p.identity() == null ? "(none: the command decides)" : p.identity() + " (" + ctx.identities().chain(p.identity()) + ")"));
        }
        out.flush();
    }

    /** The step's words, without a leading {@code atmos}, with {@code -s <stack>} in place of any stack it names. */
    static List<String> atmosArgs(String command, String stack, Map<String, String> env) {
        List<String> words = new ArrayList<>(ShellWords.split(command, env));
        if (!words.isEmpty() && words.get(0).equals("atmos")) {
            // The seed documentation writes steps as "command: atmos terraform apply …".
            words.remove(0);
        }
        if (stack == null) {
            return words;
        }
        int dashes = words.indexOf("--");
        List<String> head = new ArrayList<>(dashes < 0 ? words : words.subList(0, dashes));
        List<String> tail = dashes < 0 ? List.of() : words.subList(dashes, words.size());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < head.size(); i++) {
            String w = head.get(i);
            if (w.equals("-s") || w.equals("--stack")) {
                i++; // and its value: the workflow's stack wins, as upstream's appended flag does
            } else if (!w.startsWith("--stack=") && !(w.startsWith("-s") && w.length() > 2 && !w.startsWith("--"))) {
                out.add(w);
            }
        }
        out.add("-s");
        out.add(stack);
        out.addAll(tail);
        return out;
    }

    /** As upstream writes step names and stacks in its hints: always in single quotes (they may hold spaces). */
    static String singleQuoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String stripAtmos(String command) {
        String c = command.strip();
        return c.startsWith("atmos ") ? c.substring(6).strip() : c;
    }

    private Path workingDirectory(Workflow wf, Workflow.Step s) {
        String wd = first(s.workingDirectory(), wf.workingDirectory());
        if (wd == null) {
            return ctx.cwd();
        }
        Path p = Path.of(wd);
        return p.isAbsolute() ? p : ctx.basePath().resolve(p).normalize();
    }

    private static String oneLine(String command) {
        return String.join("; ", command.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }
}
