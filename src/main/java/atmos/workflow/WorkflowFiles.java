package atmos.workflow;

import atmos.config.AtmosConfig;
import atmos.config.ConfigNode;
import atmos.config.YamlReader;
import atmos.config.YamlValue;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.log.Log;
import atmos.system.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where workflows are and how they are read, as the Go Atmos does it: manifests are the {@code .yaml}
 * and {@code .yml} files under {@code workflows.base_path} (relative to the base path), each a map
 * with a top-level {@code workflows:} key; {@code -f name} names one, with or without its extension and
 * relative to that directory (or absolute). Without {@code -f}, a workflow name is looked up in every
 * manifest. Workflows written straight into atmos.yaml's {@code workflows:} section (the shape the
 * seed documentation shows) are found too, as if from a file named {@code atmos.yaml}.
 */
public final class WorkflowFiles {
    /** Keys of atmos.yaml's {@code workflows:} section that are settings, not workflows. */
    private static final Set<String> SETTINGS = Set.of("base_path", "list");

    private final AtmosConfig config;
    private final Host host;
    private final Log log;
    private final YamlReader reader;

    public WorkflowFiles(AtmosConfig config, Host host, Log log) {
        this.config = config;
        this.host = host;
        this.log = log;
        this.reader = new YamlReader(host.cwd());
    }

    private ConfigNode section() {
        return ConfigNode.of(config.raw().get("workflows"), "workflows", null);
    }

    /** {@code workflows.base_path}, if set. */
    public java.util.Optional<String> basePathSetting() {
        return section().string("base_path");
    }

    /** The manifests' directory; an error when {@code workflows.base_path} is not set. */
    public Path dir() {
        String base = basePathSetting().orElseThrow(() -> AtmosException.config("workflows.base_path is not set in atmos.yaml",
                "set it to the directory of your workflow manifests, e.g. workflows: {base_path: stacks/workflows}"));
        Path p = Path.of(base);
        Path root = config.basePath() != null ? config.basePath() : host.cwd();
        return (p.isAbsolute() ? p : root.resolve(p)).normalize();
    }

    /** The file {@code -f} names: absolute, or relative to the manifests' directory; {@code .yaml} added when it has no extension. */
    public Path resolve(String file) {
        Path p = Path.of(file);
        Path full = p.isAbsolute() ? p : dir().resolve(p);
        String name = full.getFileName().toString();
        if (!name.contains(".")) {
            full = full.resolveSibling(name + ".yaml");
        }
        return full.normalize();
    }

    /** How the user names a manifest in {@code -f}: relative to the manifests' directory, without its extension. */
    public String shortName(Workflow w) {
        String f = w.file();
        int dot = f.lastIndexOf('.');
        return dot > f.lastIndexOf('/') ? f.substring(0, dot) : f;
    }

    /** The workflows of one manifest, in file order; errors when it is missing or has no {@code workflows:} map. */
    public Map<String, Workflow> load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AtmosException(ExitCode.USAGE, "workflow file not found: the workflow manifest file " + display(file) + " does not exist",
                    manifestsHint());
        }
        YamlValue doc = reader.read(file);
        YamlValue workflows = doc instanceof YamlValue.Map m ? m.get("workflows") : null;
        if (!(workflows instanceof YamlValue.Map wm)) {
            throw AtmosException.config("invalid workflow manifest: the workflow manifest " + display(file)
                    + " must be a map with the top-level workflows: key", "add a top-level 'workflows:' key to the manifest file");
        }
        return parse(wm, fileName(file), file);
    }

    /**
     * The workflows named {@code name}: the one in {@code file} when it is given, else every manifest's
     * (and atmos.yaml's) of that name — one, or several for the caller to choose from. None is an error
     * with close names.
     */
    public List<Workflow> find(String name, String file) {
        if (file != null && !file.isBlank()) {
            Path path = resolve(file);
            Map<String, Workflow> inFile = load(path);
            Workflow wf = inFile.get(name);
            if (wf == null) {
                List<String> names = inFile.keySet().stream().sorted().toList();
                List<String> close = atmos.text.CloseNames.of(name, names);
                throw AtmosException.usage("no workflow found: no workflow exists with name " + name + " in " + display(path),
                        (close.isEmpty() ? "" : "did you mean " + String.join(", ", close) + "? ")
                                + "available workflows in " + path.getFileName() + ": " + String.join(", ", names));
            }
            return List.of(wf);
        }
        List<Workflow> all = all();
        List<Workflow> matches = all.stream().filter(w -> w.name().equals(name)).toList();
        if (matches.isEmpty()) {
            List<String> close = atmos.text.CloseNames.of(name, all.stream().map(Workflow::name).distinct().toList());
            throw AtmosException.usage("no workflow found with name " + name,
                    (close.isEmpty() ? "" : "did you mean " + String.join(", ", close) + "? ")
                            + "run 'atmos list workflows' to see all available workflows");
        }
        return matches;
    }

    /** Every workflow: each manifest's (files in lexical order; unreadable ones skipped with a warning), then atmos.yaml's. */
    public List<Workflow> all() {
        List<Workflow> out = new ArrayList<>();
        boolean hasDir = basePathSetting().isPresent();
        if (hasDir) {
            Path dir = dir();
            if (!Files.isDirectory(dir)) {
                if (inline().isEmpty()) {
                    throw AtmosException.config("the workflow directory " + display(dir) + " does not exist",
                            "review 'workflows.base_path' in 'atmos.yaml'");
                }
            } else {
                for (Path f : manifests(dir)) {
                    try {
                        out.addAll(load(f).values());
                    } catch (AtmosException e) {
                        log.warn("skipping workflow file " + fileName(f) + ": " + e.getMessage());
                    }
                }
            }
        }
        out.addAll(inline().values());
        if (!hasDir && out.isEmpty()) {
            dir(); // the error naming the missing setting
        }
        return out;
    }

    /** Workflows written inline in atmos.yaml's {@code workflows:} section (seed shape). */
    public Map<String, Workflow> inline() {
        YamlValue.Map raw = section().raw();
        Map<String, YamlValue> picked = new LinkedHashMap<>();
        raw.entries().forEach((k, v) -> {
            if (!SETTINGS.contains(k) && v instanceof YamlValue.Map m && m.get("steps") != null) {
                picked.put(k, v);
            }
        });
        return parse(new YamlValue.Map(picked, Map.of(), raw.source()), "atmos.yaml", null);
    }

    private List<Path> manifests(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted((a, b) -> fileName(a).compareTo(fileName(b)))
                    .toList();
        } catch (IOException e) {
            throw AtmosException.config("cannot read the workflow directory " + display(dir) + ": " + e.getMessage(),
                    "review 'workflows.base_path' in 'atmos.yaml'");
        }
    }

    /** The manifest's name relative to the manifests' directory, with '/' separators. */
    private String fileName(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (basePathSetting().isPresent()) {
            Path d = dir();
            if (abs.startsWith(d)) {
                return d.relativize(abs).toString().replace('\\', '/');
            }
        }
        return abs.toString();
    }

    /** A path as the user sees it: relative to the working directory when under it. */
    public String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(host.cwd()) && !abs.equals(host.cwd()) ? host.cwd().relativize(abs).toString() : abs.toString();
    }

    private String manifestsHint() {
        return basePathSetting().isPresent()
                ? "the manifests are the .yaml files under " + display(dir()) + " (workflows.base_path); run 'atmos list workflows' to see them"
                : "set workflows.base_path in atmos.yaml";
    }

    private static Map<String, Workflow> parse(YamlValue.Map workflows, String fileName, Path path) {
        Map<String, Workflow> out = new LinkedHashMap<>();
        workflows.entries().forEach((name, v) -> out.put(name, workflow(name, v, fileName, path)));
        return out;
    }

    private static Workflow workflow(String name, YamlValue v, String fileName, Path path) {
        ConfigNode n = ConfigNode.of(v, "workflows." + name, null);
        List<YamlValue> rawSteps = n.value("steps").orElse(null) instanceof YamlValue.Seq s ? s.items() : List.of();
        List<Workflow.Step> steps = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (YamlValue item : rawSteps) {
            if (item instanceof YamlValue.Map m) {
                ConfigNode.of(m, "", null).string("name").ifPresent(used::add);
            }
        }
        int index = 0;
        for (YamlValue item : rawSteps) {
            index++;
            ConfigNode s = item instanceof YamlValue.Scalar sc
                    ? ConfigNode.of(new YamlValue.Map(Map.of("command", sc), Map.of(), sc.source()), "", null)
                    : ConfigNode.of(item, "", null);
            String stepName = s.string("name").orElse(null);
            if (stepName == null) {
                // As upstream: stepN by position, never colliding with an explicit sibling name.
                stepName = "step" + index;
                while (used.contains(stepName)) {
                    stepName += "_";
                }
                used.add(stepName);
            }
            String command = s.scalar("command").map(YamlValue.Scalar::value).orElse("");
            steps.add(new Workflow.Step(stepName, command == null ? "" : command.strip(), s.string("type").orElse("atmos"),
                    s.string("stack").orElse(null), s.string("identity").orElse(null), env(s.child("env")),
                    s.string("working_directory").orElse(null)));
        }
        return new Workflow(name, fileName, path, n.string("description").orElse(""), n.string("stack").orElse(null),
                n.string("identity").orElse(null), env(n.child("env")), n.string("working_directory").orElse(null), steps);
    }

    /** An {@code env:} map (name: value); values are taken as written. */
    static Map<String, String> env(ConfigNode env) {
        Map<String, String> out = new LinkedHashMap<>();
        env.raw().entries().forEach((k, v) -> {
            if (v instanceof YamlValue.Scalar sc) {
                out.put(k, sc.value() == null ? "" : sc.value());
            }
        });
        return out;
    }
}
