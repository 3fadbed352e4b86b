package atmos.cli;

import atmos.auth.IdentitySelector;
import atmos.config.AtmosConfig;
import atmos.config.ConfigLoader;
import atmos.custom.CustomCommand;
import atmos.custom.CustomCommandRunner;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.workflow.StepFailedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Custom commands ({@code commands:} in atmos.yaml) as picocli commands, registered from the loaded
 * configuration only when a command line may name one: an unknown first word (and then every custom
 * command, so "did you mean" can suggest them), help and completion (so they are listed), or an
 * unknown word under a built-in command group (custom subcommands extend {@code auth}, {@code list} …
 * as upstream lets them). A custom command never replaces a built-in one: the built-in wins and, when
 * the custom one defines steps, running the built-in warns that they are ignored (as upstream).
 */
final class CustomCommandsCli {
    private CustomCommandsCli() {
    }

    /** What {@link #attach} found: whether the command line runs a custom command, and its arguments split at {@code --}. */
    record Attached(boolean invoked, String[] args, List<String> trailing) {
    }

    static Attached attach(CommandLine cli, AtmosCommand root, String[] args, List<String> route) {
        List<String> words = CommandTree.words(args);
        boolean completion = !words.isEmpty() && words.get(0).equals("completion");
        boolean atRoot = route.isEmpty() && (words.isEmpty() || completion || !builtIn(cli, words.get(0)));
        boolean underGroup = !route.isEmpty() && words.size() > route.size() && groupAt(cli, route) != null
                && !groupAt(cli, route).getSubcommands().containsKey(words.get(route.size()));
        if (!atRoot && !underGroup) {
            return new Attached(false, args, List.of());
        }
        List<String> scanned = completion ? Arrays.asList(args) : beforeDashes(args);
        ConfigLoader.Selection selection = selection(scanned);
        AtmosConfig config;
        try {
            config = new ConfigLoader(root.services().host(), root.services().systemConfigDir()).load(selection);
        } catch (AtmosException e) {
            if (words.isEmpty() || completion) {
                return new Attached(false, args, List.of()); // help and completion work without a valid atmos.yaml
            }
            throw e;
        }
        root.preload(selection, config);
        List<CustomCommand> customs = CustomCommand.of(config);
        if (atRoot) {
            add(cli, customs, root, List.of("atmos"));
        } else {
            Optional<CustomCommand> extended = CustomCommand.find(customs, route);
            extended.ifPresent(c -> add(groupAt(cli, route), c.commands(), root, prefixed(route)));
        }
        // Does the command line reach into a custom command? Then what follows "--" is its trailing arguments.
        CommandLine current = cli;
        boolean invoked = false;
        for (String w : words) {
            CommandLine sub = current.getSubcommands().get(w);
            if (sub == null) {
                break;
            }
            invoked = invoked || sub.getCommandSpec().userObject() instanceof Invoke;
            current = sub;
        }
        if (!invoked) {
            return new Attached(false, args, List.of());
        }
        int dashes = Arrays.asList(args).indexOf("--");
        return dashes < 0 ? new Attached(true, args, List.of())
                : new Attached(true, Arrays.copyOfRange(args, 0, dashes), List.of(Arrays.copyOfRange(args, dashes + 1, args.length)));
    }

    private static List<String> prefixed(List<String> route) {
        List<String> p = new ArrayList<>(List.of("atmos"));
        p.addAll(route);
        return p;
    }

    private static boolean builtIn(CommandLine cli, String word) {
        return CommandTree.ROOT.children().stream().anyMatch(n -> n.name().equals(word)) || cli.getSubcommands().containsKey(word);
    }

    /** The built-in command group at {@code route} (a command with subcommands), or null. */
    private static CommandLine groupAt(CommandLine cli, List<String> route) {
        CommandLine c = cli;
        for (String w : route) {
            c = c.getSubcommands().get(w);
            if (c == null) {
                return null;
            }
        }
        return c.getSubcommands().isEmpty() ? null : c;
    }

    private static void add(CommandLine parent, List<CustomCommand> commands, AtmosCommand root, List<String> parentPath) {
        for (CustomCommand c : commands) {
            if (c.name().isEmpty() || parent.getSubcommands().containsKey(c.name())) {
                continue; // a built-in (or an earlier definition) keeps its name
            }
            List<String> path = new ArrayList<>(parentPath);
            path.add(c.name());
            Invoke invoke = new Invoke(root, path);
            CommandSpec spec = CommandSpec.wrapWithoutInspection(invoke);
            invoke.spec = spec;
            spec.name(c.name());
            spec.usageMessage().description(c.description().isBlank() ? "Custom command (atmos.yaml)" : c.description().strip());
            for (int i = 0; i < c.arguments().size(); i++) {
                CustomCommand.Argument a = c.arguments().get(i);
                String desc = a.description().strip() + (a.defaultValue() != null ? " (default: " + a.defaultValue() + ")" : "");
                spec.addPositional(PositionalParamSpec.builder().index(String.valueOf(i)).arity("0..1").type(String.class)
                        .paramLabel("<" + a.name() + ">").description(desc).build());
            }
            CommandLine cl = new CommandLine(spec, new AppFactory(root.services()));
            List<String> aliases = c.aliases().stream().filter(a -> !parent.getSubcommands().containsKey(a)).toList();
            parent.addSubcommand(c.name(), cl, aliases.toArray(String[]::new));
            // Flags after the subcommand is attached: it has inherited the global options by then, and
            // a custom flag never replaces one of them (upstream reuses the existing flag).
            for (CustomCommand.Flag f : c.flags()) {
                List<String> names = new ArrayList<>();
                names.add("--" + f.name());
                if (f.shorthand() != null && !f.shorthand().isBlank()) {
                    names.add("-" + f.shorthand().strip());
                }
                if (names.stream().anyMatch(n -> spec.findOption(n) != null) || f.name().isBlank()) {
                    continue;
                }
                OptionSpec.Builder b = OptionSpec.builder(names.toArray(String[]::new)).description(f.description().strip())
                        .required(f.required());
                if (f.bool()) {
                    b.type(boolean.class).arity("0..1").fallbackValue("true")
                            .defaultValue(String.valueOf(Boolean.TRUE.equals(f.defaultValue())));
                } else {
                    b.type(String.class).arity("1").paramLabel("<" + f.name() + ">");
                    if (f.defaultValue() != null) {
                        b.defaultValue(f.defaultValue().toString());
                    }
                }
                spec.addOption(b.build());
            }
            if (spec.findOption("--identity") == null) {
                spec.addOption(OptionSpec.builder("--identity").type(String.class).arity("0..1").fallbackValue(IdentitySelector.SELECT)
                        .paramLabel("NAME").scopeType(CommandLine.ScopeType.INHERIT)
                        .description("Identity to run the steps with (overrides the command's identity:); false disables authentication")
                        .build());
            }
            add(cl, c.commands(), root, path);
        }
    }

    /** Runs the custom command at {@code path} (its definition re-read with atmos.yaml's functions evaluated). */
    static final class Invoke implements Callable<Integer> {
        private final AtmosCommand root;
        private final List<String> path;
        CommandSpec spec;

        Invoke(AtmosCommand root, List<String> path) {
            this.root = root;
            this.path = path;
        }

        @Override
        public Integer call() {
            var services = root.services();
            AtmosConfig config = root.config();
            String commandLine = String.join(" ", path);
            CustomCommand cmd = CustomCommand.resolve(config, services.host(), path.subList(1, path.size()))
                    .orElseThrow(() -> AtmosException.config("custom command " + commandLine + " is no longer defined", null));
            if (cmd.steps().isEmpty()) {
                if (!cmd.commands().isEmpty()) {
                    spec.commandLine().usage(spec.commandLine().getErr());
                    return 0;
                }
                throw AtmosException.config("the " + commandLine + " command has no steps or subcommands configured",
                        "give it steps: (or commands:) in atmos.yaml; see https://atmos.tools/cli/configuration/commands");
            }
            List<String> arguments = new ArrayList<>();
            for (PositionalParamSpec p : spec.positionalParameters()) {
                Object v = p.getValue();
                if (v == null) {
                    break;
                }
                arguments.add(v.toString());
            }
            Map<String, Object> flags = new LinkedHashMap<>();
            for (CustomCommand.Flag f : cmd.flags()) {
                OptionSpec o = spec.findOption("--" + f.name());
                Object v = o == null ? null : o.getValue();
                flags.put(f.name(), f.bool() ? Boolean.TRUE.equals(v) : (v == null ? "" : v.toString()));
            }
            OptionSpec idOption = spec.findOption("--identity");
            String identity = idOption == null || idOption.getValue() == null ? null : idOption.getValue().toString();
            if (IdentitySelector.SELECT.equals(identity)) {
                identity = root.sessions().selectIdentity(IdentitySelector.SELECT).orElse("false");
            }
            Ui ui = new Ui(spec.commandLine().getErr(), services.host());
            Map<String, String> baseEnv = new LinkedHashMap<>(services.host().env());
            baseEnv.putAll(config.env().values());
            CustomCommandRunner runner = new CustomCommandRunner(new CustomCommandRunner.Context(services.host(), config, baseEnv,
                    services.processes(), root.atmosRunner(), new SessionStepIdentities(root.sessions()), ui::info, services.log()));
            spec.commandLine().getOut().flush();
            try {
                runner.run(cmd, new CustomCommandRunner.Invocation(commandLine, arguments, flags, root.trailingArgs(), identity));
            } catch (StepFailedException e) {
                new CliErrors(services.log(), root::verbose).report(spec.commandLine().getErr(),
                        new AtmosException(ExitCode.FAILURE, e.getMessage(), e.hint()));
                return e.exitCode();
            }
            return 0;
        }
    }

    /**
     * Upstream's warning when a built-in command runs that a custom command with steps shadows: the
     * built-in behaviour is kept and the custom steps are ignored. Reads the raw list only (no YAML
     * function is evaluated for this).
     */
    static void warnShadowed(AtmosConfig config, List<String> route, atmos.log.Log log) {
        if (route.isEmpty() || !(config.raw().get("commands") instanceof atmos.config.YamlValue.Seq)) {
            return;
        }
        CustomCommand.find(CustomCommand.of(config), route).filter(c -> !c.steps().isEmpty()).ifPresent(c -> log.warn(
                "custom command \"" + c.name() + "\" defines steps that conflict with built-in command \"atmos " + String.join(" ", route)
                        + "\"; built-in behavior preserved, custom steps ignored"));
    }

    private static List<String> beforeDashes(String[] args) {
        List<String> a = Arrays.asList(args);
        int i = a.indexOf("--");
        return i < 0 ? a : a.subList(0, i);
    }

    /** The global options that choose the configuration, read from the words as picocli will parse them. */
    static ConfigLoader.Selection selection(List<String> words) {
        List<String> configs = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        List<String> profiles = new ArrayList<>();
        String base = null;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String next = i + 1 < words.size() ? words.get(i + 1) : null;
            String[] opt = w.startsWith("--") && w.contains("=") ? new String[]{w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1)}
                    : new String[]{w, next};
            if (opt[1] == null) {
                continue;
            }
            switch (opt[0]) {
                case "--config" -> configs.addAll(split(opt[1]));
                case "--config-path" -> paths.addAll(split(opt[1]));
                case "--profile" -> profiles.addAll(split(opt[1]));
                case "--base-path" -> base = opt[1];
                default -> {
                    continue;
                }
            }
            if (opt[1] == next) {
                i++;
            }
        }
        return new ConfigLoader.Selection(configs, paths, base, profiles);
    }

    private static List<String> split(String v) {
        return Arrays.stream(v.split(",")).filter(s -> !s.isEmpty()).toList();
    }
}
