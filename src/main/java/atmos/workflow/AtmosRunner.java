package atmos.workflow;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs one atmos command line — a {@code type: atmos} step of a workflow or custom command — and
 * returns its exit code. The real one runs it in this process ({@code AtmosCommand.execute} with a host
 * carrying {@code env} and {@code cwd}), sharing the run's keyring so an identity logged in by the
 * workflow is not asked for again; tests may record instead.
 */
@FunctionalInterface
public interface AtmosRunner {

    /**
     * @param args the command line without the leading {@code atmos} ({@code terraform plan vpc -s dev})
     * @param env  the command's complete environment (the step's, with its identity's variables)
     * @param cwd  the working directory the command sees
     * @return the exit code; errors are reported by the command itself
     */
    int run(List<String> args, Map<String, String> env, Path cwd);
}
