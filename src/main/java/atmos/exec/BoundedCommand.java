package atmos.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command whose output is captured (a YAML function's {@code !exec}) within a time limit and an
 * output limit. Past either, the command and every process it started are killed, so neither a
 * command that never ends ({@code sleep 600}, one whose child keeps the output pipe open) nor one
 * that never stops writing ({@code yes}) can hang the tool or fill its memory.
 *
 * <p>Output is read on two daemon threads while the caller waits; a reader stops taking output at
 * the limit, which leaves the command blocked on a full pipe until it is killed. The command's
 * children are remembered while it runs, because once the shell is killed they are re-parented and
 * no longer its descendants. A process that detaches before it is ever seen (a double fork) can
 * outlive the command; its reader thread then stays blocked until that process ends, without holding
 * up the caller.
 */
public final class BoundedCommand {
    /** How much of stderr is kept for the error message; the rest is read and dropped. */
    private static final int STDERR_KEPT = 8 * 1024;
    /** How often the waiting thread wakes to check the output limit and note the command's children. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private BoundedCommand() {
    }

    /**
     * What happened: the exit code (meaningful only when neither limit was hit), stdout and the start
     * of stderr as text, and which limit, if any, stopped the command.
     */
    public record Outcome(int exitCode, String stdout, String stderr, boolean timedOut, boolean outputTooLarge) {
    }

    /** Starts {@code command} (stdin closed) and waits for it, its output, or one of the limits. */
    public static Outcome run(ProcessBuilder command, Duration timeLimit, int maxOutput) throws IOException, InterruptedException {
        Process p = command.start();
        p.getOutputStream().close();
        Capture out = new Capture(p.getInputStream(), maxOutput, true);
        Capture err = new Capture(p.getErrorStream(), STDERR_KEPT, false);
        Thread outReader = daemon(out, "exec-stdout");
        Thread errReader = daemon(err, "exec-stderr");
        Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
        long deadline = System.nanoTime() + timeLimit.toNanos();
        boolean done = false;
        try {
            while (!out.overflowed()) {
                if (!p.isAlive() && !outReader.isAlive() && !errReader.isAlive()) {
                    done = true;
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                long slice = Math.min(left, POLL_NANOS);
                if (p.isAlive()) {
                    p.descendants().forEach(seen::add);
                    p.waitFor(slice, TimeUnit.NANOSECONDS);
                } else {
                    // Exited, but something it started may still hold the output open: wait for the readers.
                    long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(slice));
                    outReader.join(millis);
                    errReader.join(Math.max(1, millis / 10));
                }
            }
        } finally {
            if (!done) {
                killTree(p, seen);
            }
        }
        if (!done) {
            p.waitFor(5, TimeUnit.SECONDS);
            boolean overflow = out.overflowed();
            return new Outcome(-1, "", err.text(), !overflow, overflow);
        }
        return new Outcome(p.exitValue(), out.text(), err.text(), false, false);
    }

    /** Kills the command's descendants (now and as seen while it ran), then the command itself. */
    private static void killTree(Process p, Set<ProcessHandle> seen) {
        p.descendants().forEach(seen::add);
        seen.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        // A child started between the snapshot and the kill of its parent: one more look.
        p.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Reads one stream: keeps up to {@code max} bytes; past it, stops (stdout) or drops the rest (stderr). */
    private static final class Capture implements Runnable {
        private final InputStream in;
        private final int max;
        private final boolean stopAtLimit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private volatile boolean overflowed;

        Capture(InputStream in, int max, boolean stopAtLimit) {
            this.in = in;
            this.max = max;
            this.stopAtLimit = stopAtLimit;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (kept) {
                        int room = max - kept.size();
                        kept.write(buf, 0, Math.max(0, Math.min(room, n)));
                        if (n > room) {
                            if (stopAtLimit) {
                                overflowed = true;
                                return;
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // the pipe broke (the command was killed): what was read so far is all there is
            }
        }

        boolean overflowed() {
            return overflowed;
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
