package atmos.system;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.cloud.aws.AwsFiles;
import atmos.credentials.AwsCredentials;
import atmos.keyring.FileKeyring;
import atmos.testing.TestJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 3, crash safety: a writer killed with SIGKILL at a random point while it replaces the AWS
 * credentials and config files and file-keyring items leaves every file as the old or the new complete
 * version, and the next run reads them and writes again.
 *
 * <p>The writer is a small JVM ({@link Writer}) that rewrites, generation after generation, two profiles
 * of one provider's AWS files through {@link AwsFiles} and two items through {@link FileKeyring}, the
 * product's own writers (lock, temporary file, fsync, rename). It says {@code ready} once the first
 * generation is complete; the test then waits a random 0-60 ms, so the kill lands anywhere in the
 * writing, and kills it. Correctness never depends on that timing: whatever moment the kill hits, every
 * value read back must be one complete generation, and no later than the last one begun.
 */
class KilledWriterLeavesOldOrNewFilesTest {
    static final int KILLS = 100;
    static final String PASSWORD = "crash test password";
    static final String PROVIDER = "acme";
    static final List<String> PROFILES = List.of("plat-dev/terraform", "plat-prod/terraform");
    static final List<String> KEYS = List.of("atmos_acme", "atmos_plat-dev/terraform");
    /** Long values: a torn write would show as a value cut short or mixed with another generation. */
    static final String PAD = "x".repeat(3000);
    static final Pattern GEN = Pattern.compile("g(\\d+)-");

    @TempDir
    Path tmp;

    /** The values of generation {@code g}: each carries its number, so a mix of two generations is seen. */
    static AwsCredentials credentials(int g, String profile) {
        return AwsCredentials.session("ASIAG" + g, "g" + g + "-secret-" + profile.replace('/', '_') + PAD, "g" + g + "-token-" + PAD,
                "us-east-1", Instant.parse("2030-01-01T00:00:00Z").plusSeconds(g));
    }

    static String item(int g, String key) {
        return "g" + g + "-item-" + key + PAD;
    }

    static FileKeyring keyring(Path home) {
        return new FileKeyring(home.resolve("keyring"), d -> PASSWORD.toCharArray());
    }

    static AwsFiles awsFiles(Path home) {
        Path root = home.resolve("config-atmos");
        return new AwsFiles(root, root.resolve("aws"), w -> {
            throw new AssertionError("the writer's files are damaged: " + w);
        });
    }

    /** The writer: generations until killed (or {@code args[1]} of them), "ready" after the first. */
    public static final class Writer {
        public static void main(String[] args) {
            Path home = Path.of(args[0]);
            int generations = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
            int first = args.length > 2 ? Integer.parseInt(args[2]) : 1;
            AwsFiles files = awsFiles(home);
            FileKeyring keyring = keyring(home);
            PrintStream out = System.out;
            for (int g = first; g < first + generations; g++) {
                out.println("begin " + g);
                out.flush();
                for (String profile : PROFILES) {
                    files.write(PROVIDER, profile, credentials(g, profile), "us-east-1");
                }
                for (String key : KEYS) {
                    keyring.set(key, item(g, key));
                }
                if (g == first) {
                    out.println("ready");
                    out.flush();
                }
            }
        }
    }

    private static List<String> writerCommand(Path home, String... more) {
        List<String> cmd = TestJvm.command("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Writer.class.getName(), home.toString());
        cmd.addAll(List.of(more));
        return cmd;
    }

    /** The generation a value belongs to, checking it is whole: its number, then exactly the expected value. */
    private static int generationOf(String value, java.util.function.IntFunction<String> expected, String what) {
        Matcher m = GEN.matcher(value);
        assertThat(m.lookingAt()).as(what + " starts with its generation").isTrue();
        int g = Integer.parseInt(m.group(1));
        assertThat(value.equals(expected.apply(g))).as(what + " is generation " + g + " complete and unmixed (length " + value.length() + ")")
                .isTrue();
        return g;
    }

    /** Reads everything back as the next run would; every value is one whole generation, none later than {@code begun}. */
    private static void assertOldOrNew(Path home, int begun, int kill) {
        AwsFiles files = awsFiles(home);
        for (String profile : PROFILES) {
            Optional<AwsCredentials> c = files.read(PROVIDER, profile);
            assertThat(c).as("kill " + kill + ": profile " + profile + " is there").isPresent();
            AwsCredentials got = c.get();
            int g = generationOf(got.secretAccessKey(), n -> credentials(n, profile).secretAccessKey(), "kill " + kill + " " + profile + " secret");
            AwsCredentials want = credentials(g, profile);
            assertThat(got.accessKeyId()).as("kill " + kill + ": key id of the same generation").isEqualTo(want.accessKeyId());
            assertThat(got.sessionToken().equals(want.sessionToken())).as("kill " + kill + ": token of the same generation").isTrue();
            assertThat(got.expirationTime()).isEqualTo(want.expirationTime());
            assertThat(got.region()).as("kill " + kill + ": config file").isEqualTo("us-east-1");
            assertThat(g).isBetween(1, begun);
        }
        FileKeyring keyring = keyring(home);
        assertThat(keyring.keys()).as("kill " + kill).containsExactlyInAnyOrderElementsOf(KEYS);
        for (String key : KEYS) {
            String value = keyring.get(key).orElseThrow();
            assertThat(generationOf(value, n -> item(n, key), "kill " + kill + " item " + key)).isBetween(1, begun);
        }
    }

    @Test
    void a_hundred_kills_at_random_points_leave_every_file_old_or_new_and_the_next_run_works() throws Exception {
        Path home = tmp.resolve("home");
        Random random = new Random(3);
        // One clean run first: the generation-1 files.
        Process first = new ProcessBuilder(writerCommand(home, "1")).redirectErrorStream(true).start();
        String firstOut = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(firstOut).isZero();
        assertOldOrNew(home, 1, 0);

        int next = 2;
        int torn = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            Process writer = new ProcessBuilder(writerCommand(home, "1000000", Integer.toString(next)))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
            // Reads to the end: every "begin N" the writer printed before it died, so the latest generation it began is known.
            java.util.concurrent.atomic.AtomicInteger latestBegun = new java.util.concurrent.atomic.AtomicInteger(next);
            CompletableFuture<Boolean> ready = new CompletableFuture<>();
            CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
                try {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (line.startsWith("begin ")) {
                            latestBegun.accumulateAndGet(Integer.parseInt(line.substring(6).strip()), Math::max);
                        } else if (line.equals("ready")) {
                            ready.complete(true);
                        }
                    }
                } catch (java.io.IOException e) {
                    // the pipe ended with the process
                }
                ready.complete(false);
            });
            assertThat(ready.get(120, TimeUnit.SECONDS)).as("kill " + kill + ": the writer finished its first generation").isTrue();
            Thread.sleep(random.nextInt(60)); // where the kill lands; no assertion depends on it
            writer.toHandle().destroyForcibly(); // SIGKILL, leaving the pipe open to be read to its end
            assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
            drained.get(60, TimeUnit.SECONDS);
            int latest = latestBegun.get();
            assertOldOrNew(home, latest, kill);
            try (var left = Files.walk(home)) {
                torn += (int) left.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
            }
            next = latest + 1;
        }
        // The next run writes again over whatever the kills left, and clears the temporary files they left: those
        // of the AWS files at once (under the file's lock), the keyring's once old enough that no writer owns them.
        assertThat(torn).as("the kills did leave temporary files behind").isPositive();
        try (var left = Files.walk(home.resolve("keyring"))) {
            for (Path p : left.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.from(Instant.now().minus(FileKeyring.STALE_TEMPORARY).minusSeconds(60)));
            }
        }
        Process last = new ProcessBuilder(writerCommand(home, "1", Integer.toString(next))).redirectErrorStream(true).start();
        String lastOut = new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).as(lastOut).isZero();
        assertOldOrNew(home, next, KILLS + 1);
        assertThat(awsFiles(home).read(PROVIDER, PROFILES.get(0)).orElseThrow().accessKeyId()).isEqualTo("ASIAG" + next);
        try (var left = Files.walk(home)) {
            assertThat(left.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).as("temporary files left").isEmpty();
        }
        System.out.println("kills: " + KILLS + ", generations written: " + next + ", temporary files left by kills: " + torn);
    }
}
