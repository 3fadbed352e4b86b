package atmos.snapshot;

import atmos.system.FileStat;
import atmos.system.Host;
import atmos.system.Inputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Records one run of the normal path so that {@link FastPath} can answer the same command line next
 * time: started by {@code Main} when the command line could be answered from a snapshot, reached by the
 * commands through their host ({@link Inputs#owner()}), and saved by {@link Snapshots} when the command
 * has its answer.
 *
 * <p>A snapshot is saved only when replaying it would print exactly what this run printed: nothing may
 * have gone to stderr or the log (no warning, no notice, no prompt, no debug line), nothing unrepeatable
 * may have run ({@code !exec}, {@code !random}, templates reading the time or the environment), and no
 * input may have changed so recently that a second change within the same file-system timestamp tick
 * could go unseen (the "racy" window, as git's index has it).
 */
public final class Recorder {
    /** The racy window of the real process: inputs changed less than this before the run are not trusted yet. */
    public static final Duration RACY_WINDOW = Duration.ofSeconds(2);

    private final Host host;
    private final List<String> args;
    private final long started;
    private final LongSupplier stderrBytes;
    private final Duration racyWindow;
    private final Inputs inputs;
    private boolean saved;

    private Recorder(Host host, List<String> args, LongSupplier stderrBytes, Duration racyWindow) {
        this.host = host;
        this.args = args;
        this.started = System.currentTimeMillis();
        this.stderrBytes = stderrBytes;
        this.racyWindow = racyWindow;
        this.inputs = Inputs.recording(this);
    }

    /**
     * Starts recording a run of {@code args} on {@code host}; returns the host the run must use (its
     * lookups are recorded).
     *
     * @param stderrBytes how much the run has written to stderr so far
     * @param racyWindow  {@link #RACY_WINDOW}, or less in tests that control their files' times
     */
    public static Host start(Host host, String[] args, LongSupplier stderrBytes, Duration racyWindow) {
        Recorder r = new Recorder(host, List.copyOf(Arrays.asList(args)), stderrBytes, racyWindow);
        // The code that runs is an input too: a new version of atmos must not replay an old answer.
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.isEmpty() && !classPath.contains(java.io.File.pathSeparator) && classPath.endsWith(".jar")) {
            r.inputs.path(Path.of(classPath));
        }
        return host.recordingInto(r.inputs);
    }

    /** The recorder of the run {@code host} belongs to, or null when it is not being recorded. */
    static Recorder of(Host host) {
        return host.inputs().owner() instanceof Recorder r ? r : null;
    }

    List<String> args() {
        return args;
    }

    Host host() {
        return host;
    }

    /**
     * Saves {@code snap} (its kind and answer filled in) with what this run depended on, unless this run
     * cannot be replayed; returns why not, or null when saved. Never fails the command.
     */
    String save(Snapshot snap, atmos.log.Log log) {
        if (saved) {
            return "already saved";
        }
        String why = inputs.unrepeatableReason();
        if (why != null) {
            return "unrepeatable: " + why;
        }
        if (log.lines() > 0 || stderrBytes.getAsLong() > 0) {
            return "the run printed messages";
        }
        Map<String, String> paths = inputs.paths();
        long racyBefore = started - racyWindow.toMillis();
        for (Map.Entry<String, String> p : paths.entrySet()) {
            if (racyWindow.isZero() ? false : FileStat.newestChangeMillis(p.getValue()) >= racyBefore) {
                return "changed too recently: " + p.getKey();
            }
        }
        SnapshotStore store = SnapshotStore.of(host);
        if (store == null) {
            return "no cache directory";
        }
        try {
            SipHash key = store.keyCreating();
            snap.created = System.currentTimeMillis();
            snap.cwd = host.cwd().toString();
            snap.terminals = FastPath.terminals(host);
            paths.forEach((path, stat) -> snap.paths.add(new String[] {path, stat}));
            Map<String, String> env = host.env();
            for (String name : inputs.envNames()) {
                snap.env.add(new String[] {name, FastPath.envHash(key, name, env.get(name))});
            }
            store.write(store.file(key, snap.cwd, args), snap);
            saved = true;
            return null;
        } catch (RuntimeException e) {
            return "cannot write the snapshot: " + e.getMessage();
        }
    }

    /** The value of a recorded environment variable, as the process got it (not as a command changed it). */
    String originalEnv(String name) {
        return host.env().get(name);
    }

    /** The environment variables read so far. */
    List<String> envNames() {
        return inputs.envNames();
    }

    /** For tests and the bench: the snapshot file that would answer {@code args} in {@code host}'s directory. */
    public static Path fileFor(Host host, String... args) {
        SnapshotStore store = SnapshotStore.of(host);
        SipHash key = store == null ? null : store.key();
        return key == null ? null : store.file(key, host.cwd().toString(), List.of(args));
    }

    static boolean exists(Path file) {
        return file != null && Files.exists(file);
    }
}
