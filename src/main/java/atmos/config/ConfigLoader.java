package atmos.config;

import atmos.config.ConfigDiscovery.ConfigSource;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.system.Host;
import atmos.system.Xdg;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds, reads and merges atmos.yaml the way Atmos does, so existing repositories work unchanged.
 *
 * <p>Without {@code --config}/{@code --config-path} every one of these that exists is merged, later
 * ones winning: the system file ({@code /usr/local/etc/atmos}), {@code ~/.atmos/atmos.yaml}, the XDG
 * config dir ({@code ~/.config/atmos/atmos.yaml}), the nearest parent directory holding an atmos.yaml
 * and the git root (both skipped when the working directory has its own config), the working
 * directory, and {@code ATMOS_CLI_CONFIG_PATH}. Within one source: {@code atmos.d/} and
 * {@code .atmos.d/} fragments, then the files in its {@code import:} list, then the file itself. Then the
 * active profiles are merged on top, each file with its own imports first.
 *
 * <p>Maps merge key by key; scalars and lists replace. Unknown sections are kept untouched.
 */
public final class ConfigLoader {
    /** What the command line selected; empty lists and null mean "not given". */
    public record Selection(List<String> configs, List<String> configPaths, String basePath, List<String> profiles) {
        public static final Selection NONE = new Selection(List.of(), List.of(), null, List.of());

        public Selection {
            configs = List.copyOf(configs);
            configPaths = List.copyOf(configPaths);
            profiles = List.copyOf(profiles);
        }
    }

    private final Host host;
    private final ConfigDiscovery discovery;

    /**
     * @param systemDir the machine-wide config directory ({@code /usr/local/etc/atmos}); null skips it
     */
    public ConfigLoader(Host host, Path systemDir) {
        this.host = host;
        this.discovery = new ConfigDiscovery(host, systemDir);
    }

    public AtmosConfig load(Selection selection) {
        Path gitRoot = ConfigDiscovery.findGitRoot(host.cwd(), host.inputs());
        // One budget for everything this load reads: files, imports, profiles and !include alike.
        YamlReader reader = new YamlReader(host.cwd(), new ConfigLimits.Budget());
        ConfigFunctions functions = new ConfigFunctions(host, gitRoot, reader);
        ConfigFiles load = new ConfigFiles(host, gitRoot, functions, reader);

        List<ConfigSource> sources = discovery.sources(selection, gitRoot);
        YamlValue merged = YamlValue.Map.empty(Source.synthetic("(built-in defaults)"));
        for (ConfigSource source : sources) {
            merged = DeepMerge.merge(merged, load.source(source));
        }
        Path configDir = sources.isEmpty() ? null : sources.get(sources.size() - 1).file().toAbsolutePath().getParent();

        YamlValue.Map base = asMap(merged);
        Host effective = promoteAtmosEnv(new ConfigEnv(base.get("env"), functions).atmosVariables());

        List<String> profiles = selectProfiles(selection, effective, base, functions);
        for (String profile : profiles) {
            Path dir = findProfile(profile, base, configDir, functions);
            merged = DeepMerge.merge(merged, load.profile(profile, dir));
        }
        YamlValue.Map all = asMap(provisioned(merged, load));

        ConfigNode auth = ConfigNode.of(functions.evaluate(section(all, "auth")), "auth", all.source());
        AuthConfig authConfig = AuthConfig.from(auth);
        Path basePath = resolveBasePath(selection, all, configDir, gitRoot, functions);
        Realm realm = realm(authConfig, configDir);
        ConfigEnv env = new ConfigEnv(all.get("env"), functions);
        ConfigNode logs = ConfigNode.of(functions.evaluate(section(all, "logs")), "logs", all.source());
        return new AtmosConfig(all, load.files, configDir, basePath, gitRoot, profiles, realm, authConfig, env, logs,
                load.warnings);
    }

    /**
     * The identities IAM Identity Center's {@code auto_provision_identities} wrote for the configured
     * providers, merged under the configuration (what atmos.yaml and the profiles say wins), as the Go
     * Atmos imports them first. A file someone else could have written is not used.
     */
    private YamlValue provisioned(YamlValue merged, ConfigFiles load) {
        YamlValue.Map all = asMap(merged);
        if (!(section(all, "auth") instanceof YamlValue.Map authSection)
                || !(section(authSection, "providers") instanceof YamlValue.Map providers) || providers.entries().isEmpty()) {
            return merged; // wrong types are the validator's to report
        }
        if (atmos.system.Xdg.cacheHomeIfKnown(host).isEmpty()) {
            return merged; // no home, no cache directory: nothing can have been provisioned there
        }
        Path root = Provisioned.root(host);
        YamlValue layer = YamlValue.Map.empty(Source.synthetic("provisioned identities"));
        for (String provider : providers.entries().keySet()) {
            Path file = Provisioned.file(host, provider);
            try {
                if (!inputs().exists(file) || !atmos.system.SecureFiles.checkSecretFile(root, file)) {
                    continue;
                }
            } catch (AtmosException e) {
                load.warnings.add("provisioned identities of " + provider + " not used: " + e.getMessage());
                continue;
            }
            YamlValue.Map doc = asMap(load.reader.read(file));
            if (section(doc, "auth") instanceof YamlValue.Map docAuth && section(docAuth, "identities") instanceof YamlValue.Map ids) {
                load.files.add(file);
                layer = DeepMerge.merge(layer, new YamlValue.Map(Map.of("auth", new YamlValue.Map(Map.of("identities", ids),
                        Map.of("identities", doc.source()), doc.source())), Map.of("auth", doc.source()), doc.source()));
            }
        }
        return DeepMerge.merge(layer, merged);
    }

    // ---------------------------------------------------------------- profiles

    private List<String> selectProfiles(Selection sel, Host effective, YamlValue.Map base, ConfigFunctions functions) {
        if (!sel.profiles().isEmpty()) {
            return splitAll(sel.profiles());
        }
        Optional<String> env = effective.getenv("ATMOS_PROFILE");
        if (env.isPresent()) {
            return splitList(env.get().replaceAll("\\s+", ","));
        }
        ConfigNode profiles = ConfigNode.of(functions.evaluate(section(base, "profiles")), "profiles", base.source());
        return profiles.string("default").map(List::of).orElse(List.of());
    }

    private List<Path> profileLocations(YamlValue.Map base, Path configDir, ConfigFunctions functions) {
        Path anchor = configDir != null ? configDir : host.cwd();
        List<Path> out = new ArrayList<>();
        ConfigNode profiles = ConfigNode.of(functions.evaluate(section(base, "profiles")), "profiles", base.source());
        profiles.string("base_path").ifPresent(bp -> out.add(bp.startsWith("~") ? host.expandHome(bp) : anchor.resolve(bp).normalize()));
        out.add(anchor.resolve(".atmos").resolve("profiles"));
        Xdg.configHomeIfKnown(host).ifPresent(d -> out.add(d.resolve("atmos").resolve("profiles")));
        out.add(anchor.resolve("profiles"));
        return out;
    }

    /**
     * The profiles (sorted) whose files define the identity {@code name} with a {@code kind}: for the
     * error that tells a user which profile to switch to. Profiles that cannot be read are skipped.
     */
    public List<String> profilesDefiningIdentity(AtmosConfig config, String name) {
        return profilesWhere(config, auth -> section(auth, "identities") instanceof YamlValue.Map ids
                && ids.entries().entrySet().stream().anyMatch(e -> e.getKey().equalsIgnoreCase(name)
                && e.getValue() instanceof YamlValue.Map m && m.get("kind") != null));
    }

    /** The profiles (sorted) that define any provider or identity (the Go Atmos's profile fallback). */
    public List<String> profilesWithAuth(AtmosConfig config) {
        return profilesWhere(config, auth -> section(auth, "identities") instanceof YamlValue.Map ids && !ids.entries().isEmpty()
                || section(auth, "providers") instanceof YamlValue.Map ps && !ps.entries().isEmpty());
    }

    /** Every profile that can be found from this configuration, sorted. */
    public List<String> availableProfiles(AtmosConfig config) {
        return profilesWhere(config, auth -> true);
    }

    private List<String> profilesWhere(AtmosConfig config, java.util.function.Predicate<YamlValue.Map> authMatches) {
        ConfigFunctions functions = new ConfigFunctions(host, config.gitRoot());
        Set<String> out = new TreeSet<>();
        for (Path loc : profileLocations(config.raw(), config.configDir(), functions)) {
            if (!inputs().isDirectory(loc)) {
                continue;
            }
            List<Path> dirs;
            try {
                dirs = inputs().list(loc).stream().filter(Files::isDirectory).sorted().toList();
            } catch (IOException e) {
                continue;
            }
            for (Path dir : dirs) {
                try {
                    // Each profile is a load of its own, with its own limits.
                    YamlReader reader = new YamlReader(host.cwd(), new ConfigLimits.Budget());
                    ConfigFiles load = new ConfigFiles(host, config.gitRoot(), new ConfigFunctions(host, config.gitRoot(), reader), reader);
                    YamlValue.Map layer = asMap(load.profile(dir.getFileName().toString(), dir));
                    YamlValue auth = section(layer, "auth");
                    if (authMatches.test(auth instanceof YamlValue.Map m ? m : YamlValue.Map.empty(layer.source()))) {
                        out.add(dir.getFileName().toString());
                    }
                } catch (AtmosException broken) {
                    // a profile that does not load cannot be the one to switch to
                }
            }
        }
        return List.copyOf(out);
    }

    private Path findProfile(String name, YamlValue.Map base, Path configDir, ConfigFunctions functions) {
        if (name.isBlank() || name.chars().anyMatch(Character::isISOControl)) {
            throw new AtmosException(ExitCode.USAGE, "profile name \"" + Names.printable(name) + "\" is not valid: it is empty or holds a control character",
                    "name the directory of a profile, e.g. --profile developers");
        }
        List<Path> locations = profileLocations(base, configDir, functions);
        for (Path loc : locations) {
            Path dir = loc.resolve(name);
            if (inputs().isDirectory(dir)) {
                return dir;
            }
        }
        Set<String> available = new TreeSet<>();
        for (Path loc : locations) {
            if (inputs().isDirectory(loc)) {
                try {
                    inputs().list(loc).stream().filter(Files::isDirectory).forEach(d -> available.add(d.getFileName().toString()));
                } catch (IOException ignored) {
                    // an unreadable location simply contributes no names
                }
            }
        }
        String hint = available.isEmpty()
                ? "no profiles exist; create " + locations.get(locations.size() - 1).resolve(name) + "/atmos.yaml"
                : "available profiles: " + String.join(", ", available);
        YamlValue identities = section(base, "auth") instanceof YamlValue.Map authMap ? section(authMap, "identities") : null;
        if (identities instanceof YamlValue.Map m && m.entries().keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name))) {
            hint += "; \"" + name + "\" is an auth identity, not a profile: select it with --identity or ATMOS_IDENTITY";
        }
        throw new AtmosException(ExitCode.USAGE, "profile \"" + name + "\" not found", hint);
    }

    // ---------------------------------------------------------------- base path, realm, env

    private Path resolveBasePath(Selection sel, YamlValue.Map all, Path configDir, Path gitRoot, ConfigFunctions functions) {
        Optional<String> runtime = BasePaths.runtime(host, sel);
        if (runtime.isPresent()) {
            return host.expandHome(runtime.get()).normalize();
        }
        Path anchor = configDir != null ? configDir : host.cwd();
        YamlValue bp = all.get("base_path");
        String value = bp == null ? "" : Types.pathText(functions.evaluate(bp), "base_path", host.cwd());
        if ((value.isEmpty() || value.equals(".")) && gitRoot != null && !discovery.hasLocalConfig(host.cwd())
                && !"false".equalsIgnoreCase(host.getenv("ATMOS_GIT_ROOT_BASEPATH").orElse(""))) {
            return gitRoot;
        }
        return BasePaths.resolve(host, value, anchor, gitRoot);
    }

    private Realm realm(AuthConfig auth, Path configDir) {
        Optional<String> env = host.getenv("ATMOS_AUTH_REALM");
        if (env.isPresent()) {
            return new Realm(env.get(), "env");
        }
        Optional<String> configured = auth.realm();
        if (configured.isPresent()) {
            return new Realm(configured.get(), "config");
        }
        // No realm, as the Go Atmos (source "auto"): keys atmos_<alias>, files under atmos/aws/. Entries an
        // older atmos-java stored under a realm hashed from the config directory are moved on first use.
        return Realm.auto(configDir != null ? hashRealm(configDir) : "");
    }

    /** Atmos's automatic realm: the first 8 bytes of SHA-256 of the lower-cased config directory, in hex. */
    public static String hashRealm(Path configDir) {
        String normalized = configDir.normalize().toString().replace('\\', '/').toLowerCase(Locale.ROOT);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ATMOS_* keys of the config's env: section act as if set in the environment, unless already set there. */
    private Host promoteAtmosEnv(Map<String, String> configEnv) {
        Map<String, String> env = new HashMap<>(host.env());
        boolean changed = false;
        for (Map.Entry<String, String> e : configEnv.entrySet()) {
            if (e.getKey().startsWith("ATMOS_") && !env.containsKey(e.getKey())) {
                env.put(e.getKey(), e.getValue());
                changed = true;
            }
        }
        return changed ? host.withEnv(env) : host;
    }

    // ---------------------------------------------------------------- helpers

    private YamlValue.Map asMap(YamlValue v) {
        return Types.document(v, host.cwd());
    }

    /** Where every file this load reads or looks for is recorded (for the snapshot of the answer). */
    private atmos.system.Inputs inputs() {
        return host.inputs();
    }

    private static YamlValue section(YamlValue.Map map, String key) {
        YamlValue v = map.get(key);
        return v != null ? v : YamlValue.Map.empty(map.sourceOf(key));
    }

    /** Comma-separated names, blanks dropped and each stripped: the shape of every list flag and env var. */
    public static List<String> splitList(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private static List<String> splitAll(List<String> values) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        values.forEach(v -> out.addAll(splitList(v)));
        return new ArrayList<>(out);
    }
}
