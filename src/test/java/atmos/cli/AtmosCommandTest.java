package atmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.Cli;
import atmos.testing.TestHost;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtmosCommandTest {
    @TempDir
    Path tmp;

    TestHost host;

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp);
        host.write("atmos.yaml", "auth:\n  identities:\n    base: {kind: aws/user}\n");
        host.write("profiles/ops/atmos.yaml", "auth:\n  identities:\n    ops: {kind: aws/user}\n");
    }

    @Test
    void anUnknownFlagIsAUsageErrorWithExitCode2AndAHint() {
        Cli.Result r = Cli.run(host.build(), "auth", "list", "--bogus");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error: Unknown option: '--bogus'").contains("hint: see 'atmos auth list --help'");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Cli.Result r = Cli.run(host.build(), "auth", "frobnicate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error: Unmatched argument");
    }

    @Test
    void helpWorksOnEveryCommand() {
        for (String[] args : new String[][]{{"--help"}, {"auth", "--help"}, {"auth", "list", "--help"},
                {"auth", "validate", "-h"}, {"version", "--help"}, {"completion", "--help"}}) {
            Cli.Result r = Cli.run(host.build(), args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).contains("Usage: atmos");
        }
    }

    @Test
    void versionPrintsTheVersion() {
        Cli.Result r = Cli.run(host.build(), "version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("atmos-java ");
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommand() {
        Cli.Result after = Cli.run(host.build(), "auth", "list", "--format", "json", "--profile", "ops");
        Cli.Result before = Cli.run(host.build(), "--profile", "ops", "auth", "list", "--format", "json");
        assertThat(after.exitCode()).isZero();
        assertThat(after.out()).contains("\"ops\"").isEqualTo(before.out());
    }

    @Test
    void configErrorsExitWith3WithoutAStackTrace() {
        host.write("atmos.yaml", "auth:\n  identities: [\n");
        Cli.Result r = Cli.run(host.build(), "auth", "validate");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).startsWith("error: atmos.yaml:").contains("invalid YAML").contains("hint: ").doesNotContain("\tat ");
    }

    @Test
    void verboseShowsTheStackTraceOfAnError() {
        host.write("atmos.yaml", "auth:\n  identities: [\n");
        Cli.Result r = Cli.run(host.build(), "--verbose", "auth", "validate");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("\tat atmos.");
    }

    @Test
    void anUnknownProfileExits2ListingTheProfiles() {
        Cli.Result r = Cli.run(host.build(), "--profile", "nope", "auth", "list");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error: profile \"nope\" not found").contains("hint: available profiles: ops");
    }

    @Test
    void anInvalidLogLevelIsAUsageError() {
        Cli.Result r = Cli.run(host.env("ATMOS_LOGS_LEVEL", "loud").build(), "auth", "list");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("invalid log level \"loud\" in ATMOS_LOGS_LEVEL");
    }

    @Test
    void logsGoToTheConfiguredFileAndNeverToStdout() throws Exception {
        Path log = tmp.resolve("atmos.log");
        Cli.Result r = Cli.run(host.build(), "--logs-level", "Debug", "--logs-file", log.toString(), "auth", "list", "-f", "json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("{");
        assertThat(java.nio.file.Files.exists(log)).isTrue();
    }

    @Test
    void completionScriptsExistForBashZshAndFish() {
        for (String shell : new String[]{"bash", "zsh", "fish"}) {
            Cli.Result r = Cli.run(host.build(), "completion", shell);
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("atmos completion __complete");
        }
        assertThat(Cli.run(host.build(), "completion", "tcsh").exitCode()).isEqualTo(2);
    }

    @Test
    void completionOffersIdentityNamesFromTheConfigInEffect() {
        Cli.Result r = Cli.run(host.build(), "completion", "__complete", "--", "auth", "exec", "--identity", "");
        assertThat(r.out().lines()).containsExactly("base");
        Cli.Result withProfile = Cli.run(host.build(), "completion", "__complete", "--", "--profile", "ops", "auth", "login", "-i", "o");
        assertThat(withProfile.out().lines()).containsExactly("ops");
        Cli.Result subcommands = Cli.run(host.build(), "completion", "__complete", "--", "auth", "li");
        assertThat(subcommands.out().lines()).containsExactly("list");
        Cli.Result profiles = Cli.run(host.build(), "completion", "__complete", "--", "--profile", "");
        assertThat(profiles.out().lines()).containsExactly("ops");
    }
}
