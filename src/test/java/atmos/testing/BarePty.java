package atmos.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A command on a bare pseudo-terminal, as {@code expect} and CI scripts give one: util-linux
 * {@code script} allocates the pty; since its own stdin is a pipe, the window size is 0×0 and nothing
 * answers terminal queries. The test waits for a prompt to appear, then types the answer.
 */
public final class BarePty implements AutoCloseable {
    private static final long WAIT_SECONDS = 60; // a hang guard on a loaded machine, not a speed check

    private final Process process;
    private final OutputStream keyboard;
    private final StringBuffer screen = new StringBuffer();
    private final Thread pump;

    private BarePty(Process process) {
        this.process = process;
        this.keyboard = process.getOutputStream();
        this.pump = new Thread(() -> {
            byte[] buf = new byte[4096];
            try (InputStream in = process.getInputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    screen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "bare-pty-reader");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code command} on a new bare pty with exactly {@code env}, in {@code cwd}. */
    public static BarePty start(Map<String, String> env, Path cwd, List<String> command) throws IOException {
        String line = command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", line, "/dev/null").directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        return new BarePty(pb.start());
    }

    /** Waits until the terminal has shown {@code text} (after what was already awaited); returns the screen so far. */
    public String await(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (screen.indexOf(text) < 0) {
            if (System.nanoTime() > deadline || !process.isAlive() && !pump.isAlive() && screen.indexOf(text) < 0) {
                throw new AssertionError("\"" + text + "\" never appeared; the terminal shows:\n" + screen);
            }
            Thread.sleep(20);
        }
        return screen.toString();
    }

    /** Types {@code line} and Enter. */
    public BarePty type(String line) throws IOException {
        keyboard.write((line + "\r").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        return this;
    }

    /** Types {@code keys} as they are, without Enter (a Ctrl-C must not be followed by a line the program could read). */
    public BarePty press(String keys) throws IOException {
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        return this;
    }

    /** Waits for the command to end; returns its exit code (script passes it through with -e). */
    public int exit() throws InterruptedException {
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the command did not end; the terminal shows:\n" + screen);
        }
        pump.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        return process.exitValue();
    }

    public String screen() {
        return screen.toString();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
