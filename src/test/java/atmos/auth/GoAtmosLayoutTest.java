package atmos.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.config.ConfigLoader;
import atmos.keyring.MemoryKeyring;
import atmos.testing.Cli;
import atmos.testing.FakeSts;
import atmos.testing.RecordingProcessRunner;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Switching between the Go Atmos and this tool on one laptop: with no realm configured both use the
 * same keyring keys ({@code atmos_<name>}, pkg/auth/realm/realm.go: source "auto", empty value) and the
 * same AWS files ({@code ~/.config/atmos/aws/<provider>/}); entries an earlier atmos-java stored under a
 * realm hashed from the config directory are found and moved once.
 */
class GoAtmosLayoutTest {
    @TempDir
    Path tmp;

    FakeSts sts;
    FakeSts.AccessKey key;
    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();
    RecordingProcessRunner processes = new RecordingProcessRunner(0);

    @BeforeEach
    void setUp() {
        sts = FakeSts.start();
        FakeSts.User user = sts.addUser("111111111111", "breakglass");
        key = sts.createAccessKey(user);
        sts.role("arn:aws:iam::999999999999:role/Admin").trust(user).create();
        host = new TestHost(tmp).clock(sts.clock()).env("AWS_ENDPOINT_URL_STS", sts.endpoint());
        host.write("atmos.yaml", """
                auth:
                  providers:
                    demo: {kind: mock/aws, region: us-east-1}
                  identities:
                    breakglass:
                      kind: aws/user
                      credentials: {region: us-east-1}
                    admin:
                      kind: aws/assume-role
                      via: {identity: breakglass}
                      principal: {assume_role: "arn:aws:iam::999999999999:role/Admin"}
                    mocked: {kind: mock/aws, via: {provider: demo}}
                """);
    }

    @AfterEach
    void tearDown() {
        sts.close();
    }

    private Cli.Result atmos(String... args) {
        return Cli.with(host.build()).systemKeyring(keyring).processes(processes).run(args);
    }

    private String goUserKeys() {
        // What the Go Atmos's `auth user configure` stores (pkg/auth/credentials: {type, data} envelope).
        return "{\"type\":\"aws\",\"data\":{\"access_key_id\":\"" + key.accessKeyId() + "\",\"secret_access_key\":\""
                + key.secretAccessKey() + "\"}}";
    }

    @Test
    void keys_the_go_atmos_stored_without_a_realm_are_used_as_they_are() throws Exception {
        keyring.set("atmos_breakglass", goUserKeys());
        Cli.Result r = atmos("auth", "login", "-i", "admin");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(sts.successCount("AssumeRole")).isEqualTo(1);
        assertThat(keyring.keys()).contains("atmos_breakglass", "atmos_admin");
        assertThat(keyring.keys()).noneMatch(k -> k.matches("atmos_[0-9a-f]{16}_.*"));
        Path files = host.home().resolve(".config/atmos/aws/aws-user/credentials");
        assertThat(files).as("the Go Atmos's layout: no realm directory").exists();
        assertThat(Files.readString(files)).contains("[admin]");
        Cli.Result whoami = atmos("auth", "whoami", "-i", "admin", "-o", "json");
        assertThat(whoami.out()).doesNotContain("\"realm\"");
        assertThat(whoami.err()).doesNotContain("Realm");
    }

    @Test
    void aws_files_the_go_atmos_wrote_are_read_by_every_command() throws Exception {
        Path dir = Files.createDirectories(host.home().resolve(".config/atmos/aws/demo"));
        Files.setPosixFilePermissions(host.home().resolve(".config/atmos"), PosixFilePermissions.fromString("rwx------"));
        Files.writeString(dir.resolve("credentials"), """
                ; atmos: expiration=2099-01-01T00:00:00Z
                [mocked]
                aws_access_key_id     = ASIAFROMGOATMOS
                aws_secret_access_key = secret
                aws_session_token     = token
                """);
        Files.writeString(dir.resolve("config"), "[profile mocked]\nregion = us-east-1\n");
        for (Path p : new Path[] {dir, dir.resolve("credentials"), dir.resolve("config")}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
        }
        assertThat(atmos("auth", "login", "-i", "mocked").err()).contains("Already logged in as mocked");
        assertThat(atmos("auth", "env", "-i", "mocked", "-f", "json").out()).contains("\"AWS_ACCESS_KEY_ID\": \"ASIAFROMGOATMOS\"")
                .contains("\"AWS_SHARED_CREDENTIALS_FILE\": \"" + dir.resolve("credentials") + "\"");
        assertThat(atmos("auth", "exec", "-i", "mocked", "--", "true").exitCode()).isZero();
        assertThat(processes.last().env()).containsEntry("AWS_PROFILE", "mocked")
                .containsEntry("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("credentials").toString());
        assertThat(atmos("auth", "list", "-f", "json").out()).contains("mocked");
        Cli.Result logout = atmos("auth", "logout", "-i", "mocked");
        assertThat(logout.exitCode()).as(logout.toString()).isZero();
        assertThat(Files.exists(dir.resolve("credentials")) ? Files.readString(dir.resolve("credentials")) : "").doesNotContain("[mocked]");
    }

    @Test
    void entries_an_earlier_atmos_java_kept_under_the_hashed_realm_are_found_and_moved_once() throws Exception {
        String old = ConfigLoader.hashRealm(host.cwd());
        keyring.set("atmos_" + old + "_breakglass", goUserKeys());
        keyring.set("atmos_" + old + "_other", "{\"type\":\"aws\",\"data\":{\"access_key_id\":\"AKIAOTHER\",\"secret_access_key\":\"x\"}}");
        Files.createDirectories(host.home().resolve(".config/atmos/" + old + "/aws/breakglass"));

        Cli.Result verbose = atmos("auth", "validate", "--verbose");
        assertThat(verbose.err()).contains("realm: none").contains("old realm files: " + host.home().resolve(".config/atmos/" + old))
                .contains("rm -rf").contains("old realm keyring entries: 2");

        Cli.Result r = atmos("auth", "login", "-i", "admin");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(keyring.keys()).contains("atmos_breakglass", "atmos_other", "atmos_admin")
                .noneMatch(k -> k.startsWith("atmos_" + old));
        assertThat(keyring.get("atmos_breakglass")).contains(goUserKeys());
        assertThat(atmos("auth", "validate", "--verbose").err()).doesNotContain("old realm keyring entries");
    }

    @Test
    void logout_also_removes_an_entry_left_under_the_old_key() {
        String old = ConfigLoader.hashRealm(host.cwd());
        keyring.set("atmos_" + old + "_admin", "{\"type\":\"aws\",\"data\":{\"access_key_id\":\"ASIA1\",\"secret_access_key\":\"s\","
                + "\"session_token\":\"t\",\"expiration\":\"2099-01-01T00:00:00Z\"}}");
        Cli.Result r = atmos("auth", "logout", "-i", "admin");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(keyring.keys()).isEmpty();
    }
}
