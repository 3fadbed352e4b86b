package atmos.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs "atmos" as a separate process, exactly as a user's shell would (its own JVM, a clean
 * environment, real children), for tests that need real processes: exit codes, signals, the aws CLI.
 */
public final class AtmosProcess {
    private AtmosProcess() {
    }

    /** The command line that starts atmos with the test classpath. */
    public static List<String> command(String... args) {
        List<String> cmd = TestJvm.command();
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("atmos.Main");
        cmd.addAll(List.of(args));
        return cmd;
    }

    static final int HANG_GUARD_SECONDS = 240;

    public static Process start(Map<String, String> env, Path cwd, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * Runs to completion with {@code stdin}, capturing both outputs. The bound only guards against a
     * hang: a real JVM beside a headless browser on a loaded 2-core machine can take minutes.
     */
    public static Cli.Result run(Map<String, String> env, Path cwd, String stdin, List<String> command) throws Exception {
        Process p = start(env, cwd, command);
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("atmos did not finish within " + HANG_GUARD_SECONDS + "s: " + command.subList(Math.max(0, command.size() - 6), command.size())
                    + "; stderr so far:\n" + err.getNow("(not drained)"));
        }
        return new Cli.Result(p.exitValue(), out.get(), err.get());
    }

    public static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                s.transferTo(b);
                return b.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
