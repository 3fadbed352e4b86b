package atmos.stack;

import atmos.config.AtmosConfig;
import atmos.config.YamlValue;
import atmos.error.AtmosException;
import atmos.system.Host;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stacks of one Atmos repository, processed as Atmos processes them: the manifests named by
 * {@code stacks.included_paths} minus {@code stacks.excluded_paths} (doublestar globs under
 * {@code stacks.base_path}), each with its imports, merged into components. Built once per command
 * from the loaded configuration; every manifest is read and parsed once, files are processed in
 * parallel, results are kept for the life of this object.
 *
 * <p>Entry points: {@link #describeComponent}, {@link #describeStacks}, {@link #stackNames},
 * {@link #components}, and {@link StackAuth} for the identity a stack needs.
 */
public final class Stacks {
    private final StackSettings settings;
    private final TemplateRenderer templates;
    private final Manifests manifests;
    private final StackLoader loader;
    private final ComponentProcessor processor;
    private volatile List<Path> files;
    private final Map<String, Stack> processed = new ConcurrentHashMap<>();
    private volatile boolean all;
    private final TerraformState terraformState = new TerraformState(this);

    /** One processed manifest: file, name Atmos gives the file, its explicit {@code name:}, components, imports. */
    public record Stack(Path file, String stackFile, String manifestName, StackLoader.Loaded loaded,
                        Map<String, Map<String, ComponentProcessor.Component>> components) {

        /** The component of that type, if the stack defines it. */
        public Optional<ComponentProcessor.Component> component(String type, String name) {
            Map<String, ComponentProcessor.Component> typed = components.get(type);
            return typed == null ? Optional.empty() : Optional.ofNullable(typed.get(name));
        }

        public boolean hasComponents() {
            return components.values().stream().anyMatch(m -> !m.isEmpty());
        }
    }

    private Stacks(StackSettings settings, TemplateRenderer templates) {
        this.settings = settings;
        this.templates = templates;
        this.manifests = new Manifests(settings);
        this.loader = new StackLoader(settings, manifests, templates);
        this.processor = new ComponentProcessor(settings);
    }

    /** Stacks of the loaded configuration, with Atmos's Go templates ({@code templates.settings} of atmos.yaml). */
    public static Stacks of(AtmosConfig config, Host host) {
        return of(config, host, GoTemplateRenderer.of(host, config));
    }

    /** Stacks of the loaded configuration, rendering templates with {@code templates}. */
    public static Stacks of(AtmosConfig config, Host host, TemplateRenderer templates) {
        return new Stacks(StackSettings.from(config, host), templates);
    }

    public StackSettings settings() {
        return settings;
    }

    TemplateRenderer templates() {
        return templates;
    }

    /** What !terraform.state and !terraform.output read (outputs cached for the life of this object). */
    TerraformState terraformState() {
        return terraformState;
    }

    StackLoader loader() {
        return loader;
    }

    /** A manifest as written (load-time tags applied), without its imports. */
    YamlValue.Map raw(Path file) {
        return manifests.text(file).map(t -> t.isEmpty() ? Values.emptyMap() : manifests.parsed(file, t)).orElse(Values.emptyMap());
    }

    /** The resolved locals of one manifest, by scope. */
    Locals.Scopes localsOf(Path file, YamlValue.Map raw) {
        StackFunctions functions = new StackFunctions(settings);
        String rel = loader.relative(file);
        return Locals.scopes(raw, templates, v -> functions.evaluate(v, rel), rel);
    }

    /**
     * The component a command names: itself, or for a directory ({@code .}, {@code ./vpc}, an absolute
     * path) the stack's component that lives there, as the Go Atmos resolves component paths.
     *
     * @param type the command's component type (terraform …), or null for any
     */
    public String componentFromPath(String component, String stack, String type) {
        return ComponentPaths.resolve(this, component, stack, type);
    }

    /** {@code atmos describe locals}: the locals of a stack's manifest, or those a component sees. */
    public Map<String, Object> describeLocals(String stack, String component) {
        return new DescribeLocals(this).describe(stack, component);
    }

    // ---------------------------------------------------------------- discovery

    /** The top-level stack manifests, in Atmos's order (included patterns in order, matches sorted). */
    public List<Path> files() {
        if (files == null) {
            synchronized (this) {
                if (files == null) {
                    files = discover();
                }
            }
        }
        return files;
    }

    /**
     * True when the stacks configuration is valid but names no manifest yet (a brand-new project, a
     * missing stacks directory): {@code atmos list stacks} then says "No stacks found", as Atmos does.
     */
    public boolean noManifests() {
        settings.requireStacks();
        return find().isEmpty();
    }

    private List<Path> discover() {
        settings.requireStacks();
        List<Path> found = find();
        if (found.isEmpty()) {
            throw AtmosException.config("no stack manifests found in the paths " + settings.includedPaths() + " under " + settings.stacksBase(),
                    "check that 'base_path', 'stacks.base_path', 'stacks.included_paths' and 'stacks.excluded_paths' are correct in atmos.yaml");
        }
        return found;
    }

    private List<Path> find() {
        Path base = settings.stacksBase();
        List<String> excluded = new ArrayList<>();
        for (String e : settings.excludedPaths()) {
            excluded.add(StackSettings.join(base, e).toString().replace('\\', '/'));
        }
        LinkedHashSet<Path> found = new LinkedHashSet<>();
        for (String inc : settings.includedPaths()) {
            List<String> patterns = new ArrayList<>();
            String name = inc.substring(inc.lastIndexOf('/') + 1);
            if (name.lastIndexOf('.') > 0) {
                patterns.add(inc);
            } else {
                for (String ext : List.of(".yaml", ".yml", ".yaml.tmpl", ".yml.tmpl")) {
                    patterns.add(inc + ext);
                }
            }
            for (String p : patterns) {
                for (Path match : Glob.files(StackSettings.join(base, p).toString(), settings.host().inputs())) {
                    String abs = match.toString().replace('\\', '/');
                    if (excluded.stream().noneMatch(x -> Glob.matches(x, abs))) {
                        found.add(match);
                    }
                }
            }
        }
        return List.copyOf(found);
    }

    /** Every stack manifest processed (in parallel), by stack file name, sorted. */
    public Map<String, Stack> all() {
        if (!all) {
            List<Path> todo = new ArrayList<>();
            for (Path f : files()) {
                if (!processed.containsKey(loader.stackFileName(f))) {
                    todo.add(f);
                }
            }
            todo.parallelStream().forEach(this::process);
            all = true;
        }
        return Collections.unmodifiableMap(new TreeMap<>(processed));
    }

    /** One stack manifest by stack file name ({@code orgs/acme/dev/us-east-1}), if it is a stack. */
    public Optional<Stack> byFile(String stackFile) {
        Stack s = processed.get(stackFile);
        if (s != null) {
            return Optional.of(s);
        }
        for (Path f : files()) {
            if (loader.stackFileName(f).equals(stackFile)) {
                return Optional.of(process(f));
            }
        }
        return Optional.empty();
    }

    private Stack process(Path file) {
        String name = loader.stackFileName(file);
        Stack existing = processed.get(name);
        if (existing != null) {
            return existing;
        }
        StackLoader.Loaded loaded = loader.load(file);
        ComponentProcessor.Processed p = processor.process(loaded);
        Stack stack = new Stack(file, name, p.manifestName(), loaded, p.components());
        processed.putIfAbsent(name, stack);
        return processed.get(name);
    }

    // ---------------------------------------------------------------- names

    /**
     * The name of a stack as Atmos resolves it for one of its components: the manifest's {@code name:},
     * else {@code stacks.name_template} rendered with the component's sections, else
     * {@code stacks.name_pattern} ({@code {tenant}-{environment}-{stage}} from its vars), else the
     * file name. Empty when the pattern cannot be filled (that component is not addressable).
     */
    public String stackName(Stack stack, ComponentProcessor.Component component) {
        return StackNames.name(settings, templates, stack, component);
    }

    /** Every stack name that has components (what {@code atmos list stacks} prints), sorted. */
    public List<String> stackNames() {
        TreeSet<String> names = new TreeSet<>();
        for (Stack s : all().values()) {
            names.addAll(StackNames.namesOf(settings, templates, s));
        }
        return new ArrayList<>(names);
    }

    /** The names of the stacks that have this component (any type), sorted. */
    public List<String> stackNamesWith(String component) {
        TreeSet<String> names = new TreeSet<>();
        for (Stack s : all().values()) {
            for (Map<String, ComponentProcessor.Component> typed : s.components().values()) {
                ComponentProcessor.Component c = typed.get(component);
                if (c != null) {
                    String n = StackNames.name(settings, templates, s, c);
                    names.add(n.isEmpty() ? s.stackFile() : n);
                }
            }
        }
        return new ArrayList<>(names);
    }

    // ---------------------------------------------------------------- describing

    public Map<String, Object> describeComponent(DescribeComponent.Request request) {
        return new DescribeComponent(this).describe(request);
    }

    public Map<String, Object> describeStacks(DescribeStacks.Request request) {
        return new DescribeStacks(this).describe(request);
    }

    /** Unique components across stacks (what {@code atmos list components} prints), sorted by name. */
    public List<Map<String, Object>> components(String stackGlob) {
        return Listing.components(this, stackGlob);
    }

    /** The stack-file → merged-section view Atmos calls the stacks map (for tests and listings). */
    Map<String, YamlValue.Map> merged() {
        Map<String, YamlValue.Map> out = new LinkedHashMap<>();
        all().forEach((k, v) -> out.put(k, v.loaded().merged()));
        return out;
    }
}
