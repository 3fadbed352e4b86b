package atmos.system;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a command's answer depended on, recorded while the normal path runs so that the answer can be
 * replayed later without running it again (see {@code atmos.snapshot}): every file read, every path
 * whose existence was probed, every directory listed (with the state each had before it was used),
 * and the name of every environment variable read. Code that cannot tell what it depends on (a
 * {@code !exec}, a random value, the time) marks the recording {@link #unrepeatable}.
 *
 * <p>{@link #NONE} records nothing: it is what every {@link Host} carries unless {@code Main} asked for
 * a recording. A recording is used by the threads of one command (stacks are processed in parallel),
 * so its methods are synchronized.
 */
public final class Inputs {
    /** Records nothing. */
    public static final Inputs NONE = new Inputs(false, null);

    private final boolean recording;
    private final Object owner;
    private final Map<String, String> paths = new LinkedHashMap<>();
    private final Set<String> envNames = new LinkedHashSet<>();
    private String unrepeatable;

    private Inputs(boolean recording, Object owner) {
        this.recording = recording;
        this.owner = owner;
    }

    /** A new, empty recording. */
    public static Inputs recording() {
        return new Inputs(true, null);
    }

    /** A new, empty recording started by {@code owner} (what will use it: see {@link #owner()}). */
    public static Inputs recording(Object owner) {
        return new Inputs(true, owner);
    }

    /** What started this recording (the snapshot recorder of {@code Main}), or null. */
    public Object owner() {
        return owner;
    }

    public boolean isRecording() {
        return recording;
    }

    // ------------------------------------------------------------------ recording

    /** The environment variable {@code name} was read. */
    public void env(String name) {
        if (recording) {
            synchronized (this) {
                envNames.add(name);
            }
        }
    }

    /**
     * {@code path} is about to be read or was probed: its state now (absent, or its type, size, times,
     * inode) is what the answer depends on. Call before reading, so a change made meanwhile is seen as
     * one later.
     */
    public void path(Path path) {
        if (recording) {
            String key = path.toAbsolutePath().normalize().toString();
            synchronized (this) {
                if (paths.containsKey(key)) {
                    return;
                }
            }
            String stat = FileStat.of(Path.of(key));
            synchronized (this) {
                paths.putIfAbsent(key, stat);
            }
        }
    }

    /**
     * The answer cannot be replayed (it ran a command, drew a random value, read the clock …): nothing
     * recorded in this run may be saved.
     */
    public void unrepeatable(String why) {
        if (recording) {
            synchronized (this) {
                if (unrepeatable == null) {
                    unrepeatable = why;
                }
            }
        }
    }

    // ------------------------------------------------------------------ recorded file-system questions

    public boolean isRegularFile(Path p) {
        path(p);
        return Files.isRegularFile(p);
    }

    public boolean isDirectory(Path p) {
        path(p);
        return Files.isDirectory(p);
    }

    public boolean exists(Path p) {
        path(p);
        return Files.exists(p);
    }

    /**
     * Every path under {@code start} (itself first), depth first, as {@link Files#walk} lists them:
     * each directory is recorded before it is listed, so a file added later changes what was recorded.
     * Links to directories are followed only with {@code followLinks} (then a link cycle is not entered twice).
     */
    public List<Path> walk(Path start, boolean followLinks) throws IOException {
        List<Path> out = new ArrayList<>();
        walk(start, followLinks, out, new LinkedHashSet<>());
        return out;
    }

    private void walk(Path p, boolean followLinks, List<Path> out, Set<Object> seen) throws IOException {
        path(p);
        out.add(p);
        boolean dir = followLinks ? Files.isDirectory(p) : Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (!dir) {
            return;
        }
        if (followLinks) {
            Object key = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            if (key != null && !seen.add(key)) {
                return;
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(p)) {
            for (Path e : entries) {
                walk(e, followLinks, out, seen);
            }
        }
    }

    /** The names of the entries of {@code dir}, recorded. */
    public List<Path> list(Path dir) throws IOException {
        path(dir);
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                out.add(e);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ results

    /** Why this recording cannot be replayed, or null. */
    public synchronized String unrepeatableReason() {
        return unrepeatable;
    }

    /** Path → recorded state ({@link FileStat#of}), in the order first seen. */
    public synchronized Map<String, String> paths() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(paths));
    }

    /** The environment variables read, in the order first read. */
    public synchronized List<String> envNames() {
        return List.copyOf(envNames);
    }

    /** {@code env} as a map whose lookups are recorded here (iterating it, to copy it for a child, is not). */
    Map<String, String> watch(Map<String, String> env) {
        if (env instanceof Watched w && w.owner == this) {
            return env;
        }
        return new Watched(Map.copyOf(env), this);
    }

    /** An immutable environment whose {@code get}/{@code containsKey} are recorded. */
    private static final class Watched extends AbstractMap<String, String> {
        private final Map<String, String> env;
        private final Inputs owner;

        Watched(Map<String, String> env, Inputs owner) {
            this.env = env;
            this.owner = owner;
        }

        @Override
        public String get(Object key) {
            if (key instanceof String k) {
                owner.env(k);
            }
            return env.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            if (key instanceof String k) {
                owner.env(k);
            }
            return env.containsKey(key);
        }

        @Override
        public String getOrDefault(Object key, String defaultValue) {
            String v = get(key);
            return v != null || env.containsKey(key) ? v : defaultValue;
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return env.entrySet();
        }

        @Override
        public int size() {
            return env.size();
        }
    }
}
