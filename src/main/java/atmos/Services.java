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
 * @param atmos runs the atmos command lines of workflow and custom-command steps; null for the real
 *              one (in this process, see {@code cli.NestedAtmos})
 */
public record Services(Host host, InputStream stdin, KindRegistry kinds, Log log, Path systemConfigDir,
                       Function<Host, Optional<Keyring>> systemKeyring, Prompter prompter, ProcessRunner processes,
                       atmos.system.Browser browser, atmos.workflow.AtmosRunner atmos) {

    /** Without an injected atmos runner: steps' atmos commands run in this process. */
    public Services(Host host, InputStream stdin, KindRegistry kinds, Log log, Path systemConfigDir,
                    Function<Host, Optional<Keyring>> systemKeyring, Prompter prompter, ProcessRunner processes,
                    atmos.system.Browser browser) {
        this(host, stdin, kinds, log, systemConfigDir, systemKeyring, prompter, processes, browser, null);
    }

    /** The same services for a nested command (a workflow step): another host (environment, directory) and log. */
    public Services nested(Host newHost, Log newLog) {
        return new Services(newHost, stdin, kinds, newLog, systemConfigDir, systemKeyring, prompter, processes, browser, atmos);
    }
}
