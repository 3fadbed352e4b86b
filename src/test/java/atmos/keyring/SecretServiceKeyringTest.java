package atmos.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.log.Level;
import atmos.log.Log;
import atmos.testing.FixedClock;
import atmos.testing.SecretServiceSandbox;
import atmos.testing.SecretServiceSandbox.Result;
import atmos.testing.TestJvm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SecretServiceKeyring} against a real gnome-keyring-daemon on a private session bus
 * ({@link SecretServiceSandbox}), with secret-tool (libsecret) as the second client that proves the
 * entries are the ones zalando/go-keyring, and so the Go Atmos, reads and writes.
 */
class SecretServiceKeyringTest {
    /**
     * A hang guard, not a speed check: connect must give up rather than wait for a prompt or a dead bus.
     * How fast it gives up is measured in bench/, never here (a loaded CI machine is slow at random).
     */
    private static final Duration FAST = Duration.ofSeconds(30);

    /**
     * Timeouts for the tests that are not about timeouts: a loaded CI machine can keep a real
     * gnome-keyring from answering within the product's short defaults (which suit a laptop).
     */
    static final SecretServiceTimeouts PATIENT = new SecretServiceTimeouts(Duration.ofSeconds(20),
            Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(20));

    @TempDir
    Path tmp;

    final StringWriter logText = new StringWriter();
    final Log log = new Log(Level.DEBUG, new PrintWriter(logText), FixedClock.at("2026-11-23T10:00:00Z"));

    private Optional<SecretServiceKeyring> timedConnect(Map<String, String> env, Duration limit) {
        long start = System.nanoTime();
        Optional<SecretServiceKeyring> k = SecretServiceKeyring.connect(env, log, PATIENT);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("connect took %s; log:%n%s", took, logText).isLessThan(limit);
        return k;
    }

    @Test
    void connectIsEmptyWhenNoSessionBusIsConfigured() {
        assertThat(timedConnect(Map.of("HOME", tmp.toString()), FAST)).isEmpty();
        assertThat(logText.toString()).contains("system keyring unavailable").contains("DBUS_SESSION_BUS_ADDRESS");
    }

    @Test
    void connectIsEmptyQuicklyWhenTheBusAddressPointsNowhere() {
        Map<String, String> env = Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + tmp.resolve("no-such-socket"));
        assertThat(timedConnect(env, FAST)).isEmpty();
        assertThat(logText.toString()).contains("cannot connect to the session bus");
    }

    @Test
    void connectIsEmptyForAnAbstractSocketAddressWhichTheJdkCannotReach() {
        Map<String, String> env = Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:abstract=/tmp/dbus-nothing,guid=00");
        assertThat(timedConnect(env, FAST)).isEmpty();
        assertThat(logText.toString()).contains("abstract unix sockets are not supported");
    }

    @Test
    void connectIsEmptyQuicklyWhenTheBusAcceptsButNeverAnswers() throws IOException {
        Path socket = Files.createTempDirectory(Path.of("/tmp"), "atmos-hung-").resolve("bus");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            List<SocketChannel> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept()); // accept and say nothing, like a stopped daemon
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Map<String, String> env = Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + socket);
            // the default bus timeout (2 s) also covers dbus-java's class loading in a cold JVM; a short one here
            var timeouts = new SecretServiceTimeouts(Duration.ofMillis(300), Duration.ofMillis(300),
                    Duration.ofMillis(300), Duration.ofMillis(300));
            long start = System.nanoTime();
            assertThat(SecretServiceKeyring.connect(env, log, timeouts)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
            assertThat(SecretServiceTimeouts.DEFAULT.bus()).isLessThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(logText.toString()).contains("session bus did not answer within");
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(socket.getParent());
        }
    }

    @Test
    void connectIsEmptyQuicklyWhenTheBusHasNoSecretService() throws Exception {
        try (SecretServiceSandbox bus = SecretServiceSandbox.startBusOnly(tmp)) {
            assertThat(timedConnect(bus.env(), FAST)).isEmpty();
            assertThat(logText.toString()).contains("no Secret Service (org.freedesktop.secrets) on the session bus");
        }
    }

    @Test
    void theStoredFormatMatchesGoKeyring() {
        assertThat(SecretServiceKeyring.attributes("atmos_r_dev"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("service", "atmos_r_dev", "username", "atmos-auth"));
        assertThat(SecretServiceKeyring.label("atmos_r_dev")).isEqualTo("Password for 'atmos-auth' on 'atmos_r_dev'");
        assertThat(SecretServiceKeyring.CONTENT_TYPE).isEqualTo("text/plain; charset=utf8");
    }

    /** Everything that needs the real daemon: one fresh sandbox (bus + gnome-keyring) per test. */
    @Nested
    class AgainstGnomeKeyring {
        SecretServiceSandbox sandbox;
        SecretServiceKeyring keyring;

        @BeforeEach
        void start() throws Exception {
            sandbox = SecretServiceSandbox.start(tmp);
            keyring = SecretServiceKeyring.connect(sandbox.env(), log, PATIENT)
                    .orElseThrow(() -> new AssertionError("connect failed; log:\n" + logText + "\ndaemon:\n"
                            + sandbox.keyringLog()));
        }

        @AfterEach
        void stop() {
            if (keyring != null) {
                keyring.close();
            }
            if (sandbox != null) {
                sandbox.close();
            }
        }

        private Result secretTool(String stdin, String... args) {
            Result r = sandbox.secretTool(stdin, args);
            assertThat(r.code()).as("secret-tool %s: %s", String.join(" ", args), r.err()).isZero();
            return r;
        }

        /** The items secret-tool finds for these attributes (each listing starts with "[/path]"). */
        private List<String> itemsFound(String... attributes) {
            List<String> args = new ArrayList<>(List.of("search", "--all"));
            args.addAll(List.of(attributes));
            Result r = sandbox.secretTool(null, args.toArray(String[]::new));
            return (r.out() + r.err()).lines().filter(l -> l.startsWith("[/")).toList();
        }

        @Test
        void usesTheUnlockedLoginCollection() {
            assertThat(keyring.collectionPath()).isEqualTo(SecretServiceSandbox.LOGIN);
            assertThat(keyring.describe()).isEqualTo("system (Secret Service)");
        }

        @Test
        void readsBackWhatItStored() {
            keyring.set("atmos_dev", "{\"type\":\"aws\",\"data\":{}}");
            assertThat(keyring.get("atmos_dev")).contains("{\"type\":\"aws\",\"data\":{}}");
        }

        @Test
        void getOfAnAbsentKeyIsEmpty() {
            assertThat(keyring.get("atmos_nothing_here")).isEmpty();
        }

        @Test
        void setReplacesTheValueInPlaceInsteadOfAddingAnItem() {
            keyring.set("atmos_dev", "first");
            keyring.set("atmos_dev", "second");
            assertThat(keyring.get("atmos_dev")).contains("second");
            assertThat(itemsFound("service", "atmos_dev", "username", "atmos-auth")).hasSize(1);
        }

        @Test
        void removeDeletesTheItemAndIsIdempotent() {
            keyring.set("atmos_dev", "value");
            keyring.remove("atmos_dev");
            assertThat(keyring.get("atmos_dev")).isEmpty();
            keyring.remove("atmos_dev");
            keyring.remove("atmos_never_stored");
            assertThat(itemsFound("service", "atmos_dev")).isEmpty();
        }

        @Test
        void keysListsOnlyItemsWhoseUsernameIsAtmosAuth() {
            keyring.set("atmos_b", "1");
            keyring.set("atmos_a", "2");
            secretTool("x", "store", "--label=other user", "service", "atmos_c", "username", "someone-else");
            secretTool("y", "store", "--label=no user", "service", "unrelated");
            assertThat(keyring.keys()).containsExactly("atmos_a", "atmos_b");
        }

        @Test
        void keysIsEmptyForAnEmptyKeyring() {
            assertThat(keyring.keys()).isEmpty();
        }

        @Test
        void unicodeAndLargeValuesSurviveTheRoundTrip() {
            String unicode = "{\"token\":\"żółć – 日本語 – 🔑 – \\u003c\"}";
            keyring.set("atmos_unicode", unicode);
            assertThat(keyring.get("atmos_unicode")).contains(unicode);

            StringBuilder big = new StringBuilder("{\"type\":\"aws\",\"data\":{\"session_token\":\"");
            while (big.length() < 64 * 1024) {
                big.append("IQoJb3JpZ2luX2VjEXAMPLEtokenÄ€").append(big.length() % 10);
            }
            String large = big.append("\"}}").toString();
            keyring.set("atmos_large", large);
            assertThat(keyring.get("atmos_large")).contains(large);
            assertThat(large.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isGreaterThan(8 * 1024);
        }

        @Test
        void secretToolSeesItemsStoredHereWithGoKeyringsLabelAndAttributes() {
            keyring.set("atmos_r_dev", "{\"v\":\"ü\"}");
            Result lookup = secretTool(null, "lookup", "service", "atmos_r_dev", "username", "atmos-auth");
            assertThat(lookup.out()).isEqualTo("{\"v\":\"ü\"}");

            Result search = secretTool(null, "search", "--all", "service", "atmos_r_dev");
            String listing = search.out() + search.err();
            assertThat(listing).contains("label = Password for 'atmos-auth' on 'atmos_r_dev'")
                    .contains("attribute.service = atmos_r_dev")
                    .contains("attribute.username = atmos-auth");
            assertThat(listing.lines().filter(l -> l.startsWith("attribute.")).count()).isEqualTo(2);
        }

        @Test
        void readsItemsThatSecretToolStored() {
            secretTool("{\"from\":\"secret-tool ✓\"}", "store", "--label=Password for 'atmos-auth' on 'atmos_x'",
                    "service", "atmos_x", "username", "atmos-auth");
            assertThat(keyring.get("atmos_x")).contains("{\"from\":\"secret-tool ✓\"}");
            assertThat(keyring.keys()).containsExactly("atmos_x");
        }

        @Test
        void setReplacesAnItemThatSecretToolStored() {
            secretTool("old", "store", "--label=by secret-tool", "service", "atmos_x", "username", "atmos-auth");
            keyring.set("atmos_x", "new");
            assertThat(keyring.get("atmos_x")).contains("new");
            assertThat(secretTool(null, "lookup", "service", "atmos_x", "username", "atmos-auth").out())
                    .isEqualTo("new");
            assertThat(itemsFound("service", "atmos_x", "username", "atmos-auth")).hasSize(1);
        }

        @Test
        void secretToolStoreReplacesAnItemStoredHereToo() {
            keyring.set("atmos_x", "ours");
            secretTool("theirs", "store", "--label=by secret-tool", "service", "atmos_x", "username", "atmos-auth");
            assertThat(keyring.get("atmos_x")).contains("theirs");
            assertThat(itemsFound("service", "atmos_x", "username", "atmos-auth")).hasSize(1);
        }

        @Test
        void removeDeletesAnItemThatSecretToolStored() {
            secretTool("old", "store", "--label=by secret-tool", "service", "atmos_x", "username", "atmos-auth");
            keyring.remove("atmos_x");
            assertThat(itemsFound("service", "atmos_x")).isEmpty();
        }

        @Test
        void aLockedCollectionFailsOperationsWithAHintInsteadOfPrompting() {
            keyring.set("atmos_dev", "kept");
            sandbox.lockLogin();
            assertThat(sandbox.loginLocked()).isTrue();

            long start = System.nanoTime();
            assertThatThrownBy(() -> keyring.get("atmos_dev"))
                    .isInstanceOfSatisfying(AtmosException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.KEYRING);
                        assertThat(e.getMessage()).contains("is locked").doesNotContain("kept");
                        assertThat(e.hint()).contains("unlock").contains("auth.keyring.type: file");
                    });
            assertThatThrownBy(() -> keyring.set("atmos_dev", "other"))
                    .isInstanceOf(AtmosException.class).hasMessageContaining("is locked");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
            assertThat(sandbox.loginLocked()).as("still locked: no prompt was answered").isTrue();
        }

        @Test
        void connectIsEmptyWhenTheCollectionIsLocked() {
            sandbox.lockLogin();
            assertThat(timedConnect(sandbox.env(), FAST)).isEmpty();
            assertThat(logText.toString()).contains("is locked");
        }

        @Test
        void neverLogsTheSecretValue() {
            keyring.set("atmos_dev", "very-secret-value-123");
            keyring.get("atmos_dev");
            keyring.keys();
            keyring.remove("atmos_dev");
            assertThat(logText.toString()).doesNotContain("very-secret-value-123");
        }

        @Test
        void operationsAfterCloseFailClearly() {
            keyring.close();
            keyring.close(); // idempotent
            assertThat(logText.toString()).doesNotContain("closing the session failed");
            assertThatThrownBy(() -> keyring.get("atmos_dev"))
                    .isInstanceOfSatisfying(AtmosException.class,
                            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.KEYRING))
                    .hasMessageContaining("closed");
        }

        @Test
        void closeLeavesNoNonDaemonThreadsBehind() {
            Set<Thread> before = liveNonDaemonThreads();
            SecretServiceKeyring second = SecretServiceKeyring.connect(sandbox.env(), log, PATIENT).orElseThrow();
            second.set("atmos_t", "v");
            second.get("atmos_t");
            Set<Thread> during = liveNonDaemonThreads();
            second.close();
            assertThat(during).as("dbus-java threads are daemon threads").isEqualTo(before);
            assertThat(liveNonDaemonThreads()).isEqualTo(before);
        }

        @Test
        void closeStopsTheThreadsOfItsConnection() throws InterruptedException {
            keyring.close();
            Set<Thread> baseline = dbusThreads();
            SecretServiceKeyring second = SecretServiceKeyring.connect(sandbox.env(), log, PATIENT).orElseThrow();
            second.keys();
            assertThat(dbusThreads()).as("threads while connected").isNotEmpty();
            second.close();
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (!baseline.containsAll(dbusThreads()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(dbusThreads()).as("threads left after close").isSubsetOf(baseline);
        }

        @Test
        void aJvmThatNeverClosesTheKeyringStillExits() throws Exception {
            keyring.set("atmos_probe", "probe-value");
            ProcessBuilder pb = new ProcessBuilder(TestJvm.command("-cp", System.getProperty("java.class.path"), ExitProbe.class.getName(),
                    "atmos_probe"));
            pb.environment().clear();
            pb.environment().putAll(sandbox.env());
            pb.redirectErrorStream(true);
            Process p = pb.start();
            boolean exited = p.waitFor(20, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!exited) {
                p.destroyForcibly();
            }
            assertThat(exited).as("the probe JVM exited by itself; output:%n%s", out).isTrue();
            assertThat(out).contains("found=true");
            System.out.println("[timing, fresh JVM] " + out.strip());
        }

        @Test
        void connectAndOneGetAreFast() {
            keyring.set("atmos_timing", "x".repeat(4096));
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                try (SecretServiceKeyring k = SecretServiceKeyring.connect(sandbox.env(), Log.silent(), PATIENT).orElseThrow()) {
                    assertThat(k.get("atmos_timing")).isPresent();
                }
                micros.add((System.nanoTime() - start) / 1000);
            }
            List<Long> warm = micros.subList(5, micros.size()).stream().sorted().toList();
            System.out.println("[timing, warm JVM] connect+get+close first=" + micros.get(0) / 1000 + " ms, median="
                    + warm.get(warm.size() / 2) / 1000.0 + " ms");
            assertThat(warm.get(warm.size() / 2)).isLessThan(200_000);
        }
    }

    private static Set<Thread> dbusThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().toLowerCase(java.util.Locale.ROOT).contains("dbus"))
                .collect(Collectors.toSet());
    }

    private static Set<Thread> liveNonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon())
                .collect(Collectors.toSet());
    }

    @Nested
    class TimeoutsFromTheEnvironment {
        @Test
        void atmosKeyringTimeoutRaisesEveryTimeoutToAtLeastItsValue() {
            var t = SecretServiceTimeouts.fromEnv(Map.of("ATMOS_KEYRING_TIMEOUT", "4s"), log);
            assertThat(t.bus()).isEqualTo(Duration.ofSeconds(4));
            assertThat(t.probe()).isEqualTo(Duration.ofSeconds(4));
            assertThat(t.activation()).isEqualTo(Duration.ofSeconds(4));
            assertThat(t.call()).isEqualTo(Duration.ofSeconds(5));
        }

        @Test
        void withoutItOrWithNonsenseTheDefaultsApplyAndNonsenseIsWarnedAbout() {
            assertThat(SecretServiceTimeouts.fromEnv(Map.of(), log)).isEqualTo(SecretServiceTimeouts.DEFAULT);
            assertThat(SecretServiceTimeouts.fromEnv(Map.of("ATMOS_KEYRING_TIMEOUT", "soon"), log))
                    .isEqualTo(SecretServiceTimeouts.DEFAULT);
            assertThat(logText.toString()).contains("ATMOS_KEYRING_TIMEOUT=soon is not a duration");
        }
    }

    /** Run in a child JVM: connect, get, print timings, and return from main without closing. */
    public static final class ExitProbe {
        public static void main(String[] args) {
            long t0 = System.nanoTime();
            Map<String, String> env = new HashMap<>(System.getenv());
            Optional<SecretServiceKeyring> k = SecretServiceKeyring.connect(env, Log.silent());
            long t1 = System.nanoTime();
            boolean found = k.isPresent() && k.get().get(args[0]).isPresent();
            long t2 = System.nanoTime();
            System.out.printf("connected=%s found=%s connect=%d ms get=%d ms (JVM uptime at start %d ms)%n",
                    k.isPresent(), found, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() - (t2 - t0) / 1_000_000);
            // deliberately no close(): the JVM must still exit
        }
    }
}
