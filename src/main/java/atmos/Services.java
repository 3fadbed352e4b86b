package atmos;

import atmos.auth.KindRegistry;
import atmos.exec.ProcessRunner;
import atmos.keyring.Keyring;
import atmos.log.Log;
import atmos.system.Host;
import atmos.system.Prompter;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything the commands need, wired once by {@link Main} (or by a test with fakes): the host
 * (environment, working directory, home, terminals, clock), standard input, the kind registry, the log,
 * the machine-wide config directory, the system keyring connector, the prompter, the process runner and
 * the browser opener.
 *
 * @param prompter null to build the console prompter for the command's stderr
 * @param browser null for the system browser
 */
public record Services(Host host, InputStream stdin, KindRegistry kinds, Log log, Path systemConfigDir,
                       Function<Host, Optional<Keyring>> systemKeyring, Prompter prompter, ProcessRunner processes,
                       atmos.system.Browser browser) {
}
