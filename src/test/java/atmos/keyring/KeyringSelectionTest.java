package atmos.keyring;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.Cli;
import atmos.testing.SecretServiceSandbox;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which store "atmos" uses and how it behaves when a store is missing or locked, through the CLI:
 * system (real gnome-keyring), file (password from the environment), memory, and none.
 */
class KeyringSelectionTest {
    @TempDir
    Path tmp;

    TestHost host;

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp);
        host.write("atmos.yaml", """
                auth:
                  realm: sel
                  providers:
                    demo: {kind: mock/aws, region: us-east-1}
                  identities:
                    demo/admin: {kind: mock/aws, default: true, via: {provider: demo}}
                    plain: {kind: mock, via: {provider: demo}}
                """);
    }

    @Test
    void withoutASystemKeyringItWarnsOnceAndKeepsWorkingFromTheFiles() {
        Cli.Result login = Cli.run(host.build(), "auth", "login");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.err()).containsOnlyOnce("WARN  system keyring unavailable").contains("auth.keyring.type: file");
        Cli.Result whoami = Cli.run(host.build(), "auth", "whoami");
        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(whoami.err()).contains("Credentials   none (system keyring unavailable)");
    }

    @Test
    void theEnvironmentVariableBeatsTheConfiguredType() {
        host.write("atmos.yaml", "auth:\n  keyring:\n    type: file\n  identities:\n    x: {kind: aws/user}\n");
        Cli.Result r = Cli.run(host.env("ATMOS_KEYRING_TYPE", "memory").build(), "auth", "validate", "--verbose");
        assertThat(r.err()).contains("credential store: memory (ATMOS_KEYRING_TYPE)");
    }

    @Test
    void theFileKeyringUsesThePasswordFromTheEnvironmentAndStoresEncryptedFiles() throws Exception {
        host.env("ATMOS_KEYRING_TYPE", "file").env("ATMOS_KEYRING_PASSWORD", "a long enough password");
        Cli.Result r = Cli.run(host.build(), "auth", "login", "-i", "plain");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path dir = host.home().resolve(".local/share/atmos/keyring");
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).toList()).contains("atmos_sel_plain", "atmos_sel_demo");
        String stored = Files.readString(dir.resolve("atmos_sel_plain"));
        assertThat(stored.split("\\.")).hasSize(5);
        assertThat(stored).doesNotContain("MOCK_SECRET");
        assertThat(Cli.run(host.build(), "auth", "whoami", "-i", "plain").exitCode()).isZero();
    }

    @Test
    void aWrongFileKeyringPasswordIsAClearErrorAndTheFileIsUntouched() throws Exception {
        host.env("ATMOS_KEYRING_TYPE", "file").env("ATMOS_KEYRING_PASSWORD", "a long enough password");
        assertThat(Cli.run(host.build(), "auth", "login", "-i", "plain").exitCode()).isZero();
        Path item = host.home().resolve(".local/share/atmos/keyring/atmos_sel_plain");
        byte[] before = Files.readAllBytes(item);
        Cli.Result r = Cli.run(host.env("ATMOS_KEYRING_PASSWORD", "the wrong password").build(), "auth", "login", "-i", "plain");
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(r.err()).startsWith("error: ").contains("hint: ").doesNotContain("the wrong password").doesNotContain("\tat ");
        assertThat(Files.readAllBytes(item)).isEqualTo(before);
    }

    @Test
    void aMistypedPasswordChangesNothingEvenWhenForcedAndLogoutStillWorks() throws Exception {
        host.env("ATMOS_KEYRING_TYPE", "file").env("ATMOS_KEYRING_PASSWORD", "a long enough password");
        assertThat(Cli.run(host.build(), "auth", "login", "-i", "plain").exitCode()).isZero();
        Path dir = host.home().resolve(".local/share/atmos/keyring");
        java.util.Map<String, byte[]> before = new java.util.TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                before.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        host.env("ATMOS_KEYRING_PASSWORD", "a long enough passwrod");
        Cli.Result forced = Cli.run(host.build(), "auth", "login", "-i", "plain", "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isEqualTo(5);
        assertThat(forced.err()).contains("wrong password for the file keyring").contains("nothing was changed").doesNotContain("passwrod");
        Cli.Result other = Cli.run(host.build(), "auth", "login", "-i", "demo/admin", "--force");
        assertThat(other.exitCode()).as(other.toString()).isEqualTo(5);
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactlyInAnyOrderElementsOf(before.keySet());
        }
        for (var e : before.entrySet()) {
            assertThat(Files.readAllBytes(dir.resolve(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue());
        }

        host.env("ATMOS_KEYRING_PASSWORD", "a long enough password");
        assertThat(Cli.run(host.build(), "auth", "whoami", "-i", "plain").exitCode()).as("the real password still opens everything").isZero();
        Cli.Result logout = Cli.run(host.build(), "auth", "logout", "--all");
        assertThat(logout.exitCode()).as(logout.toString()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()).isEmpty();
        }
    }

    @Test
    void logoutRemovesEntriesWithoutNeedingThePassword() throws Exception {
        host.env("ATMOS_KEYRING_TYPE", "file").env("ATMOS_KEYRING_PASSWORD", "a long enough password");
        assertThat(Cli.run(host.build(), "auth", "login", "-i", "plain").exitCode()).isZero();
        Cli.Result logout = Cli.run(host.env("ATMOS_KEYRING_PASSWORD", "forgotten it entirely").build(), "auth", "logout", "-i", "plain");
        assertThat(logout.exitCode()).as(logout.toString()).isZero();
        assertThat(logout.err()).contains("removed keyring entry atmos_sel_plain");
        assertThat(host.home().resolve(".local/share/atmos/keyring/atmos_sel_plain")).doesNotExist();
    }

    @Test
    void theFileKeyringWithoutAPasswordOrTerminalSaysWhatToSet() {
        Cli.Result r = Cli.run(host.env("ATMOS_KEYRING_TYPE", "file").build(), "auth", "login", "-i", "plain");
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(r.err()).contains("ATMOS_KEYRING_PASSWORD is not set");
    }

    @Test
    void theSystemKeyringIsTheRealSecretServiceAndTheGoToolsSeeTheSameItems() throws Exception {
        SecretServiceSandbox.requireBinaries();
        try (SecretServiceSandbox sandbox = SecretServiceSandbox.start(tmp.resolve("ss"))) {
            host.env("DBUS_SESSION_BUS_ADDRESS", sandbox.busAddress());
            // The real wiring: no injected keyring, so Main connects to the Secret Service on the bus.
            Cli.Result r = atmos.testing.Cli.with(host.build()).useRealSystemKeyring().run("auth", "login", "-i", "plain");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.err()).doesNotContain("system keyring unavailable");
            SecretServiceSandbox.Result lookup = sandbox.secretTool("", "lookup", "service", "atmos_sel_plain", "username", "atmos-auth");
            assertThat(lookup.out()).startsWith("{\"type\":\"mock\",\"data\":{\"AccessKeyID\":\"MOCK_KEY_plain\"");
            Cli.Result whoami = atmos.testing.Cli.with(host.build()).useRealSystemKeyring().run("auth", "whoami", "-i", "plain");
            assertThat(whoami.err()).contains("Credentials   system (Secret Service)");
        }
    }
}
