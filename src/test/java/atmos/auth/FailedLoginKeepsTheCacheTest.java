package atmos.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.Cli;
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
 * A login that fails changes nothing: the keyring is opened and unlocked before the first call to
 * AWS, and nothing (keyring entries, AWS files) is written until every step of the chain succeeded.
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

    /** Every file under the home directory (AWS files, keyring items, locks), byte for byte. */
    private Map<String, String> everything() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(host.home())) {
            for (Path p : all.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".lock")).toList()) {
                out.put(host.home().relativize(p).toString(), Files.readString(p));
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
}
