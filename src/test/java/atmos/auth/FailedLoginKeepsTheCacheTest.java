package atmos.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.Cli;
import atmos.testing.FakeAwsSso;
import atmos.testing.FakeSts;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 2, nothing lost on failure: a login that fails changes nothing. The keyring is opened and
 * unlocked before the first call to AWS, and nothing (keyring entries, AWS files) is written until
 * every step of the chain succeeded. Each failure people meet is tried after a good login — a wrong
 * keyring password, a role that refuses, a wrong MFA code, a network error, the server dying in the
 * middle of a device flow, Ctrl-C during a device flow, a locked keyring, a full disk — and every file
 * under the home directory (and every keyring entry) must be byte for byte what it was.
 */
class FailedLoginKeepsTheCacheTest {
    @TempDir
    Path tmp;

    FakeSts sts;
    FakeSts.AccessKey key;
    FakeSts.MfaDevice mfa;
    TestHost host;

    @BeforeEach
    void setUp() {
        sts = FakeSts.start();
        FakeSts.User user = sts.addUser("111111111111", "superadmin");
        key = sts.createAccessKey(user);
        mfa = sts.enableVirtualMfa(user);
        sts.role("arn:aws:iam::999999999999:role/Admin").trust(user).create();
        sts.role("arn:aws:iam::999999999999:role/NotForYou").trust("arn:aws:iam::222222222222:root").create();
        host = new TestHost(tmp).clock(sts.clock()).env("AWS_ENDPOINT_URL_STS", sts.endpoint())
                .env("ATMOS_KEYRING_TYPE", "file").env("ATMOS_KEYRING_PASSWORD", "correct horse battery staple");
        host.write("atmos.yaml", """
                auth:
                  realm: keep
                  identities:
                    superadmin:
                      kind: aws/user
                      credentials: {region: us-east-1, mfa_arn: %s}
                    prod-admin:
                      kind: aws/assume-role
                      via: {identity: superadmin}
                      principal: {assume_role: "arn:aws:iam::999999999999:role/Admin"}
                    denied:
                      kind: aws/assume-role
                      via: {identity: superadmin}
                      principal: {assume_role: "arn:aws:iam::999999999999:role/NotForYou"}
                """.formatted(mfa.serialNumber()));
    }

    @AfterEach
    void tearDown() {
        sts.close();
    }

    private Cli.Result atmos(String stdin, String... args) {
        return Cli.with(host.build()).stdin(stdin).run(args);
    }

    private String code(int stepsAhead) {
        return mfa.codeAt(sts.now().plusSeconds(30L * stepsAhead));
    }

    /** Every file under the home directory (AWS files, keyring items; not the empty lock files), byte for byte (by SHA-256). */
    private Map<String, String> everything() throws Exception {
        return everything(host.home());
    }

    static Map<String, String> everything(Path home) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(home)) {
            for (Path p : all.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".lock")).toList()) {
                // A digest, not the bytes: a failing comparison names the file without printing the credentials in it.
                out.put(home.relativize(p).toString(), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }

    private void loggedIn() {
        Cli.Result configured = atmos(key.accessKeyId() + "\n" + key.secretAccessKey() + "\n\n", "auth", "user", "configure", "-i", "superadmin");
        assertThat(configured.exitCode()).as(configured.toString()).isZero();
        Cli.Result login = atmos(code(0) + "\n", "auth", "login", "-i", "prod-admin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
    }

    @Test
    void a_wrong_keyring_password_fails_before_any_call_to_aws_and_changes_nothing() throws Exception {
        loggedIn();
        Map<String, String> before = everything();
        int calls = sts.calls().size();
        host.env("ATMOS_KEYRING_PASSWORD", "correct horse battery stable");
        Cli.Result r = atmos(code(1) + "\n", "auth", "login", "-i", "prod-admin", "--force");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
        assertThat(r.err()).contains("wrong password").doesNotContain("MFA code");
        assertThat(sts.calls()).as("no call reached AWS").hasSize(calls);
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void a_role_that_refuses_leaves_every_entry_and_file_as_it_was() throws Exception {
        loggedIn();
        Map<String, String> before = everything();
        Cli.Result r = atmos(code(1) + "\n", "auth", "login", "-i", "denied", "--force");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains("AccessDenied");
        assertThat(sts.successCount("GetSessionToken")).as("the first step did succeed").isEqualTo(2);
        assertThat(everything()).as("but nothing of it was stored").isEqualTo(before);
        Cli.Result still = atmos("", "auth", "whoami", "-i", "prod-admin");
        assertThat(still.exitCode()).as(still.toString()).isZero();
    }

    @Test
    void a_file_keyring_with_no_password_to_be_had_fails_before_the_sign_in_starts() throws Exception {
        try (atmos.testing.SsoWorld world = atmos.testing.SsoWorld.start(tmp.resolve("sso"), "sso", "{name: plat-dev}",
                java.time.Duration.ofHours(8))) {
            world.env.remove("ATMOS_KEYRING_PASSWORD");
            Cli.Result r = world.atmos("", "auth", "login");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
            assertThat(r.err()).contains("ATMOS_KEYRING_PASSWORD is not set").doesNotContain("To sign in");
            assertThat(world.sso.calls()).as("no sign-in was started").isEmpty();
        }
    }

    @Test
    void a_wrong_mfa_code_changes_nothing() throws Exception {
        loggedIn();
        Map<String, String> before = everything();
        Cli.Result r = atmos("000000\n", "auth", "login", "-i", "prod-admin", "--force");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains("MultiFactorAuthentication");
        assertThat(everything()).isEqualTo(before);
        assertThat(atmos("", "auth", "whoami", "-i", "prod-admin").exitCode()).isZero();
    }

    @Test
    void a_network_error_and_a_server_that_dies_mid_call_change_nothing() throws Exception {
        loggedIn();
        Map<String, String> before = everything();
        // Nothing listens on port 1; the second server reads each request and hangs up without an answer.
        try (java.net.ServerSocket dying = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!dying.isClosed()) {
                    try (java.net.Socket s = dying.accept()) {
                        s.getInputStream().read(new byte[4096]);
                    } catch (java.io.IOException e) {
                        // closed: the test is over
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            for (String endpoint : new String[] {"http://127.0.0.1:1", "http://127.0.0.1:" + dying.getLocalPort()}) {
                host.env("AWS_ENDPOINT_URL_STS", endpoint);
                Cli.Result r = atmos(code(1) + "\n", "auth", "login", "-i", "prod-admin", "--force");
                assertThat(r.exitCode()).as(endpoint + "\n" + r).isEqualTo(4);
                assertThat(r.err()).contains("cannot reach AWS STS").doesNotContain("\tat ");
                assertThat(everything()).as(endpoint).isEqualTo(before);
            }
        }
        host.env("AWS_ENDPOINT_URL_STS", sts.endpoint());
        assertThat(atmos("", "auth", "whoami", "-i", "prod-admin").exitCode()).isZero();
    }

    @Test
    void the_sso_fake_killed_in_the_middle_of_a_device_flow_changes_nothing() throws Exception {
        FakeAwsSso sso = FakeAwsSso.builder().sts(sts).clock(sts.clock()).pollInterval(java.time.Duration.ofSeconds(1)).build();
        FakeAwsSso.PortalUser alice = sso.addUser("alice");
        sso.addAccount("800000000001", "plat-dev", "dev@acme.test");
        sso.assign(alice, "800000000001", "TerraformApplyAccess");
        sso.autoApproveDevices(java.time.Duration.ZERO);
        host.env("AWS_ENDPOINT_URL_SSO_OIDC", sso.oidcEndpoint()).env("AWS_ENDPOINT_URL_SSO", sso.portalEndpoint());
        host.write("atmos.yaml", """
                auth:
                  realm: keep
                  providers:
                    acme-sso: {kind: aws/iam-identity-center, region: us-east-1, start_url: "%s"}
                  identities:
                    dev: {kind: aws/permission-set, via: {provider: acme-sso}, principal: {name: TerraformApplyAccess, account: {name: plat-dev}}}
                """.formatted(sso.startUrl()));
        assertThat(atmos("", "auth", "login", "-i", "dev").exitCode()).isZero();
        Map<String, String> before = everything();
        sso.autoApproveDevices(null);
        java.util.concurrent.CompletableFuture<Cli.Result> login = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> atmos("", "auth", "login", "--provider", "acme-sso", "--force"));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (sso.count("StartDeviceAuthorization") < 2) {
            assertThat(System.nanoTime()).as("the second device flow started").isLessThan(deadline);
            Thread.sleep(20);
        }
        sso.close(); // the server goes away while atmos polls for the approval
        Cli.Result r = login.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains("cannot reach IAM Identity Center").doesNotContain("\tat ");
        assertThat(everything()).isEqualTo(before);
        assertThat(atmos("", "auth", "whoami", "-i", "dev").exitCode()).as("the cached session still serves").isZero();
    }

    @Test
    void ctrl_c_during_a_device_flow_exits_130_and_changes_nothing() throws Exception {
        // A shell without job control starts background jobs with SIGINT ignored, and children inherit that:
        // then no process of this run can be interrupted, which is the environment's doing, not atmos's.
        String status = Files.readString(Path.of("/proc/self/status"));
        long ignored = Long.parseLong(status.replaceAll("(?s).*\\nSigIgn:\\s*([0-9a-f]+).*", "$1"), 16);
        org.junit.jupiter.api.Assumptions.assumeTrue((ignored & 0x2) == 0, "SIGINT is ignored in this test run (started in the background)");
        try (atmos.testing.SsoWorld world = atmos.testing.SsoWorld.start(tmp.resolve("sso"), "sso", "{name: plat-dev}",
                java.time.Duration.ofHours(8))) {
            world.sso.autoApproveDevices(java.time.Duration.ZERO);
            assertThat(world.atmos("", "auth", "login").exitCode()).isZero();
            Map<String, String> before = everything(world.home);
            world.sso.autoApproveDevices(null);
            Process p = atmos.testing.AtmosProcess.start(world.env, world.work,
                    atmos.testing.AtmosProcess.command("auth", "login", "--provider", "acme-sso", "--force"));
            p.getOutputStream().close();
            try {
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
                while (world.sso.count("StartDeviceAuthorization") < 2) {
                    assertThat(System.nanoTime()).as("the device flow started").isLessThan(deadline);
                    Thread.sleep(20);
                }
                // What a terminal sends on Ctrl-C.
                assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor()).isZero();
                assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isEqualTo(130);
            } finally {
                p.destroyForcibly();
            }
            assertThat(everything(world.home)).isEqualTo(before);
            assertThat(world.atmos("", "auth", "exec", "--", "true").exitCode()).isZero();
        }
    }

    @Test
    void a_locked_system_keyring_fails_before_any_call_and_changes_nothing() throws Exception {
        LockableKeyring keyring = new LockableKeyring();
        host.env("ATMOS_KEYRING_TYPE", "system");
        Cli.Result configured = Cli.with(host.build()).systemKeyring(keyring)
                .stdin(key.accessKeyId() + "\n" + key.secretAccessKey() + "\n\n").run("auth", "user", "configure", "-i", "superadmin");
        assertThat(configured.exitCode()).as(configured.toString()).isZero();
        assertThat(Cli.with(host.build()).systemKeyring(keyring).stdin(code(0) + "\n").run("auth", "login", "-i", "prod-admin").exitCode()).isZero();
        Map<String, String> entries = keyring.snapshot();
        Map<String, String> before = everything();
        int calls = sts.calls().size();
        keyring.locked = true;
        Cli.Result r = Cli.with(host.build()).systemKeyring(keyring).stdin(code(1) + "\n").run("auth", "login", "-i", "prod-admin", "--force");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
        assertThat(r.err()).contains("locked").doesNotContain("MFA code");
        assertThat(sts.calls()).as("no call reached AWS").hasSize(calls);
        assertThat(keyring.snapshot()).isEqualTo(entries);
        assertThat(everything()).isEqualTo(before);
    }

    /** A system keyring whose collection the user has locked: reads work from the cache, unlocking is refused. */
    static final class LockableKeyring implements atmos.keyring.Keyring {
        final atmos.keyring.MemoryKeyring entries = new atmos.keyring.MemoryKeyring();
        volatile boolean locked;

        Map<String, String> snapshot() {
            Map<String, String> out = new TreeMap<>();
            entries.keys().forEach(k -> out.put(k, entries.get(k).orElseThrow()));
            return out;
        }

        private void refuseWhenLocked() {
            if (locked) {
                throw new atmos.error.AtmosException(atmos.error.ExitCode.KEYRING, "the login keyring is locked and unlocking was dismissed",
                        "unlock it and run the command again");
            }
        }

        public String describe() {
            return "system (test)";
        }

        public java.util.Optional<String> get(String key) {
            return entries.get(key);
        }

        public void set(String key, String value) {
            refuseWhenLocked();
            entries.set(key, value);
        }

        public void remove(String key) {
            refuseWhenLocked();
            entries.remove(key);
        }

        public java.util.List<String> keys() {
            return entries.keys();
        }

        @Override
        public void unlock() {
            refuseWhenLocked();
        }
    }

    @Test
    void a_full_disk_fails_the_login_and_changes_nothing() throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("small-disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mount.waitFor() == 0, "needs root to mount a small tmpfs as the full disk");
        try {
            TestHost small = new TestHost(disk).clock(sts.clock());
            host.build().env().forEach((k, v) -> small.env(k, k.equals("HOME") ? disk.resolve("home").toString() : v));
            small.cwd(host.cwd());
            host = small;
            loggedIn();
            Map<String, String> before = everything();
            // Fill what is left of the disk.
            try (var out = Files.newOutputStream(disk.resolve("filler"))) {
                byte[] block = new byte[4096];
                while (true) {
                    out.write(block);
                }
            } catch (java.io.IOException full) {
                // No space left on device: as intended
            }
            Cli.Result r = atmos(code(1) + "\n", "auth", "login", "-i", "prod-admin", "--force");
            assertThat(r.exitCode()).as(r.toString()).isNotZero();
            assertThat(r.err()).contains("No space left on device").contains("hint:").doesNotContain("\tat ");
            assertThat(everything()).isEqualTo(before);
            Files.delete(disk.resolve("filler"));
            assertThat(atmos("", "auth", "whoami", "-i", "prod-admin").exitCode()).as("the cache still serves").isZero();
            sts.advance(java.time.Duration.ofSeconds(90)); // past the steps of the codes already used
            Cli.Result again = atmos(code(0) + "\n", "auth", "login", "-i", "prod-admin", "--force");
            assertThat(again.exitCode()).as("with space again, a login works: " + again).isZero();
        } finally {
            new ProcessBuilder("umount", "-l", disk.toString()).start().waitFor();
        }
    }
}
