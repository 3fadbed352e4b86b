package atmos.config;

import atmos.error.AtmosException;
import atmos.system.Host;
import atmos.system.Xdg;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Which atmos.yaml files a load merges, as the Go Atmos finds them: those named by {@code --config},
 * {@code --config-path} or their variables, else the machine-wide file, the home and XDG ones, the nearest
 * one above the working directory up to the git root, the git root's, the working directory's and
 * {@code ATMOS_CLI_CONFIG_PATH}'s, each once, at its last place. Every path looked at is recorded.
 */
final class ConfigDiscovery {
    private static final List<String> CONFIG_NAMES = List.of("atmos.yaml", "atmos.yml");
    private static final List<String> HIDDEN_CONFIG_NAMES = List.of(".atmos.yaml", ".atmos.yml");

    private final Host host;
    private final Path systemDir;

    ConfigDiscovery(Host host, Path systemDir) {
        this.host = host;
        this.systemDir = systemDir;
    }

    /** A config file to merge and whether its fragments and imports are processed. */
    record ConfigSource(Path file, boolean withExtras) {
    }

    /** The files to merge, in order: those the command line or ATMOS_CONFIG(_PATH) name, else those found. */
    List<ConfigSource> sources(ConfigLoader.Selection sel, Path gitRoot) {
        List<ConfigSource> explicit = explicitSources(sel);
        return explicit.isEmpty() ? discoveredSources(gitRoot) : explicit;
    }

    private List<ConfigSource> explicitSources(ConfigLoader.Selection sel) {
        List<String> configs = !sel.configs().isEmpty() ? sel.configs() : ConfigLoader.splitList(host.getenv("ATMOS_CONFIG").orElse(""));
        List<String> dirs = !sel.configPaths().isEmpty() ? sel.configPaths() : ConfigLoader.splitList(host.getenv("ATMOS_CONFIG_PATH").orElse(""));
        List<ConfigSource> out = new ArrayList<>();
        for (String c : configs) {
            Path p = host.expandHome(c);
            if (inputs().isDirectory(p)) {
                out.add(new ConfigSource(configFileIn(p, true).orElseThrow(() -> notFoundIn(p)), true));
            } else if (inputs().isRegularFile(p)) {
                out.add(new ConfigSource(p, true));
            } else {
                throw AtmosException.config("config file not found: " + c,
                        "check the path given with --config (or ATMOS_CONFIG)");
            }
        }
        for (String d : dirs) {
            Path p = host.expandHome(d);
            if (!inputs().isDirectory(p)) {
                throw AtmosException.config("config directory not found: " + d,
                        "check the directory given with --config-path (or ATMOS_CONFIG_PATH)");
            }
            out.add(new ConfigSource(configFileIn(p, true).orElseThrow(() -> notFoundIn(p)), true));
        }
        return out;
    }

    private static AtmosException notFoundIn(Path dir) {
        return AtmosException.config("no atmos.yaml found in " + dir, "create " + dir.resolve("atmos.yaml") + " or point at another directory");
    }

    private List<ConfigSource> discoveredSources(Path gitRoot) {
        LinkedHashMap<Path, ConfigSource> found = new LinkedHashMap<>();
        if (systemDir != null) {
            configFileIn(systemDir, false).ifPresent(f -> add(found, new ConfigSource(f, false)));
        }
        if (host.hasHome()) {
            configFileIn(host.home().resolve(".atmos"), false).ifPresent(f -> add(found, new ConfigSource(f, true)));
        }
        Xdg.configHomeIfKnown(host).flatMap(d -> configFileIn(d.resolve("atmos"), false)).ifPresent(f -> add(found, new ConfigSource(f, true)));
        Optional<String> cliConfigPath = host.getenv("ATMOS_CLI_CONFIG_PATH");
        if (cliConfigPath.isEmpty() && !hasLocalConfig(host.cwd())) {
            Path parent = host.cwd().getParent();
            while (parent != null) {
                Optional<Path> f = configFileIn(parent, true);
                if (f.isPresent()) {
                    add(found, new ConfigSource(f.get(), true));
                    break;
                }
                if (parent.equals(gitRoot)) {
                    break;
                }
                parent = parent.getParent();
            }
            if (gitRoot != null) {
                configFileIn(gitRoot, false).ifPresent(f -> add(found, new ConfigSource(f, true)));
            }
        }
        configFileIn(host.cwd(), false).ifPresent(f -> add(found, new ConfigSource(f, true)));
        cliConfigPath.ifPresent(p -> {
            Path path = host.expandHome(p);
            Optional<Path> f = inputs().isRegularFile(path) ? Optional.of(path) : configFileIn(path, true);
            f.ifPresent(file -> add(found, new ConfigSource(file, true)));
        });
        return new ArrayList<>(found.values());
    }

    /** A file found twice (the working directory is the git root …) is merged once, at its later place. */
    private static void add(LinkedHashMap<Path, ConfigSource> found, ConfigSource s) {
        Path key = s.file().toAbsolutePath().normalize();
        found.remove(key);
        found.put(key, s);
    }

    private Optional<Path> configFileIn(Path dir, boolean hiddenToo) {
        for (String name : CONFIG_NAMES) {
            Path p = dir.resolve(name);
            if (inputs().isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        if (hiddenToo) {
            for (String name : HIDDEN_CONFIG_NAMES) {
                Path p = dir.resolve(name);
                if (inputs().isRegularFile(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether {@code dir} holds an atmos configuration of its own (which stops the search upwards). */
    boolean hasLocalConfig(Path dir) {
        for (String n : List.of("atmos.yaml", "atmos.yml", ".atmos.yaml", ".atmos", ".atmos.d", "atmos.d")) {
            if (inputs().exists(dir.resolve(n))) {
                return true;
            }
        }
        return false;
    }

    /** The nearest directory at or above {@code dir} holding {@code .git} (a directory, or a worktree's file). */
    static Path findGitRoot(Path dir, atmos.system.Inputs inputs) {
        for (Path d = dir; d != null; d = d.getParent()) {
            if (inputs.exists(d.resolve(".git"))) {
                return d;
            }
        }
        return null;
    }

    private atmos.system.Inputs inputs() {
        return host.inputs();
    }
}
