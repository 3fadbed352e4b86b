package atmos.auth;

import atmos.system.Host;
import atmos.system.Xdg;
import java.nio.file.Path;

/**
 * Where atmos keeps small per-realm state files (login locks, settings fingerprints):
 * {@code $XDG_STATE_HOME/atmos/<area>/<realm, or _ without one>/<name>}, the name escaped so that an
 * alias with a slash stays one file.
 */
final class RealmState {
    private RealmState() {
    }

    /** {@code $XDG_STATE_HOME/atmos}: the root from which these files' directories are checked. */
    static Path root(Host host) {
        return Xdg.stateHome(host).resolve("atmos");
    }

    static Path file(Host host, String area, String realm, String name) {
        return root(host).resolve(area).resolve(realm.isEmpty() ? "_" : realm).resolve(name.replace("%", "%25").replace("/", "%2F"));
    }
}
