package atmos.exec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs a child command with a prepared environment, attached to this process's terminal, and returns
 * its exit code. Injected so tests can record what would run.
 */
public interface ProcessRunner {

    /**
     * @param command program and arguments (never secrets: those travel in {@code env} or files)
     * @param env the child's complete environment
     */
    int run(List<String> command, Map<String, String> env, Path workingDirectory);
}
