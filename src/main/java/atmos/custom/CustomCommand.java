package atmos.custom;

import atmos.config.AtmosConfig;
import atmos.config.CommandsMerge;
import atmos.config.ConfigNode;
import atmos.config.Source;
import atmos.config.YamlValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A custom command of atmos.yaml's {@code commands:} list, with the Go Atmos's fields: {@code name},
 * {@code description}, {@code aliases}, {@code arguments}, {@code flags}, {@code env}, {@code steps},
 * {@code component_config}, {@code identity}, {@code verbose}, {@code working_directory} (a child
 * inherits its parent's) and nested {@code commands}.
 *
 * @param source where the command was defined (for messages)
 */
public record CustomCommand(String name, String description, List<String> aliases, List<Argument> arguments, List<Flag> flags,
                            List<EnvVar> env, List<Step> steps, ComponentConfig componentConfig, String identity, boolean verbose,
                            String workingDirectory, List<CustomCommand> commands, Source source) {

    public CustomCommand {
        aliases = List.copyOf(aliases);
        arguments = List.copyOf(arguments);
        flags = List.copyOf(flags);
        env = List.copyOf(env);
        steps = List.copyOf(steps);
        commands = List.copyOf(commands);
    }

    /** A positional argument; {@code defaultValue} is null when none is given. */
    public record Argument(String name, String description, boolean required, String defaultValue) {
    }

    /**
     * A flag: {@code --name} (and {@code -shorthand}); {@code bool} ones take no value. {@code defaultValue}
     * is a String, a Boolean for bool flags, or null.
     */
    public record Flag(String name, String shorthand, boolean bool, String description, boolean required, Object defaultValue) {
    }

    /** An {@code env} entry: a value (a Go template) or a {@code valueCommand} whose output is the value. */
    public record EnvVar(String key, String value, String valueCommand) {
    }

    /**
     * A step: a shell command (the default type) or an atmos command line ({@code type: atmos}), with its
     * own {@code env} and {@code working_directory}; every string is a Go template.
     */
    public record Step(String name, String type, String command, Map<String, String> env, String workingDirectory) {
        public Step {
            env = Map.copyOf(env);
        }
    }

    /** {@code component_config}: the component and stack whose description becomes {@code .ComponentConfig}. */
    public record ComponentConfig(String component, String stack) {
        public boolean isSet() {
            return component != null && !component.isBlank() && stack != null && !stack.isBlank();
        }
    }

    public Optional<CustomCommand> child(String name) {
        return commands.stream().filter(c -> c.name().equals(name) || c.aliases().contains(name)).findFirst();
    }

    /**
     * The custom commands of the loaded configuration, merged by name and path-style names nested, as
     * written: YAML functions are not evaluated (listing commands in help must not run {@code !exec});
     * {@link #resolve} gives the one about to run.
     */
    public static List<CustomCommand> of(AtmosConfig config) {
        YamlValue v = config.raw().get("commands");
        if (!(v instanceof YamlValue.Seq seq)) {
            return List.of();
        }
        return parseAll(CommandsMerge.normalize(seq).items(), null);
    }

    /**
     * The command at {@code path} (names or aliases, from the top) ready to run: only its own definition
     * has atmos.yaml's YAML functions ({@code !env}, {@code !exec} …) evaluated, so running one command
     * never runs another's {@code !exec}.
     */
    public static Optional<CustomCommand> resolve(AtmosConfig config, atmos.system.Host host, List<String> path) {
        if (!(config.raw().get("commands") instanceof YamlValue.Seq seq) || path.isEmpty()) {
            return Optional.empty();
        }
        atmos.config.ConfigFunctions functions = new atmos.config.ConfigFunctions(host, config.gitRoot());
        List<YamlValue> level = CommandsMerge.normalize(seq).items();
        String workingDirectory = null;
        YamlValue.Map found = null;
        for (int i = 0; i < path.size(); i++) {
            String word = path.get(i);
            found = null;
            for (YamlValue item : level) {
                if (item instanceof YamlValue.Map m) {
                    ConfigNode n = ConfigNode.of(m, "commands", null);
                    if (word.equals(n.string("name").orElse(null)) || n.strings("aliases").contains(word)) {
                        found = m;
                        break;
                    }
                }
            }
            if (found == null) {
                return Optional.empty();
            }
            if (i < path.size() - 1) {
                // An ancestor's working_directory is inherited: evaluate that field alone.
                if (found.get("working_directory") != null) {
                    YamlValue wd = functions.evaluate(found.get("working_directory"));
                    if (wd instanceof YamlValue.Scalar sc && sc.value() != null && !sc.value().isBlank()) {
                        workingDirectory = sc.value().strip();
                    }
                }
                level = found.get("commands") instanceof YamlValue.Seq nested ? nested.items() : List.of();
            }
        }
        YamlValue evaluated = functions.evaluate(found);
        return Optional.of(parse(ConfigNode.of(evaluated, "commands", null), found.source(), workingDirectory));
    }

    /** The command at {@code path} (names or aliases, from the top), if every word names one. */
    public static Optional<CustomCommand> find(List<CustomCommand> commands, List<String> path) {
        List<CustomCommand> level = commands;
        CustomCommand found = null;
        for (String word : path) {
            found = level.stream().filter(c -> c.name().equals(word) || c.aliases().contains(word)).findFirst().orElse(null);
            if (found == null) {
                return Optional.empty();
            }
            level = found.commands();
        }
        return Optional.ofNullable(found);
    }

    private static List<CustomCommand> parseAll(List<YamlValue> items, String parentWorkingDirectory) {
        List<CustomCommand> out = new ArrayList<>();
        for (YamlValue item : items) {
            if (item instanceof YamlValue.Map m) {
                out.add(parse(ConfigNode.of(m, "commands", null), m.source(), parentWorkingDirectory));
            }
        }
        return out;
    }

    private static CustomCommand parse(ConfigNode n, Source source, String parentWorkingDirectory) {
        String wd = n.string("working_directory").orElse(parentWorkingDirectory);
        List<Argument> arguments = new ArrayList<>();
        for (ConfigNode a : maps(n, "arguments")) {
            arguments.add(new Argument(a.string("name").orElse(""), a.string("description").orElse(""), a.bool("required"),
                    a.scalar("default").map(YamlValue.Scalar::value).filter(x -> !x.isEmpty()).orElse(null)));
        }
        List<Flag> flags = new ArrayList<>();
        for (ConfigNode f : maps(n, "flags")) {
            boolean bool = f.string("type").map(t -> t.equals("bool")).orElse(false);
            Object dflt = null;
            if (f.scalar("default").isPresent() && f.scalar("default").get().value() != null) {
                String d = f.scalar("default").get().value();
                dflt = bool ? (Object) ConfigNode.truthy(d) : d;
            }
            String description = f.string("description").orElse(f.string("usage").orElse(""));
            flags.add(new Flag(f.string("name").orElse(""), f.string("shorthand").orElse(null), bool, description, f.bool("required"), dflt));
        }
        List<Step> steps = new ArrayList<>();
        if (n.value("steps").orElse(null) instanceof YamlValue.Seq seq) {
            int i = 0;
            for (YamlValue s : seq.items()) {
                i++;
                if (s instanceof YamlValue.Scalar sc) {
                    steps.add(new Step("step" + i, "shell", sc.value() == null ? "" : sc.value(), Map.of(), null));
                } else if (s instanceof YamlValue.Map sm) {
                    ConfigNode st = ConfigNode.of(sm, "steps", null);
                    steps.add(new Step(st.string("name").orElse("step" + i), st.string("type").orElse("shell"),
                            st.scalar("command").map(YamlValue.Scalar::value).orElse(""), stringMap(st.child("env")),
                            st.string("working_directory").orElse(null)));
                }
            }
        }
        ConfigNode cc = n.child("component_config");
        List<CustomCommand> children = n.value("commands").orElse(null) instanceof YamlValue.Seq nested
                ? parseAll(nested.items(), wd) : List.of();
        return new CustomCommand(n.string("name").orElse(""), n.string("description").orElse(""), n.strings("aliases"), arguments, flags,
                env(n), steps, new ComponentConfig(cc.string("component").orElse(null), cc.string("stack").orElse(null)),
                n.string("identity").orElse(null), n.bool("verbose"), wd, children, source);
    }

    /** {@code env}: the legacy list of {@code key}/{@code value}/{@code valueCommand}, or a map (values or {@code {valueCommand: …}}). */
    private static List<EnvVar> env(ConfigNode n) {
        List<EnvVar> out = new ArrayList<>();
        YamlValue v = n.value("env").orElse(null);
        if (v instanceof YamlValue.Seq seq) {
            for (YamlValue item : seq.items()) {
                ConfigNode e = ConfigNode.of(item, "env", null);
                e.string("key").ifPresent(k -> out.add(new EnvVar(k, e.scalar("value").map(YamlValue.Scalar::value).orElse(""),
                        e.string("valueCommand").orElse(null))));
            }
        } else if (v instanceof YamlValue.Map m) {
            m.entries().keySet().stream().sorted().forEach(k -> {
                YamlValue x = m.get(k);
                if (x instanceof YamlValue.Scalar sc) {
                    out.add(new EnvVar(k, sc.value() == null ? "" : sc.value(), null));
                } else {
                    ConfigNode e = ConfigNode.of(x, "env." + k, null);
                    out.add(new EnvVar(k, e.scalar("value").map(YamlValue.Scalar::value).orElse(""), e.string("valueCommand").orElse(null)));
                }
            });
        }
        return out;
    }

    private static List<ConfigNode> maps(ConfigNode n, String key) {
        List<ConfigNode> out = new ArrayList<>();
        if (n.value(key).orElse(null) instanceof YamlValue.Seq seq) {
            for (YamlValue item : seq.items()) {
                if (item instanceof YamlValue.Map) {
                    out.add(ConfigNode.of(item, key, null));
                }
            }
        }
        return out;
    }

    private static Map<String, String> stringMap(ConfigNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        n.raw().entries().forEach((k, v) -> {
            if (v instanceof YamlValue.Scalar sc) {
                out.put(k, sc.value() == null ? "" : sc.value());
            }
        });
        return out;
    }
}
