package atmos.testing;

import atmos.system.Host;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link Host} for tests: a temporary home and working directory, an explicit environment (never the
 * real one), no terminals, and a fixed or given clock.
 */
public final class TestHost {
    private final Path root;
    private final Map<String, String> env = new HashMap<>();
    private Path cwd;
    private Path home;
    private Clock clock = FixedClock.at("2026-11-23T10:00:00Z");
    private Host.Terminals terminals = Host.Terminals.NONE;

    public TestHost(Path root) {
        this.root = root;
        this.home = mkdirs(root.resolve("home"));
        this.cwd = mkdirs(root.resolve("work"));
        env.put("HOME", home.toString());
        env.put("PATH", "/usr/bin:/bin");
    }

    private static Path mkdirs(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path root() {
        return root;
    }

    public Path home() {
        return home;
    }

    public Path cwd() {
        return cwd;
    }

    public TestHost cwd(Path dir) {
        this.cwd = mkdirs(dir);
        return this;
    }

    public TestHost env(String key, String value) {
        if (value == null) {
            env.remove(key);
        } else {
            env.put(key, value);
        }
        return this;
    }

    public TestHost clock(Clock c) {
        this.clock = c;
        return this;
    }

    public TestHost terminals(Host.Terminals t) {
        this.terminals = t;
        return this;
    }

    /** Writes {@code text} to {@code relative} under the working directory (creating directories). */
    public Path write(String relative, String text) {
        Path p = cwd.resolve(relative);
        mkdirs(p.getParent());
        try {
            return Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Host build() {
        return new Host(env, cwd, home, terminals, clock);
    }

    /** The host as {@code Main} builds it from a real process: the home directory comes from the HOME variable. */
    public Host buildFromEnvironment() {
        return Host.fromEnvironment(env, cwd, terminals, clock);
    }
}
