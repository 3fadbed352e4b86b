package atmos.system;

import atmos.error.AtmosException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The XDG base directories as Atmos resolves them: {@code ATMOS_XDG_*_HOME}, then {@code XDG_*_HOME},
 * then the freedesktop defaults under the home directory (also on macOS, as Atmos does). A relative
 * value is refused naming its variable (Atmos would use it relative to the working directory; the XDG
 * specification says to ignore it); a leading {@code ~/} is the home directory.
 */
public final class Xdg {
    private Xdg() {
    }

    public static Path configHome(Host host) {
        return dir(host, "CONFIG", ".config");
    }

    public static Path dataHome(Host host) {
        return dir(host, "DATA", ".local/share");
    }

    public static Path cacheHome(Host host) {
        return dir(host, "CACHE", ".cache");
    }

    public static Path stateHome(Host host) {
        return dir(host, "STATE", ".local/state");
    }

    /** The config directory when it can be known (no error without a home): for finding files that may exist. */
    public static Optional<Path> configHomeIfKnown(Host host) {
        return ifKnown(host, "CONFIG", ".config");
    }

    /** The cache directory when it can be known (no error without a home): for finding files that may exist. */
    public static Optional<Path> cacheHomeIfKnown(Host host) {
        return ifKnown(host, "CACHE", ".cache");
    }

    private static Optional<Path> ifKnown(Host host, String kind, String fallback) {
        Optional<Path> set = fromEnv(host, kind);
        return set.isPresent() || !host.hasHome() ? set : Optional.of(host.home().resolve(fallback));
    }

    private static Path dir(Host host, String kind, String fallback) {
        Optional<Path> set = fromEnv(host, kind);
        return set.isPresent() ? set.get() : host.home().resolve(fallback);
    }

    private static Optional<Path> fromEnv(Host host, String kind) {
        for (String name : new String[]{"ATMOS_XDG_" + kind + "_HOME", "XDG_" + kind + "_HOME"}) {
            Optional<String> value = host.getenv(name);
            if (value.isEmpty()) {
                continue;
            }
            String v = value.get();
            if (v.equals("~") || v.startsWith("~/")) {
                return Optional.of(host.expandHome(v));
            }
            if (!Path.of(v).isAbsolute()) {
                throw AtmosException.config(name + " is \"" + v + "\", a relative path, so atmos will not use it",
                        "set " + name + " to an absolute path, or unset it");
            }
            return Optional.of(Path.of(v).normalize());
        }
        return Optional.empty();
    }
}
