package atmos.cli;

import atmos.Services;
import atmos.config.AtmosConfig;
import atmos.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code atmos completion bash|zsh|fish}: prints a completion script. The scripts ask the hidden
 * {@code atmos __complete} for candidates, so identity, provider and profile names come from the
 * configuration in effect where the user is typing.
 */
@Command(name = "completion", description = "Print a shell completion script: bash, zsh or fish.%n"
        + "  bash: source <(atmos completion bash)%n  zsh:  source <(atmos completion zsh)%n"
        + "  fish: atmos completion fish | source")
public final class CompletionCommand implements Runnable {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SHELL", description = "bash, zsh or fish")
    String shell;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        if (shell == null) {
            throw atmos.error.AtmosException.usage("missing shell name", "run 'atmos completion bash', 'atmos completion zsh' or 'atmos completion fish'");
        }
        String script = switch (shell) {
            case "bash" -> BASH;
            case "zsh" -> ZSH;
            case "fish" -> FISH;
            default -> throw atmos.error.AtmosException.usage("unsupported shell \"" + shell + "\"", "use bash, zsh or fish");
        };
        PrintWriter out = spec.commandLine().getOut();
        out.print(script);
        out.flush();
    }

    static final String BASH = """
            # bash completion for atmos (atmos-java)
            _atmos_complete() {
                local cur="${COMP_WORDS[COMP_CWORD]}"
                local IFS=$'\\n'
                local candidates
                candidates=$(atmos completion __complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
                if [ -z "$candidates" ]; then
                    compopt -o default 2>/dev/null
                    COMPREPLY=()
                    return 0
                fi
                COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
            }
            complete -F _atmos_complete atmos
            """;

    static final String ZSH = """
            #compdef atmos
            # zsh completion for atmos (atmos-java)
            _atmos() {
                local -a candidates
                candidates=("${(@f)$(atmos completion __complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
                if [[ -z "${candidates[*]}" ]]; then
                    _files
                    return
                fi
                compadd -- "${candidates[@]}"
            }
            if [ "$funcstack[1]" = "_atmos" ]; then
                _atmos "$@"
            else
                compdef _atmos atmos
            fi
            """;

    static final String FISH = """
            # fish completion for atmos (atmos-java)
            function __atmos_complete
                set -l tokens (commandline -opc)
                set -e tokens[1]
                atmos completion __complete -- $tokens (commandline -ct) 2>/dev/null
            end
            complete -c atmos -f -a '(__atmos_complete)'
            """;

    /**
     * {@code atmos completion __complete WORD… PARTIAL}: one candidate per line for the last word,
     * given the words before it. Hidden; used by the scripts.
     */
    @Command(name = "__complete", hidden = true)
    public static final class Complete implements Runnable {
        @Parameters(arity = "0..*")
        List<String> words = new ArrayList<>();

        @Spec
        CommandSpec spec;

        private final Services services;

        public Complete(Services services) {
            this.services = services;
        }

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            for (String c : candidates(spec.root(), words)) {
                out.println(c);
            }
            out.flush();
        }

        List<String> candidates(CommandSpec root, List<String> all) {
            List<String> before = all.isEmpty() ? List.of() : all.subList(0, all.size() - 1);
            String partial = all.isEmpty() ? "" : all.get(all.size() - 1);
            CommandSpec current = root;
            for (String w : before) {
                CommandLine sub = current.subcommands().get(w);
                if (sub != null) {
                    current = sub.getCommandSpec();
                }
            }
            String previous = before.isEmpty() ? "" : before.get(before.size() - 1);
            String valueOf = null;
            String prefix = "";
            if (partial.startsWith("--") && partial.contains("=")) {
                valueOf = partial.substring(0, partial.indexOf('='));
                prefix = valueOf + "=";
                partial = partial.substring(partial.indexOf('=') + 1);
            } else if (previous.startsWith("-") && !previous.contains("=")) {
                OptionSpec opt = current.findOption(previous);
                if (opt != null && opt.arity().max() > 0) {
                    valueOf = previous;
                }
            }
            List<String> out = new ArrayList<>();
            if (valueOf != null) {
                for (String v : valuesFor(valueOf, before)) {
                    if (v.startsWith(partial)) {
                        out.add(prefix + v);
                    }
                }
                return out;
            }
            if (partial.startsWith("-")) {
                for (OptionSpec o : current.options()) {
                    if (o.hidden()) {
                        continue;
                    }
                    for (String n : o.names()) {
                        if (n.startsWith(partial)) {
                            out.add(n);
                        }
                    }
                }
                return out;
            }
            for (Map.Entry<String, CommandLine> e : current.subcommands().entrySet()) {
                if (!e.getValue().getCommandSpec().usageMessage().hidden() && e.getKey().startsWith(partial)) {
                    out.add(e.getKey());
                }
            }
            if (current.name().equals("logout") || current.name().equals("list")) {
                String typed = partial;
                valuesFor("--identity", before).stream().filter(v -> v.startsWith(typed)).forEach(out::add);
            }
            if (current.name().equals("workflow") && current.parent() != null && current.parent().parent() == null) {
                String typed = partial;
                workflows(before).stream().filter(v -> v.startsWith(typed)).forEach(out::add);
            }
            return out;
        }

        private List<String> valuesFor(String option, List<String> words) {
            return switch (option) {
                case "-i", "--identity" -> names(words, true);
                case "-p", "--provider", "--providers" -> names(words, false);
                case "--identities" -> names(words, true);
                case "--profile" -> profiles(words);
                case "-f", "--format" -> words.contains("env")
                        ? List.of("bash", "json", "dotenv", "env", "github")
                        : List.of("table", "tree", "json", "yaml", "mermaid", "graphviz", "markdown");
                case "-o", "--output" -> List.of("json");
                case "--logs-level" -> List.of("Trace", "Debug", "Info", "Warn", "Error", "Off");
                case "--destination" -> atmos.cloud.aws.ConsoleDestinations.aliases();
                default -> List.of();
            };
        }

        private AtmosConfig load(List<String> words) {
            List<String> configs = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            List<String> profiles = new ArrayList<>();
            String base = null;
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                String next = i + 1 < words.size() ? words.get(i + 1) : null;
                if (w.startsWith("--config=")) {
                    configs.add(w.substring(9));
                } else if (w.equals("--config") && next != null) {
                    configs.add(next);
                } else if (w.startsWith("--config-path=")) {
                    paths.add(w.substring(14));
                } else if (w.equals("--config-path") && next != null) {
                    paths.add(next);
                } else if (w.startsWith("--profile=")) {
                    profiles.add(w.substring(10));
                } else if (w.equals("--profile") && next != null) {
                    profiles.add(next);
                } else if (w.startsWith("--base-path=")) {
                    base = w.substring(12);
                } else if (w.equals("--base-path") && next != null) {
                    base = next;
                }
            }
            return new ConfigLoader(services.host(), services.systemConfigDir())
                    .load(new ConfigLoader.Selection(configs, paths, base, profiles));
        }

        private List<String> names(List<String> words, boolean identities) {
            try {
                AtmosConfig c = load(words);
                return new ArrayList<>(new TreeSet<>(identities ? c.auth().identities().keySet() : c.auth().providers().keySet()));
            } catch (RuntimeException e) {
                return List.of();
            }
        }

        /** Workflow names (each once) for {@code atmos workflow <TAB>}. */
        private List<String> workflows(List<String> words) {
            try {
                AtmosConfig c = load(words);
                return new atmos.workflow.WorkflowFiles(c, services.host(), atmos.log.Log.silent()).all().stream()
                        .map(atmos.workflow.Workflow::name).distinct().sorted().toList();
            } catch (RuntimeException e) {
                return List.of();
            }
        }

        private List<String> profiles(List<String> words) {
            List<String> noProfiles = words.stream().filter(w -> !w.startsWith("--profile")).toList();
            TreeSet<String> out = new TreeSet<>();
            try {
                AtmosConfig c = load(noProfiles);
                Path anchor = c.configDir() != null ? c.configDir() : services.host().cwd();
                List<Path> locations = new java.util.ArrayList<>(List.of(anchor.resolve("profiles"), anchor.resolve(".atmos/profiles")));
                atmos.system.Xdg.configHomeIfKnown(services.host()).ifPresent(d -> locations.add(d.resolve("atmos/profiles")));
                for (Path loc : locations) {
                    if (Files.isDirectory(loc)) {
                        try (Stream<Path> s = Files.list(loc)) {
                            s.filter(Files::isDirectory).forEach(d -> out.add(d.getFileName().toString()));
                        }
                    }
                }
            } catch (RuntimeException | java.io.IOException e) {
                return List.of();
            }
            return new ArrayList<>(out);
        }
    }
}
