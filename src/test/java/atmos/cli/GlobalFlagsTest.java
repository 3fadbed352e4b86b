package atmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.testing.Cli;
import atmos.testing.ScriptedPrompter;
import atmos.testing.TestHost;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Go Atmos's global flags and its profile helpers: {@code -C/--chdir}, colour, a bare
 * {@code --profile} (a picker), and the profile fallback when the loaded configuration lacks the
 * identity or has no auth at all.
 */
class GlobalFlagsTest {
    @TempDir
    Path tmp;

    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp);
        host.write("repo/atmos.yaml", "profiles: {base_path: profiles}\n");
        host.write("repo/profiles/ops/atmos.yaml", """
                auth:
                  providers: {p: {kind: mock/aws, region: us-east-1}}
                  identities:
                    ops-admin: {kind: mock/aws, default: true, via: {provider: p}}
                """);
        host.write("repo/profiles/dev/atmos.yaml", """
                auth:
                  providers: {p: {kind: mock/aws, region: us-east-1}}
                  identities:
                    dev-admin: {kind: mock/aws, default: true, via: {provider: p}}
                """);
    }

    private Cli.Result atmos(ScriptedPrompter prompter, String... args) {
        Cli cli = Cli.with(host.build()).systemKeyring(keyring);
        return (prompter == null ? cli : cli.prompter(prompter)).run(args);
    }

    @Test
    void chdir_moves_before_atmos_yaml_is_looked_for() {
        Cli.Result r = atmos(null, "-C", "repo", "--profile", "ops", "auth", "login");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("ops-admin");
        assertThat(atmos(null, "--chdir=repo", "--profile", "dev", "auth", "whoami", "-o", "json").out()).contains("\"identity\": \"dev-admin\"");
        host.env("ATMOS_CHDIR", tmp.resolve("work/repo").toString());
        assertThat(atmos(null, "--profile", "dev", "auth", "validate").exitCode()).isZero();
        Cli.Result missing = atmos(null, "-C", "nowhere", "auth", "validate");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--chdir: nowhere does not exist");
    }

    @Test
    void colour_can_be_forced_on_a_pipe_and_turned_off() {
        host.cwd(tmp.resolve("work/repo"));
        String forced = atmos(null, "--profile", "ops", "--force-color", "auth", "list", "-f", "table").out();
        assertThat(forced).contains("\u001b[");
        host.terminals(atmos.system.Host.Terminals.ALL);
        String off = atmos(null, "--profile", "ops", "--no-color", "auth", "list", "-f", "table").out();
        assertThat(off).doesNotContain("\u001b[");
    }

    @Test
    void a_bare_profile_flag_opens_a_picker_or_names_the_profiles() {
        host.cwd(tmp.resolve("work/repo"));
        Cli.Result noTerminal = atmos(null, "--profile", "auth", "whoami");
        assertThat(noTerminal.exitCode()).isEqualTo(2);
        assertThat(noTerminal.err()).contains("--profile was given without a name").contains("available profiles: dev, ops");
        Cli.Result picked = atmos(new ScriptedPrompter(true, "ops"), "--profile", "auth", "login");
        assertThat(picked.exitCode()).as(picked.toString()).isZero();
        assertThat(picked.err()).contains("ops-admin");
    }

    @Test
    void without_auth_in_the_base_config_the_profiles_that_have_it_are_offered() {
        host.cwd(tmp.resolve("work/repo"));
        Cli.Result ci = atmos(null, "auth", "login");
        assertThat(ci.exitCode()).isEqualTo(3);
        assertThat(ci.err()).contains("no identities or providers are defined in the loaded configuration")
                .contains("these profiles define auth configuration: dev, ops; re-run with --profile <name>");
        Cli.Result terminal = atmos(new ScriptedPrompter(true, "dev"), "auth", "login");
        assertThat(terminal.exitCode()).as(terminal.toString()).isZero();
        assertThat(terminal.err()).contains("dev-admin");
    }

    @Test
    void an_identity_only_a_profile_defines_is_offered_with_that_profile() {
        host.cwd(tmp.resolve("work/repo"));
        Cli.Result ci = atmos(null, "auth", "login", "-i", "ops-admin");
        assertThat(ci.exitCode()).isEqualTo(3);
        assertThat(ci.err()).contains("identity `ops-admin` is not defined in the loaded configuration")
                .contains("profile `ops` does define it: re-run with --profile ops");
        Cli.Result yes = atmos(new ScriptedPrompter(true, "y"), "auth", "login", "-i", "ops-admin");
        assertThat(yes.exitCode()).as(yes.toString()).isZero();
        Cli.Result explicit = atmos(null, "--profile", "dev", "auth", "login", "-i", "ops-admin");
        assertThat(explicit.err()).as("an explicit profile is never second-guessed").doesNotContain("re-run with --profile");
    }
}
