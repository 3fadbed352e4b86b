package atmos.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.TestHost;
import atmos.testing.TestJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md convention 11, checked on a real JVM with {@code -Xlog:class+load}: a command answered from
 * its snapshot loads none of the command model (picocli), the YAML parser, the JSON library, the AWS
 * SDK, the terminal library, D-Bus or the configuration loader. The snapshots are those the launcher
 * trains its start-up cache on ({@link Training}).
 */
class CachedPathClassesTest {
    /** Packages and classes the cached path must not load. */
    static final List<String> FORBIDDEN = List.of("picocli.", "org.snakeyaml.", "com.fasterxml.", "software.amazon.", "org.jline.",
            "com.nimbusds.", "org.freedesktop.", "org.jsoup.", "atmos.config.ConfigLoader", "atmos.config.YamlReader", "atmos.cli.AtmosCommand",
            "atmos.auth.AuthService", "atmos.stack.", "atmos.keyring.", "atmos.template.",
            // Time zones: Clock.systemUTC() initialises them (~0.4 ms); the cached path only compares instants.
            "java.time.ZoneOffset", "java.time.ZoneRegion");

    @TempDir
    static Path tmp;

    static Path repo;

    @BeforeAll
    static void record() throws IOException {
        repo = tmp.resolve("repo");
        Training.prepare(repo, new TestHost(tmp).clock(java.time.Clock.systemUTC()).build()); // the real clock: the JVMs below read it
    }

    record Run(int exitCode, String out, List<String> classes) {
    }

    static Run java(Map<String, String> extraEnv, String... args) throws Exception {
        Path log = Files.createTempFile(tmp, "classes", ".log");
        List<String> command = TestJvm.command("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xlog:class+load=info:file=" + log,
                "-cp", System.getProperty("java.class.path"), "atmos.Main");
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        // Exactly the environment the snapshots were recorded with (Training's host).
        pb.environment().put("HOME", repo.resolve("home").toString());
        pb.environment().put("ATMOS_KEYRING_TYPE", "memory");
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put(FastPath.SWITCH, "debug");
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        List<String> classes = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            String[] f = line.split(" ");
            if (f.length >= 2 && line.contains("[class,load]")) {
                classes.add(f[1]);
            }
        }
        return new Run(p.exitValue(), out, classes);
    }

    static void assertLean(Run run) {
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.classes()).as("answered from the snapshot").contains("atmos.snapshot.SnapshotStore", "atmos.snapshot.SipHash");
        for (String forbidden : FORBIDDEN) {
            assertThat(run.classes()).as("no " + forbidden + "* on the cached path; output: " + run.out()).noneMatch(c -> c.startsWith(forbidden));
        }
        assertThat(run.classes().stream().filter(c -> c.startsWith("atmos.")).count()).as("atmos classes loaded").isLessThan(40);
    }

    @Test
    void authEnvLoadsNoCommandModelYamlJsonSdkOrKeyring() throws Exception {
        Run run = java(Map.of(), "auth", "env", "--format", "json");
        assertLean(run);
        assertThat(run.out()).contains("\"AWS_PROFILE\": \"warm\"").contains("\"AWS_SESSION_TOKEN\"");
    }

    @Test
    void authExecCredentialProcessAndTerraformDryRunToo() throws Exception {
        assertLean(java(Map.of(), "auth", "exec", "--", "true"));
        Run process = java(Map.of(), "aws", "credential-process", "-i", "warm");
        assertLean(process);
        assertThat(process.out()).startsWith("{\"Version\":1,");
        Run dryRun = java(Map.of(), "terraform", "plan", "c", "-s", "dev", "--dry-run");
        assertLean(dryRun);
        assertThat(dryRun.out()).contains("Would run:");
    }

    @Test
    void theNormalPathLoadsThemAllWhichIsWhyTheCheckMeansSomething() throws Exception {
        Run run = java(Map.of(FastPath.SWITCH, "false"), "auth", "env", "--format", "json");
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.classes()).doesNotContain("atmos.snapshot.SnapshotStore").anyMatch(c -> c.startsWith("picocli."))
                .anyMatch(c -> c.startsWith("org.snakeyaml."));
    }
}
