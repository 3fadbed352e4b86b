package atmos.custom;

import atmos.auth.IdentitySelector;
import atmos.config.AtmosConfig;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.exec.ProcessOutput;
import atmos.exec.ProcessRunner;
import atmos.log.Level;
import atmos.log.Log;
import atmos.stack.DescribeComponent;
import atmos.stack.GoTemplateRenderer;
import atmos.stack.Stacks;
import atmos.stack.TemplateRenderer;
import atmos.system.Host;
import atmos.workflow.AtmosRunner;
import atmos.workflow.ShellWords;
import atmos.workflow.StepFailedException;
import atmos.workflow.StepIdentities;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a custom command's steps as the Go Atmos does ({@code cmd/cmd_utils.go}): every step, env value
 * and {@code component_config} field is a Go template over {@code .Arguments}, {@code .Flags}
 * ({@code .flags}), {@code .TrailingArgs} (what follows {@code --}, shell-quoted), {@code .Cwd} and
 * {@code .ComponentConfig} (the component's {@code describe component} output); steps are shell
 * commands ({@code sh -c}) unless {@code type: atmos}; they run in {@code working_directory} (relative
 * to the base path) with this process's environment, atmos.yaml's {@code env:}, the command's
 * {@code env}, the identity's variables ({@code --identity}, else the command's {@code identity:}) and
 * the step's {@code env}; the first failing step stops the command.
 */
public final class CustomCommandRunner {

    /**
     * What a run uses.
     *
     * @param baseEnv this process's environment with atmos.yaml's {@code env:} over it
     * @param info    progress lines for the user (stderr)
     */
    public record Context(Host host, AtmosConfig config, Map<String, String> baseEnv, ProcessRunner processes, AtmosRunner atmos,
                          StepIdentities identities, java.util.function.Consumer<String> info, Log log) {
    }

    /**
     * One invocation.
     *
     * @param commandLine  how the user named the command ({@code atmos github stargazers}), for messages
     * @param arguments    the positional values given (fewer than the command declares when defaults apply)
     * @param flags        each declared flag's value: a String, or a Boolean for bool flags
     * @param trailingArgs the words after {@code --}
     * @param identity     {@code --identity} as given, or null
     */
    public record Invocation(String commandLine, List<String> arguments, Map<String, Object> flags, List<String> trailingArgs,
                             String identity) {
    }

    private final Context ctx;

    public CustomCommandRunner(Context ctx) {
        this.ctx = ctx;
    }

    /** @throws StepFailedException when a step exits non-zero (carries its code) */
    public void run(CustomCommand cmd, Invocation inv) {
        Map<String, String> arguments = arguments(cmd, inv);
        if (cmd.verbose() && !ctx.log().enabled(Level.DEBUG)) {
            ctx.log().configure(Level.DEBUG, null);
        }
        String identity = inv.identity() != null && !inv.identity().isBlank() ? inv.identity().strip() : cmd.identity();
        if (identity != null && (identity.isBlank() || IdentitySelector.isDisabled(identity))) {
            identity = null;
        }
        if (identity != null && !cmd.steps().isEmpty()) {
            ctx.identities().require(identity, (inv.identity() != null && !inv.identity().isBlank() ? "chosen with --identity for" : "identity of")
                    + " custom command " + inv.commandLine());
        }
        Path base = ctx.config().basePath() != null ? ctx.config().basePath() : ctx.host().cwd();
        Path workDir = directory(cmd.workingDirectory(), base, ctx.host().cwd(), inv.commandLine());

        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Arguments", arguments);
        data.put("Flags", inv.flags());
        data.put("flags", inv.flags());
        data.put("Cwd", workDir.toString());
        data.put("cwd", workDir.toString());
        data.put("TrailingArgs", ShellWords.join(inv.trailingArgs()));
        TemplateRenderer templates = GoTemplateRenderer.of(ctx.host(), ctx.config());
        if (cmd.componentConfig().isSet()) {
            String component = render(templates, "component-config-component", cmd.componentConfig().component(), data);
            String stack = render(templates, "component-config-stack", cmd.componentConfig().stack(), data);
            for (String[] f : new String[][]{{"component", component, cmd.componentConfig().component()}, {"stack", stack, cmd.componentConfig().stack()}}) {
                if (f[1].isBlank() || f[1].equals("<no value>")) {
                    throw AtmosException.config("invalid component_config of custom command " + inv.commandLine() + ": component_config." + f[0]
                            + ": " + f[2] + " renders to nothing", "give it a value, or a template over an argument or flag that is set");
                }
            }
            Stacks stacks = Stacks.of(ctx.config(), ctx.host(), templates);
            data.put("ComponentConfig", stacks.describeComponent(DescribeComponent.Request.of(component, stack)));
        }

        int index = 0;
        for (CustomCommand.Step step : cmd.steps()) {
            index++;
            Map<String, String> env = new LinkedHashMap<>(ctx.baseEnv());
            for (CustomCommand.EnvVar e : cmd.env()) {
                if (e.valueCommand() != null && e.value() != null && !e.value().isEmpty()) {
                    throw AtmosException.config("custom command " + inv.commandLine() + " defines both value and valueCommand for the ENV var "
                            + e.key(), "either 'value' or 'valueCommand' can be specified for the ENV var, but not both");
                }
                String value = e.valueCommand() != null
                        ? ProcessOutput.capture(List.of("sh", "-c", e.valueCommand()), env, workDir).replaceAll("[\r\n]+$", "")
                        : render(templates, "env-" + e.key(), e.value(), data);
                env.put(e.key(), value);
            }
            if (!cmd.env().isEmpty() && cmd.verbose()) {
                ctx.log().debug("Using custom ENV vars", "env", String.join(",", cmd.env().stream().map(e -> e.key() + "=***").toList()));
            }
            if (identity != null) {
                env = ctx.identities().environment(identity, env);
            }
            for (Map.Entry<String, String> e : step.env().entrySet()) {
                env.put(e.getKey(), render(templates, "step-env-" + e.getKey(), e.getValue(), data));
            }
            String command = render(templates, step.name(), step.command(), data);
            Path dir = step.workingDirectory() == null ? workDir : directory(step.workingDirectory(), workDir, workDir, inv.commandLine());
            ctx.log().debug("Executing", "command", command);
            int code = switch (step.type()) {
                case "shell" -> ctx.processes().run(List.of("sh", "-c", command), env, dir);
                case "atmos" -> {
                    List<String> args = new ArrayList<>(ShellWords.split(command, env));
                    if (!args.isEmpty() && args.get(0).equals("atmos")) {
                        args.remove(0);
                    }
                    yield ctx.atmos().run(args, env, dir);
                }
                default -> throw AtmosException.config("invalid workflow step type: custom command " + inv.commandLine() + " step "
                        + index + " uses unsupported type " + step.type(), "use type: shell (the default) or type: atmos");
            };
            if (code != 0) {
                throw new StepFailedException(code, "custom command " + inv.commandLine() + " failed at step " + index + " with exit code "
                        + code + ": " + String.join("; ", command.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList()),
                        "the step's own output above says why");
            }
        }
    }

    /** The value of each declared argument: given, else its default; a missing required one is a usage error. */
    private static Map<String, String> arguments(CustomCommand cmd, Invocation inv) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<CustomCommand.Argument> declared = cmd.arguments();
        for (int i = 0; i < declared.size(); i++) {
            CustomCommand.Argument a = declared.get(i);
            if (i < inv.arguments().size()) {
                out.put(a.name(), inv.arguments().get(i));
            } else if (a.defaultValue() != null) {
                out.put(a.name(), a.defaultValue());
            } else if (a.required()) {
                missing.add(a.name());
            } else {
                out.put(a.name(), "");
            }
        }
        if (!missing.isEmpty()) {
            String usage = inv.commandLine() + " " + String.join(" ", declared.stream()
                    .map(a -> a.required() && a.defaultValue() == null ? "<" + a.name() + ">" : "[" + a.name() + "]").toList());
            throw new AtmosException(ExitCode.USAGE, inv.commandLine() + " requires " + (missing.size() == 1 ? "the argument " : "the arguments ")
                    + String.join(", ", missing) + " (no default is configured)"
                    + (inv.arguments().isEmpty() ? "" : "; received " + inv.arguments().size() + ": " + String.join(", ", inv.arguments())),
                    "usage: " + usage + "; see '" + inv.commandLine() + " --help'");
        }
        return out;
    }

    private String render(TemplateRenderer templates, String name, String text, Object data) {
        if (text == null || !templates.hasActions(text)) {
            return text == null ? "" : text;
        }
        try {
            return templates.render(name, text, data, false);
        } catch (TemplateRenderer.TemplateException e) {
            throw AtmosException.config("cannot render " + name + " of the custom command: " + e.getMessage(),
                    "the templates can use .Arguments, .Flags, .TrailingArgs, .Cwd and .ComponentConfig (with component_config)");
        }
    }

    /** As upstream's resolveWorkingDirectory: relative to {@code base}; must exist and be a directory. */
    private static Path directory(String dir, Path base, Path dflt, String commandLine) {
        if (dir == null || dir.isBlank()) {
            return dflt;
        }
        Path p = Path.of(dir);
        Path resolved = (p.isAbsolute() ? p : base.resolve(p)).normalize();
        if (!Files.isDirectory(resolved)) {
            throw AtmosException.config("working_directory of custom command " + commandLine + " is not a directory: " + resolved,
                    "check that the working_directory path exists (relative paths are relative to the base path)");
        }
        return resolved;
    }
}
