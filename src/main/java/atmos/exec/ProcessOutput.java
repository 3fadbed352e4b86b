package atmos.exec;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs a short command and returns what it printed on stdout (a custom command's {@code valueCommand});
 * its stderr goes to ours. A non-zero exit is an error naming the command.
 */
public final class ProcessOutput {
    private ProcessOutput() {
    }

    public static String capture(List<String> command, Map<String, String> env, Path dir) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (code != 0) {
                throw new AtmosException(ExitCode.FAILURE, String.join(" ", command) + " exited with code " + code,
                        "check the valueCommand in atmos.yaml");
            }
            return out;
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot run " + String.join(" ", command) + ": " + e.getMessage(),
                    "check the valueCommand in atmos.yaml");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AtmosException(ExitCode.INTERRUPTED, "interrupted while running " + String.join(" ", command), null);
        }
    }
}
