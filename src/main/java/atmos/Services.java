package atmos;

import atmos.auth.KindRegistry;
import atmos.log.Log;
import atmos.system.Host;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Everything the commands need, wired once by {@link Main} (or by a test with fakes): the host
 * (environment, working directory, home, terminals, clock), standard input, the kind registry, the log,
 * and the machine-wide config directory.
 */
public record Services(Host host, InputStream stdin, KindRegistry kinds, Log log, Path systemConfigDir) {
}
