package atmos.exec;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts the real child, sharing stdin/stdout/stderr. While it runs, this process swallows SIGINT:
 * Ctrl-C in a terminal reaches the whole foreground process group, so the child gets it directly and
 * decides what to do (terraform finishes its state write); its exit code is passed through.
 */
public final class SystemProcessRunner implements ProcessRunner {

    @Override
    public int run(List<String> command, Map<String, String> env, Path workingDirectory) {
        String program = resolve(command.get(0), env);
        List<String> argv = new java.util.ArrayList<>(command);
        argv.set(0, program);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workingDirectory.toFile()).inheritIO();
        pb.environment().clear();
        pb.environment().putAll(env);
        Signals.childStarting();
        try {
            Process p = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(new DestroyIfAlive(p)));
            return p.waitFor();
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot run " + command.get(0) + ": " + e.getMessage(), "check the command and its permissions");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.INTERRUPTED.code();
        } finally {
            Signals.childEnded();
        }
    }

    @Override
    public Captured capture(List<String> command, Map<String, String> env, Path workingDirectory) {
        List<String> argv = new java.util.ArrayList<>(command);
        argv.set(0, resolve(command.get(0), env));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workingDirectory.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        Signals.childStarting();
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new Captured(p.waitFor(), out);
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot run " + command.get(0) + ": " + e.getMessage(), "check the command and its permissions");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Captured(ExitCode.INTERRUPTED.code(), "");
        } finally {
            Signals.childEnded();
        }
    }

    /** Stops the child if this process is stopped first (a class, not a lambda: this runs on the cached path of auth exec). */
    private static final class DestroyIfAlive implements Runnable {
        private final Process process;

        DestroyIfAlive(Process process) {
            this.process = process;
        }

        @Override
        public void run() {
            if (process.isAlive()) {
                process.destroy();
            }
        }
    }

    /** Finds the program on the child's PATH, as a shell would; a missing one is exit code 127, as in shells. */
    public static String resolve(String program, Map<String, String> env) {
        if (program.contains("/")) {
            if (Files.isExecutable(Path.of(program))) {
                return program;
            }
            throw notFound(program);
        }
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw notFound(program);
    }

    private static AtmosException notFound(String program) {
        return new AtmosException(ExitCode.COMMAND_NOT_FOUND, "command not found: " + program,
                "make sure \"" + program + "\" is installed and on your PATH");
    }
}
