package atmos.config;

import atmos.system.Host;
import atmos.system.Xdg;
import java.nio.file.Path;

/**
 * Where IAM Identity Center's {@code auto_provision_identities} keeps what it discovered, as the Go
 * Atmos lays it out: {@code $XDG_CACHE_HOME/atmos/auth/<provider>/provisioned-identities.yaml}
 * ({@code /} in a provider name becomes {@code _}).
 */
public final class Provisioned {
    public static final String FILE = "provisioned-identities.yaml";

    private Provisioned() {
    }

    /** The root of the private tree the files live in. */
    public static Path root(Host host) {
        return Xdg.cacheHome(host).resolve("atmos").resolve("auth");
    }

    public static Path file(Host host, String provider) {
        return root(host).resolve(provider.replace('/', '_').replace('\\', '_')).resolve(FILE);
    }
}
