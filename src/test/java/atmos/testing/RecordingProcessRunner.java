package atmos.testing;

import atmos.exec.ProcessRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Records the commands "atmos" would run, and returns a chosen exit code. */
public final class RecordingProcessRunner implements ProcessRunner {
    /** One recorded run. */
    public record Run(List<String> command, Map<String, String> env, Path dir) {
    }

    private final List<Run> runs = new ArrayList<>();
    private final int exitCode;

    public RecordingProcessRunner(int exitCode) {
        this.exitCode = exitCode;
    }

    public List<Run> runs() {
        return runs;
    }

    public Run last() {
        return runs.get(runs.size() - 1);
    }

    @Override
    public int run(List<String> command, Map<String, String> env, Path workingDirectory) {
        runs.add(new Run(List.copyOf(command), Map.copyOf(env), workingDirectory));
        return exitCode;
    }
}
