package atmos.testing;

import atmos.exec.ProcessRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the real child (with exactly the environment and directory "atmos" gives it) and keeps what it
 * printed, so in-process tests can read a shell step's output; records every run.
 */
public final class CapturingProcessRunner implements ProcessRunner {
    /** One run and what it printed. */
    public record Run(List<String> command, Map<String, String> env, Path dir, int exitCode, String out, String err) {
    }

    private final List<Run> runs = new ArrayList<>();

    public List<Run> runs() {
        return runs;
    }

    /** Everything the children printed on stdout, in order. */
    public String out() {
        return String.join("", runs.stream().map(Run::out).toList());
    }

    /** Everything the children printed on stderr, in order. */
    public String err() {
        return String.join("", runs.stream().map(Run::err).toList());
    }

    @Override
    public int run(List<String> command, Map<String, String> env, Path workingDirectory) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process p = pb.start();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> {
                try {
                    p.getErrorStream().transferTo(err);
                } catch (IOException e) {
                    // the child is gone
                }
            });
            drain.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            drain.join();
            runs.add(new Run(List.copyOf(command), Map.copyOf(env), workingDirectory, code, out, err.toString(StandardCharsets.UTF_8)));
            return code;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
