package atmos.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Secret Service for tests: a private {@code dbus-daemon} (its own config: no service activation,
 * so nothing on the machine is started behind our back) and {@code gnome-keyring-daemon --foreground
 * --components=secrets --unlock} fed a known password on stdin, with HOME and every XDG directory inside
 * the given test directory. gnome-keyring therefore creates a fresh, unlocked {@code login} keyring there
 * and never sees the user's real keyring. {@link #close} stops both daemons.
 *
 * <p>Needs the Debian packages {@code dbus-daemon}, {@code dbus-bin} (dbus-send), {@code gnome-keyring} and
 * {@code libsecret-tools} (secret-tool). {@link #requireBinaries} skips the calling test when they are missing,
 * unless {@code CI=true}: then it fails, because CI installs them.
 */
public final class SecretServiceSandbox implements AutoCloseable {
    public static final String PASSWORD = "atmos-sandbox-password";
    public static final String LOGIN = "/org/freedesktop/secrets/collection/login";
    private static final List<String> BINARIES = List.of("dbus-daemon", "dbus-send", "gnome-keyring-daemon", "secret-tool");
    private static final Duration STARTUP = Duration.ofSeconds(15);

    private final Path home;
    private final Path runtime;
    private final Map<String, String> env = new HashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final ByteArrayOutputStream keyringLog = new ByteArrayOutputStream();

    private SecretServiceSandbox(Path dir) throws IOException {
        this.home = Files.createDirectories(dir.resolve("home"));
        // unix socket paths are limited to 108 bytes, so the bus and control sockets live in a short /tmp dir
        this.runtime = Files.createTempDirectory(Path.of("/tmp"), "atmos-ss-");
    }

    /** Skips the test (or fails it under CI=true) when a needed binary is not installed. */
    public static void requireBinaries() {
        List<String> missing = BINARIES.stream().filter(b -> which(b) == null).toList();
        if (missing.isEmpty()) {
            return;
        }
        String why = "Secret Service tests need " + missing + " (apt-get install gnome-keyring dbus dbus-daemon"
                + " libsecret-tools)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(why + "; CI=true, so this is a failure, not a skip");
        }
        Assumptions.abort(why);
    }

    private static Path which(String binary) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/bin:/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
                return Path.of(dir, binary);
            }
        }
        return null;
    }

    /** Starts the bus and the keyring daemon and waits until the unlocked login collection is on the bus. */
    public static SecretServiceSandbox start(Path dir) throws IOException, InterruptedException {
        return start(dir, true);
    }

    /** Only the private session bus, with no Secret Service on it. */
    public static SecretServiceSandbox startBusOnly(Path dir) throws IOException, InterruptedException {
        return start(dir, false);
    }

    private static SecretServiceSandbox start(Path dir, boolean keyring) throws IOException, InterruptedException {
        requireBinaries();
        SecretServiceSandbox s = new SecretServiceSandbox(dir);
        try {
            s.startBus();
            if (keyring) {
                s.startKeyring();
            }
            return s;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            s.close();
            throw e;
        }
    }

    private void startBus() throws IOException {
        Path socket = runtime.resolve("bus");
        Path config = runtime.resolve("session.conf");
        Files.writeString(config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(socket));
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("XDG_DATA_HOME", Files.createDirectories(home.resolve(".local/share")).toString());
        env.put("XDG_CONFIG_HOME", Files.createDirectories(home.resolve(".config")).toString());
        env.put("XDG_CACHE_HOME", Files.createDirectories(home.resolve(".cache")).toString());
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        // a loaded CI machine can keep gnome-keyring from answering within the laptop defaults
        env.put("ATMOS_KEYRING_TIMEOUT", "20s");
        Process bus = launch(List.of("dbus-daemon", "--config-file=" + config, "--nofork", "--nopidfile",
                "--print-address=1"), null);
        String address = firstLine(bus.getInputStream(), STARTUP);
        if (address == null || address.isBlank()) {
            throw new IllegalStateException("dbus-daemon printed no address: " + drain(bus.getErrorStream()));
        }
        env.put("DBUS_SESSION_BUS_ADDRESS", address.trim());
    }

    private void startKeyring() throws IOException, InterruptedException {
        Process gk = launch(List.of("gnome-keyring-daemon", "--foreground", "--components=secrets", "--unlock"),
                PASSWORD);
        CompletableFuture.runAsync(() -> copy(gk.getInputStream(), keyringLog));
        CompletableFuture.runAsync(() -> copy(gk.getErrorStream(), keyringLog));
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!gk.isAlive()) {
                throw new IllegalStateException("gnome-keyring-daemon exited " + gk.exitValue() + ": " + keyringLog());
            }
            Result r = run(null, "dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.secrets",
                    "/org/freedesktop/secrets", "org.freedesktop.DBus.Properties.Get",
                    "string:org.freedesktop.Secret.Service", "string:Collections");
            if (r.code() == 0 && r.out().contains(LOGIN)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no login collection on the bus after " + STARTUP + ": " + keyringLog());
    }

    private Process launch(List<String> command, String stdin) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        pb.environment().clear(); // no DISPLAY, no real DBUS_SESSION_BUS_ADDRESS, no real HOME
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        return p;
    }

    /** The environment a client needs: DBUS_SESSION_BUS_ADDRESS, HOME and the XDG directories of the sandbox. */
    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    public String busAddress() {
        return env.get("DBUS_SESSION_BUS_ADDRESS");
    }

    /** What gnome-keyring-daemon printed so far (for failure messages). */
    public String keyringLog() {
        synchronized (keyringLog) {
            return keyringLog.toString(StandardCharsets.UTF_8);
        }
    }

    /** Runs a command in the sandbox environment, with {@code stdin} (may be null) as its input. */
    public Result run(String stdin, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 30 s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code secret-tool ARGS} with {@code stdin}. */
    public Result secretTool(String stdin, String... args) {
        String[] command = Stream.concat(Stream.of("secret-tool"), Stream.of(args)).toArray(String[]::new);
        return run(stdin, command);
    }

    /** Locks the login collection through Service.Lock (gnome-keyring locks without a prompt). */
    public void lockLogin() {
        Result r = run(null, "dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.secrets",
                "/org/freedesktop/secrets", "org.freedesktop.Secret.Service.Lock", "array:objpath:" + LOGIN);
        if (r.code() != 0) {
            throw new IllegalStateException("Lock failed: " + r.err());
        }
    }

    /** Whether the login collection is locked now. */
    public boolean loginLocked() {
        Result r = run(null, "dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.secrets", LOGIN,
                "org.freedesktop.DBus.Properties.Get", "string:org.freedesktop.Secret.Collection", "string:Locked");
        if (r.code() != 0) {
            throw new IllegalStateException("reading Locked failed: " + r.err());
        }
        return r.out().contains("boolean true");
    }

    /** Stops gnome-keyring-daemon, then the bus, and removes the socket directory. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        processes.clear();
        try (Stream<Path> files = Files.walk(runtime)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort: it is a temporary directory
        }
    }

    public record Result(int code, String out, String err) {
    }

    private static String firstLine(InputStream in, Duration timeout) {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            StringBuilder b = new StringBuilder();
            try {
                int c;
                while ((c = in.read()) != -1 && c != '\n') {
                    b.append((char) c);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return b.toString();
        });
        try {
            return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    private static String drain(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) != -1) {
                synchronized (out) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // the daemon went away
        }
    }
}
