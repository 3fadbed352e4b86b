package atmos.system;

import atmos.error.AtmosException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What the process was started with: environment, working directory, home, which standard streams
 * are terminals, and the clock. Built once in {@code Main} from the real process and by tests from
 * explicit values, so nothing below reads {@code System.getenv} or the real home directory.
 *
 * <p>{@code home} is null when HOME is unset, empty or relative: {@link #home()} then refuses with an
 * error naming the variable, so that nothing is ever created relative to {@code /} or to the working
 * directory by accident. Directories given by absolute XDG variables ({@link Xdg}) need no home.
 */
public record Host(Map<String, String> env, Path cwd, Path home, Terminals terminals, Clock clock, Inputs inputs) {

    /**
     * @param inputs what to record this host's environment lookups into ({@link Inputs#NONE}: nothing);
     *               the environment of a recording host records every variable read through it
     */
    public Host {
        inputs = inputs == null ? Inputs.NONE : inputs;
        env = inputs.isRecording() ? inputs.watch(env) : Map.copyOf(env);
        cwd = cwd.toAbsolutePath().normalize();
        if (home != null && !home.isAbsolute()) {
            throw new IllegalArgumentException("home must be absolute: " + home);
        }
        home = home == null ? null : home.normalize();
    }

    public Host(Map<String, String> env, Path cwd, Path home, Terminals terminals, Clock clock) {
        this(env, cwd, home, terminals, clock, Inputs.NONE);
    }

    /** This host with other terminals (a prompter on {@code /dev/tty}). */
    public Host withTerminals(Terminals newTerminals) {
        return new Host(env, cwd, home, newTerminals, clock, inputs);
    }

    /** This host, recording what is read through it into {@code recording}. */
    public Host recordingInto(Inputs recording) {
        return new Host(env, cwd, home, terminals, clock, recording);
    }

    /**
     * The host of a real process: the home directory is {@code $HOME} when it is an absolute path, as
     * shells use it (never the JVM's {@code user.home}, which comes from passwd and may be {@code /}).
     */
    public static Host fromEnvironment(Map<String, String> env, Path cwd, Terminals terminals, Clock clock) {
        String home = env.get("HOME");
        boolean usable = home != null && !home.isBlank() && Path.of(home).isAbsolute();
        return new Host(env, cwd, usable ? Path.of(home) : null, terminals, clock);
    }

    /** The home directory; refuses, naming HOME and what to set, when there is none. */
    @Override
    public Path home() {
        if (home == null) {
            String value = env.get("HOME");
            String what = value == null ? "the HOME environment variable is not set"
                    : value.isBlank() ? "the HOME environment variable is empty"
                    : "the HOME environment variable is \"" + value + "\", a relative path";
            throw AtmosException.config(what + ", so atmos cannot tell where to keep its files",
                    "set HOME to your home directory (an absolute path), or set XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME and"
                            + " XDG_STATE_HOME (or their ATMOS_XDG_* forms) to absolute paths");
        }
        return home;
    }

    /** True when there is a home directory (see {@link #home()}). */
    public boolean hasHome() {
        return home != null;
    }

    /** Which of stdin, stdout and stderr are attached to a terminal. */
    public record Terminals(boolean stdin, boolean stdout, boolean stderr) {
        public static final Terminals NONE = new Terminals(false, false, false);
        public static final Terminals ALL = new Terminals(true, true, true);
    }

    public Optional<String> getenv(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** The first of the named variables that is set and non-empty. */
    public Optional<String> firstEnv(String... names) {
        for (String n : names) {
            Optional<String> v = getenv(n);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    /** True in CI systems, where nothing may wait for a human (CI=true, GITHUB_ACTIONS …). */
    public boolean isCi() {
        return getenv("CI").map(v -> !v.equalsIgnoreCase("false") && !v.equals("0")).orElse(false)
                || getenv("GITHUB_ACTIONS").isPresent() || getenv("BUILD_NUMBER").isPresent();
    }

    /** Prompts and pickers are allowed only with a terminal on stdin and stderr, outside CI. */
    public boolean isInteractive() {
        return terminals.stdin() && terminals.stderr() && !isCi();
    }

    public Host withEnv(Map<String, String> newEnv) {
        return new Host(newEnv, cwd, home, terminals, clock, inputs);
    }

    /** Expands a leading {@code ~/} against this host's home directory. */
    public Path expandHome(String path) {
        if (path.equals("~")) {
            return home;
        }
        if (path.startsWith("~/")) {
            return home.resolve(path.substring(2));
        }
        return cwd.resolve(path);
    }

    /** Detects terminals on Linux through /proc (cheap, no native code); elsewhere via System.console(). */
    public static Terminals detectTerminals() {
        Path fdDir = Path.of("/proc/self/fd");
        if (Files.isDirectory(fdDir)) {
            return new Terminals(isTty(fdDir.resolve("0")), isTty(fdDir.resolve("1")), isTty(fdDir.resolve("2")));
        }
        boolean console = System.console() != null;
        return new Terminals(console, console, console);
    }

    private static boolean isTty(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (Exception e) {
            return false;
        }
    }
}
