package atmos.system;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.AtmosProcess;
import atmos.testing.BarePty;
import atmos.testing.Cli;
import atmos.testing.FakeSts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every prompt on a bare pseudo-terminal (no window size, no answers to terminal queries: what
 * {@code expect}, {@code script} and CI give), with {@code TERM} set to a real terminal, to
 * {@code dumb}, and unset: the prompt text shows, the answer is taken, and no secret is echoed.
 */
class BareTerminalPromptsTest {
    @TempDir
    Path tmp;

    FakeSts sts;
    FakeSts.AccessKey key;
    FakeSts.MfaDevice mfa;
    Map<String, String> env = new HashMap<>();
    Path work;

    @BeforeEach
    void setUp() throws Exception {
        sts = FakeSts.start();
        FakeSts.User user = sts.addUser("111111111111", "superadmin");
        key = sts.createAccessKey(user);
        mfa = sts.enableVirtualMfa(user);
        work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("atmos.yaml"), """
                auth:
                  realm: pty
                  keyring:
                    type: file
                  providers:
                    demo: {kind: mock/aws, region: us-east-1}
                  identities:
                    superadmin:
                      kind: aws/user
                      credentials: {region: us-east-1, mfa_arn: %s}
                    alpha: {kind: mock/aws, default: true, via: {provider: demo}}
                    beta: {kind: mock/aws, default: true, via: {provider: demo}}
                """.formatted(mfa.serialNumber()));
        env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("AWS_ENDPOINT_URL_STS", sts.endpoint());
        env.put("ATMOS_KEYRING_PASSWORD", "correct horse battery staple");
    }

    @AfterEach
    void tearDown() {
        sts.close();
    }

    private void term(String term) {
        if (!term.equals("unset")) {
            env.put("TERM", term);
        }
    }

    private BarePty atmos(String... args) throws Exception {
        return BarePty.start(env, work, AtmosProcess.command(args));
    }

    private static void noTrace(String screen) {
        assertThat(screen).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xterm-256color", "dumb", "unset"})
    void user_configure_asks_every_question_and_never_shows_the_secret_key(String term) throws Exception {
        term(term);
        try (BarePty pty = atmos("auth", "user", "configure", "-i", "superadmin")) {
            pty.await("AWS Access Key ID");
            pty.type(key.accessKeyId());
            pty.await("AWS Secret Access Key");
            pty.type(key.secretAccessKey());
            pty.await("Session duration");
            pty.type("");
            assertThat(pty.exit()).as(pty.screen()).isZero();
            assertThat(pty.screen()).contains("Saved credentials to keyring: superadmin").doesNotContain(key.secretAccessKey());
            noTrace(pty.screen());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"xterm-256color", "dumb", "unset"})
    void the_mfa_code_is_asked_and_not_echoed(String term) throws Exception {
        term(term);
        Cli.Result configured = AtmosProcess.run(env, work, key.accessKeyId() + "\n" + key.secretAccessKey() + "\n\n",
                AtmosProcess.command("auth", "user", "configure", "-i", "superadmin"));
        assertThat(configured.exitCode()).as(configured.toString()).isZero();
        try (BarePty pty = atmos("auth", "login", "-i", "superadmin")) {
            pty.await("MFA code for " + mfa.serialNumber() + ": ");
            String code = mfa.codeAt(sts.now());
            pty.type(code);
            assertThat(pty.exit()).as(pty.screen()).isZero();
            assertThat(pty.screen()).contains("Authentication successful").doesNotContain(code);
            noTrace(pty.screen());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"xterm-256color", "dumb", "unset"})
    void the_file_keyring_password_is_asked_and_not_echoed(String term) throws Exception {
        term(term);
        env.remove("ATMOS_KEYRING_PASSWORD");
        try (BarePty pty = atmos("auth", "login", "-i", "alpha")) {
            pty.await("Password for the atmos keyring");
            pty.type("sw0rdfish-long-enough");
            assertThat(pty.exit()).as(pty.screen()).isZero();
            assertThat(pty.screen()).contains("Authentication successful").doesNotContain("sw0rdfish");
            noTrace(pty.screen());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"xterm-256color", "dumb", "unset"})
    void several_defaults_become_a_numbered_list(String term) throws Exception {
        term(term);
        try (BarePty pty = atmos("auth", "login")) {
            String screen = pty.await("Enter a number (1-2): ");
            assertThat(screen).contains("1) alpha").contains("2) beta");
            pty.type("2");
            assertThat(pty.exit()).as(pty.screen()).isZero();
            assertThat(pty.screen()).contains("Selected identity: beta").contains("Authentication successful");
            noTrace(pty.screen());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"xterm-256color", "dumb"})
    void a_confirmation_is_asked_and_answered(String term) throws Exception {
        term(term);
        Cli.Result configured = AtmosProcess.run(env, work, key.accessKeyId() + "\n" + key.secretAccessKey() + "\n\n",
                AtmosProcess.command("auth", "user", "configure", "-i", "superadmin"));
        assertThat(configured.exitCode()).as(configured.toString()).isZero();
        try (BarePty pty = atmos("auth", "logout", "-i", "superadmin", "--keychain")) {
            pty.await("[y/N] ");
            pty.type("y");
            assertThat(pty.exit()).as(pty.screen()).isZero();
            noTrace(pty.screen());
        }
        assertThat(tmp.resolve("home/.local/share/atmos/keyring/atmos_pty_superadmin")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"xterm-256color", "dumb"})
    void ctrl_c_at_a_hidden_prompt_gives_the_terminal_its_echo_back(String term) throws Exception {
        term(term);
        env.remove("ATMOS_KEYRING_PASSWORD");
        String atmos = String.join(" ", AtmosProcess.command("auth", "login", "-i", "alpha").stream()
                .map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "trap : INT; " + atmos + "; echo \"EXIT=$?\"; stty -a"));
        try (BarePty pty = BarePty.start(env, work, cmd)) {
            pty.await("Password for the atmos keyring");
            pty.press("half-typed\u0003");
            String screen = pty.await("EXIT=");
            pty.exit();
            assertThat(pty.screen()).contains("EXIT=130").doesNotContain("half-typed");
            assertThat(pty.screen().substring(screen.indexOf("EXIT="))).containsPattern("[ ;]echo ").doesNotContain("-echo ");
        }
    }
}
