package atmos.system;

import java.nio.file.Path;

/**
 * The XDG base directories as Atmos resolves them: {@code ATMOS_XDG_*_HOME}, then {@code XDG_*_HOME},
 * then the freedesktop defaults under the home directory (also on macOS, as Atmos does).
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

    private static Path dir(Host host, String kind, String fallback) {
        return host.firstEnv("ATMOS_XDG_" + kind + "_HOME", "XDG_" + kind + "_HOME")
                .map(host::expandHome)
                .orElse(host.home().resolve(fallback));
    }
}
