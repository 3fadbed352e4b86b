package atmos.config;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.Cli;
import atmos.testing.TestHost;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration written to hurt: alias bombs, deep nesting, huge files, commands that never end or
 * never stop writing. Each must end in one {@code error: file:line: …} line and a hint, with the
 * exit code of a configuration error, no stack trace and bounded memory. The whole program runs
 * in-process, so a blow-up would take this JVM down and a hang would hit the timeout.
 */
// A hang guard, not a timing assertion; a separate thread so that even an uninterruptible read is caught.
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileConfigTest {
    private static final long THREE_GIB = 3L << 30;

    @TempDir
    Path tmp;

    TestHost host;

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp);
    }

    /** Exit 3, exactly "error: <expected>…" and a hint, nothing that looks like a stack trace. */
    private static void assertConfigError(Cli.Result r, String expectedStart) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        String[] lines = r.err().split("\n");
        assertThat(lines).as(r.toString()).hasSize(2);
        assertThat(lines[0]).as(r.toString()).startsWith("error: " + expectedStart);
        assertThat(lines[1]).as(r.toString()).startsWith("hint: ");
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("Error:");
    }

    private Path sparse(String relative, long size) throws IOException {
        Path p = host.cwd().resolve(relative);
        Files.createDirectories(p.getParent());
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
        }
        return p;
    }

    private static String bomb(String indent) {
        StringBuilder b = new StringBuilder();
        b.append(indent).append("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            b.append(indent).append("l").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                b.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            b.append("]\n");
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- aliases

    @Test
    void anAliasBombInsideAuthIsRefusedAtTheLineWhereItGrowsTooLarge() {
        host.write("atmos.yaml", "auth:\n  identities:\n    me: {kind: aws/user}\n  x:\n" + bomb("    "));
        for (String[] cmd : new String[][]{{"auth", "validate"}, {"auth", "list"}, {"auth", "env", "-i", "me"}}) {
            Cli.Result r = Cli.run(host.build(), cmd);
            // l0..l4 stay below a million values once expanded; l5 (10^6 strings) is the first over.
            assertConfigError(r, "atmos.yaml:10: too many values once aliases are expanded");
        }
    }

    @Test
    void aLongStringRepeatedThroughAliasesIsRefusedToo() {
        String big = "x".repeat(1 << 20);
        host.write("atmos.yaml", "auth:\n  big: &s " + big + "\n  ten: &t [*s, *s, *s, *s, *s, *s, *s, *s, *s, *s]\n"
                + "  hundred: [*t, *t, *t, *t, *t, *t, *t, *t, *t, *t]\n");
        assertConfigError(Cli.run(host.build(), "auth", "validate"), "atmos.yaml:4: too much text once aliases are expanded");
    }

    @Test
    void theAliasLimitIsSharedByEveryFileOfOneLoad() {
        // Each file stays under the limit; the files a !include pulls in count against the same budget.
        host.write("part.yaml", bomb("").replace("l9: &l9", "l9:").lines().limit(5).reduce("", (a, l) -> a + l + "\n"));
        StringBuilder includes = new StringBuilder("auth:\n  parts:\n");
        for (int i = 0; i < 20; i++) {
            includes.append("    - !include part.yaml\n");
        }
        host.write("atmos.yaml", includes.toString());
        Cli.Result r = Cli.run(host.build(), "auth", "validate");
        assertConfigError(r, "part.yaml:");
        assertThat(r.err()).contains("too many values once aliases are expanded");
    }

    // ---------------------------------------------------------------- nesting

    @Test
    void deepFlowNestingIsRefusedWithTheLine() {
        host.write("atmos.yaml", "auth:\n  deep: " + "[".repeat(100_000) + "\n");
        assertConfigError(Cli.run(host.build(), "auth", "validate"), "atmos.yaml:2: nested more than 256 levels deep");
    }

    @Test
    void deepBlockNestingIsRefusedToo() {
        StringBuilder b = new StringBuilder("auth:\n");
        for (int i = 1; i <= 300; i++) {
            b.append(" ".repeat(i)).append("k").append(i).append(":\n");
        }
        host.write("atmos.yaml", b.toString());
        Cli.Result r = Cli.run(host.build(), "auth", "validate");
        assertConfigError(r, "atmos.yaml:257: nested more than 256 levels deep");
    }

    @Test
    void commandOutputNestedTooDeeplyIsRefused() {
        host.write("atmos.yaml", "auth:\n  deep: !exec \"printf '%0300d' 0 | tr 0 '['; printf '%0300d' 0 | tr 0 ']'\"\n");
        assertConfigError(Cli.run(host.build(), "auth", "validate"), "atmos.yaml:2: !exec output is nested more than 256 levels deep");
    }

    // ---------------------------------------------------------------- file sizes

    @Test
    void aHugeAtmosYamlIsRefusedBeforeItIsRead() throws IOException {
        sparse("atmos.yaml", THREE_GIB);
        assertConfigError(Cli.run(host.build(), "auth", "validate"), "atmos.yaml: the file is 3.0 GiB, more than the 4 MiB allowed");
    }

    @Test
    void aHugeIncludedFileIsRefusedBeforeItIsRead() throws IOException {
        sparse("big.yaml", THREE_GIB);
        sparse("big.txt", THREE_GIB);
        host.write("atmos.yaml", "auth:\n  x: !include big.yaml\n");
        assertConfigError(Cli.run(host.build(), "auth", "validate"), "atmos.yaml:2: !include big.yaml: the file is 3.0 GiB, more than the 4 MiB allowed");
        host.write("atmos.yaml", "auth:\n  x: !include.raw big.txt\n");
        assertConfigError(Cli.run(host.build(), "auth", "validate"), "atmos.yaml:2: !include.raw big.txt: the file is 3.0 GiB");
    }

    @Test
    void hugeImportsFragmentsAndProfilesAreRefusedBeforeTheyAreRead() throws IOException {
        sparse("conf/big.yaml", THREE_GIB);
        host.write("atmos.yaml", "import:\n  - conf/big.yaml\n");
        assertConfigError(Cli.run(host.build(), "auth", "validate"), "conf/big.yaml: the file is 3.0 GiB");

        host.write("atmos.yaml", "auth: {}\n");
        sparse("atmos.d/big.yaml", THREE_GIB);
        assertConfigError(Cli.run(host.build(), "auth", "validate"), "atmos.d/big.yaml: the file is 3.0 GiB");
        Files.delete(host.cwd().resolve("atmos.d/big.yaml"));

        sparse("profiles/huge/atmos.yaml", THREE_GIB);
        assertConfigError(Cli.run(host.build(), "--profile", "huge", "auth", "validate"), "profiles/huge/atmos.yaml: the file is 3.0 GiB");
    }

    // ---------------------------------------------------------------- !exec

    @Test
    void aCommandThatNeverEndsIsKilledWithItsChildrenAtTheTimeLimit() throws Exception {
        Path pidFile = host.cwd().resolve("sleeper.pid");
        // The shell starts a child that records its own pid, then waits for it: the child must die too.
        host.write("atmos.yaml", "auth:\n  token: !exec \"sh -c 'echo $$ > sleeper.pid; exec sleep 600'; echo done\"\n");
        Cli.Result r = Cli.run(host.env("ATMOS_YAML_EXEC_TIMEOUT", "2s").build(), "auth", "validate");
        assertConfigError(r, "atmos.yaml:2: !exec did not finish within 2s");
        assertThat(r.err()).contains("ATMOS_YAML_EXEC_TIMEOUT");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        Optional<ProcessHandle> sleeper = ProcessHandle.of(pid);
        if (sleeper.isPresent()) {
            // Killed, but the signal is delivered asynchronously: wait for its end (the class timeout bounds this).
            sleeper.get().onExit().get();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    }

    @Test
    void aCommandThatNeverStopsWritingIsKilledAtTheOutputLimit() {
        host.write("atmos.yaml", "auth:\n  token: !exec yes\n");
        assertConfigError(Cli.run(host.build(), "auth", "validate"), "atmos.yaml:2: !exec printed more than 1 MiB");
    }

    @Test
    void anUnreadableTimeLimitNamesTheVariable() {
        host.write("atmos.yaml", "auth:\n  token: !exec echo hi\n");
        Cli.Result r = Cli.run(host.env("ATMOS_YAML_EXEC_TIMEOUT", "soon").build(), "auth", "validate");
        assertConfigError(r, "ATMOS_YAML_EXEC_TIMEOUT: invalid duration \"soon\"");
    }
}
