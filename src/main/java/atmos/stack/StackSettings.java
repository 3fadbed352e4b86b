package atmos.stack;

import atmos.config.AtmosConfig;
import atmos.config.ConfigFunctions;
import atmos.config.ConfigNode;
import atmos.config.YamlValue;
import atmos.error.AtmosException;
import atmos.system.Host;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of atmos.yaml that stack processing reads, with Atmos's environment overrides applied
 * ({@code ATMOS_STACKS_BASE_PATH}, {@code ATMOS_STACKS_INCLUDED_PATHS}, {@code ATMOS_STACKS_EXCLUDED_PATHS},
 * {@code ATMOS_STACKS_NAME_PATTERN}, {@code ATMOS_STACKS_NAME_TEMPLATE},
 * {@code ATMOS_COMPONENTS_TERRAFORM_COMMAND}, {@code ATMOS_COMPONENTS_TERRAFORM_BASE_PATH},
 * {@code ATMOS_COMPONENTS_HELMFILE_*}, {@code ATMOS_DESCRIBE_COMPONENT_FILTER}) and the defaults Go
 * Atmos uses when a key is absent (templates off unless {@code templates.settings.enabled: true}, list
 * merge strategy {@code replace}, metadata inheritance on).
 *
 * @param config        the loaded CLI configuration (raw sections, global auth, env)
 * @param host          environment, working directory
 * @param basePath      the resolved {@code base_path}
 * @param stacksBase    absolute stacks base path
 * @param includedPaths {@code stacks.included_paths} as written (relative to the stacks base)
 * @param excludedPaths {@code stacks.excluded_paths} as written
 */
public record StackSettings(
        AtmosConfig config,
        Host host,
        Path basePath,
        String basePathText,
        String stacksBasePathText,
        Path stacksBase,
        List<String> includedPaths,
        List<String> excludedPaths,
        String namePattern,
        String nameTemplate,
        Map<String, ComponentKind> kinds,
        String listMergeStrategy,
        boolean templatesEnabled,
        int templateEvaluations,
        boolean ignoreMissingTemplateValues,
        boolean describeFull,
        boolean inheritMetadata,
        Boolean workspacesEnabled,
        String workspacePrefixSeparator,
        Map<String, String> atmosEnv,
        YamlValue.Map globalAuth,
        YamlValue integrationsGithub) {

    /** Where the components of one type live and which binary runs them. */
    public record ComponentKind(String type, String basePathText, Path basePath, String command) {
    }

    public static final List<String> TYPES = List.of("terraform", "helmfile", "packer");

    public static StackSettings from(AtmosConfig config, Host host) {
        ConfigFunctions functions = new ConfigFunctions(host, config.gitRoot());
        YamlValue.Map raw = config.raw();
        ConfigNode stacks = node(functions, raw, "stacks");
        ConfigNode components = node(functions, raw, "components");
        ConfigNode settings = node(functions, raw, "settings");
        ConfigNode templates = node(functions, raw, "templates").child("settings");
        ConfigNode describe = node(functions, raw, "describe");

        Path base = config.basePath() != null ? config.basePath() : host.cwd();
        String baseText = ConfigNode.of(raw, "", null).string("base_path").orElse("");
        String stacksBaseText = env(host, "ATMOS_STACKS_BASE_PATH").orElse(stacks.string("base_path").orElse(""));
        List<String> included = env(host, "ATMOS_STACKS_INCLUDED_PATHS").map(StackSettings::split).orElse(stacks.strings("included_paths"));
        List<String> excluded = env(host, "ATMOS_STACKS_EXCLUDED_PATHS").map(StackSettings::split).orElse(stacks.strings("excluded_paths"));
        String pattern = env(host, "ATMOS_STACKS_NAME_PATTERN").orElse(stacks.string("name_pattern").orElse(""));
        String template = env(host, "ATMOS_STACKS_NAME_TEMPLATE").orElse(stacks.string("name_template").orElse(""));

        Map<String, ComponentKind> kinds = new LinkedHashMap<>();
        for (String type : TYPES) {
            ConfigNode c = components.child(type);
            String upper = type.toUpperCase(Locale.ROOT);
            String bp = env(host, "ATMOS_COMPONENTS_" + upper + "_BASE_PATH").orElse(c.string("base_path").orElse(""));
            String cmd = env(host, "ATMOS_COMPONENTS_" + upper + "_COMMAND").orElse(c.string("command").orElse(""));
            kinds.put(type, new ComponentKind(type, bp, join(base, bp), cmd));
        }

        String strategy = settings.string("list_merge_strategy").orElse("replace");
        if (!List.of("replace", "append", "merge").contains(strategy)) {
            throw AtmosException.config("invalid list merge strategy '" + strategy + "' in settings.list_merge_strategy",
                    "supported list merge strategies are: replace, append, merge");
        }
        // Go Atmos: the built-in defaults (templates on) apply only when no atmos.yaml exists at all;
        // an atmos.yaml without `templates:` leaves them off.
        boolean templatesEnabled = config.isEmpty() || templates.bool("enabled");
        int evaluations = templates.string("evaluations").flatMap(StackSettings::integer).orElse(1);
        boolean ignoreMissing = templates.bool("ignore_missing_template_values");
        String filter = env(host, "ATMOS_DESCRIBE_COMPONENT_FILTER")
                .orElse(describe.child("component").string("filter").orElse("schema"));
        boolean inheritMetadata = stacks.child("inherit").string("metadata").map(ConfigNode::truthy).orElse(true);
        Boolean workspaces = components.child("terraform").string("workspaces_enabled").map(ConfigNode::truthy).orElse(null);
        String separator = components.child("terraform").child("workspace").string("prefix_separator").orElse("-");

        YamlValue authRaw = config.auth().node().raw();
        YamlValue.Map globalAuth = authRaw instanceof YamlValue.Map m ? m : YamlValue.Map.empty(raw.source());
        YamlValue github = node(functions, raw, "integrations").raw().get("github");

        return new StackSettings(config, host, base, baseText, stacksBaseText, join(base, stacksBaseText), List.copyOf(included),
                List.copyOf(excluded), pattern, template, kinds, strategy, templatesEnabled, Math.max(1, evaluations), ignoreMissing,
                "full".equalsIgnoreCase(filter), inheritMetadata, workspaces, separator, config.env().values(), globalAuth, github);
    }

    /** Atmos refuses to process stacks without a stacks base path and at least one included path. */
    public void requireStacks() {
        if (stacksBasePathText.isEmpty()) {
            throw AtmosException.config("stack base path must be provided in 'stacks.base_path' config or 'ATMOS_STACKS_BASE_PATH' ENV variable",
                    "add 'stacks: {base_path: stacks, included_paths: [\"**/*\"]}' to atmos.yaml");
        }
        if (includedPaths.isEmpty()) {
            throw AtmosException.config("at least one path must be provided in 'stacks.included_paths' config or 'ATMOS_STACKS_INCLUDED_PATHS' ENV variable",
                    "list the stack manifests to process, e.g. 'stacks: {included_paths: [\"orgs/**/*\"]}'");
        }
    }

    public ComponentKind kind(String type) {
        return kinds.get(type);
    }

    private static ConfigNode node(ConfigFunctions functions, YamlValue.Map raw, String key) {
        YamlValue v = raw.get(key);
        return ConfigNode.of(v == null ? null : functions.evaluate(v), key, raw.sourceOf(key));
    }

    private static Optional<String> env(Host host, String name) {
        return host.getenv(name);
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        for (String p : s.split(",")) {
            out.add(p);
        }
        return out;
    }

    private static Optional<Integer> integer(String s) {
        try {
            return Optional.of(Integer.parseInt(s.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Go's {@code filepath.Join(base, p)} unless p is absolute. */
    static Path join(Path base, String p) {
        if (p == null || p.isEmpty()) {
            return base.toAbsolutePath().normalize();
        }
        Path path = Path.of(p);
        return (path.isAbsolute() ? path : base.resolve(p)).toAbsolutePath().normalize();
    }
}
