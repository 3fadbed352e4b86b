package atmos.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The loaded CLI configuration: every file that was merged (in order), the directory of the last one
 * (Atmos's "CLI config path"), the resolved base path and git root, the active profiles, the credential
 * realm, and the sections this tool reads, as immutable values. {@code raw} keeps the whole merged
 * tree, unknown sections included, unevaluated.
 *
 * @param warnings non-fatal problems met while loading (imports that could not be resolved …)
 */
public record AtmosConfig(
        YamlValue.Map raw,
        List<Path> files,
        Path configDir,
        Path basePath,
        Path gitRoot,
        List<String> profiles,
        Realm realm,
        AuthConfig auth,
        ConfigEnv env,
        ConfigNode logs,
        List<String> warnings) {

    public AtmosConfig {
        files = List.copyOf(files);
        profiles = List.copyOf(profiles);
        warnings = List.copyOf(warnings);
    }

    /** The same configuration with another {@code auth:} in effect (a stack's or a component's merged one). */
    public AtmosConfig withAuth(AuthConfig newAuth) {
        return new AtmosConfig(raw, files, configDir, basePath, gitRoot, profiles, realm, newAuth, env, logs, warnings);
    }

    /** True when no atmos.yaml was found anywhere (Atmos then runs on built-in defaults). */
    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** Where a path should be shown relative to: the config directory, else the base path. */
    public Path displayBase() {
        return configDir != null ? configDir : basePath;
    }
}
