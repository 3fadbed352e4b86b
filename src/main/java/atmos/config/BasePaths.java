package atmos.config;

import atmos.system.Host;
import java.nio.file.Path;
import java.util.Optional;

/** Atmos's {@code base_path} rules, shared by the configuration's base path and its imports' anchors. */
final class BasePaths {
    private BasePaths() {
    }

    /** The base path given at run time: {@code --base-path} (in {@code sel}, may be null), else {@code ATMOS_BASE_PATH}. */
    static Optional<String> runtime(Host host, ConfigLoader.Selection sel) {
        if (sel != null && sel.basePath() != null && !sel.basePath().isBlank()) {
            return Optional.of(sel.basePath().strip());
        }
        return host.getenv("ATMOS_BASE_PATH").map(String::strip);
    }

    /** Atmos's base_path rules: absolute as is; ./ and ../ against the anchor; empty or bare names against the git root. */
    static Path resolve(Host host, String value, Path anchor, Path gitRoot) {
        if (value.startsWith("~")) {
            return host.expandHome(value);
        }
        Path p = Path.of(value);
        if (p.isAbsolute()) {
            return p.normalize();
        }
        if (value.equals(".") || value.equals("..") || value.startsWith("./") || value.startsWith("../")) {
            return anchor.resolve(value).normalize();
        }
        if (gitRoot != null) {
            if (value.isEmpty()) {
                return gitRoot;
            }
            Path inRoot = gitRoot.resolve(value).normalize();
            if (host.inputs().exists(inRoot)) {
                return inRoot;
            }
            Path inCwd = host.cwd().resolve(value).normalize();
            return host.inputs().exists(inCwd) ? inCwd : inRoot;
        }
        return value.isEmpty() ? anchor : anchor.resolve(value).normalize();
    }
}
