package atmos.testing;

import atmos.workflow.AtmosRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Records the atmos command lines a workflow or custom command would run, and returns a chosen exit code. */
public final class RecordingAtmosRunner implements AtmosRunner {
    /** One recorded run. */
    public record Run(List<String> args, Map<String, String> env, Path cwd) {
    }

    private final List<Run> runs = new ArrayList<>();
    private final int exitCode;

    public RecordingAtmosRunner(int exitCode) {
        this.exitCode = exitCode;
    }

    public List<Run> runs() {
        return runs;
    }

    @Override
    public int run(List<String> args, Map<String, String> env, Path cwd) {
        runs.add(new Run(List.copyOf(args), Map.copyOf(env), cwd));
        return exitCode;
    }
}
