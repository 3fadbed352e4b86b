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

    /** What a captured run printed (stdout and stderr together) and its exit code. */
    record Captured(int exitCode, String output) {
    }

    /**
     * Runs with stdin closed and the output captured instead of shown: for the steps a user does not
     * need to see (Terraform's workspace selection), which must not pollute what the command prints.
     */
    default Captured capture(List<String> command, Map<String, String> env, Path workingDirectory) {
        return new Captured(run(command, env, workingDirectory), "");
    }
}
