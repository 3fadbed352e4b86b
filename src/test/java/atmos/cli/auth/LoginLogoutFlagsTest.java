package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.testing.Cli;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Go Atmos's login and logout flags: {@code login --tags}, {@code logout --dry-run}, {@code --tags}, {@code --all-realms}. */
class LoginLogoutFlagsTest {
    @TempDir
    Path tmp;

    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp);
        host.write("atmos.yaml", """
                auth:
                  providers:
                    prod-sso: {kind: mock/aws, region: us-east-1, tags: [production]}
                    dev-sso: {kind: mock/aws, region: us-east-1, tags: [development]}
                  identities:
                    prod-admin: {kind: mock/aws, via: {provider: prod-sso}, tags: [production, admin]}
                    prod-read: {kind: mock/aws, via: {provider: prod-sso}, tags: [production]}
                    dev-admin: {kind: mock/aws, default: true, via: {provider: dev-sso}, tags: [development, admin]}
                """);
    }

    private Cli.Result atmos(String... args) {
        return Cli.with(host.build()).systemKeyring(keyring).run(args);
    }

    private Path files(String provider) {
        return host.home().resolve(".config/atmos/aws/" + provider + "/credentials");
    }

    @Test
    void login_tags_picks_the_one_identity_that_matches_and_names_the_choices_otherwise() {
        Cli.Result one = atmos("auth", "login", "--tags", "development");
        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(one.err()).contains("dev-admin");
        Cli.Result several = atmos("auth", "login", "--tags", "production");
        assertThat(several.exitCode()).isEqualTo(2);
        assertThat(several.err()).contains("several identities match tags [production]: prod-admin, prod-read");
        Cli.Result none = atmos("auth", "login", "--tags", "staging");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no identities match tags [staging]").contains("available tags: admin, development, production");
        assertThat(atmos("auth", "login", "--tags", "production", "-i", "prod-read").err()).contains("prod-read");
    }

    @Test
    void logout_dry_run_says_what_it_would_remove_and_removes_nothing() {
        assertThat(atmos("auth", "login", "-i", "prod-admin").exitCode()).isZero();
        int keys = keyring.keys().size();
        Cli.Result dry = atmos("auth", "logout", "--all", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.err()).contains("Dry run: nothing was removed").contains("would remove keyring entry atmos_prod-admin")
                .contains("would remove " + files("prod-sso").getParent());
        assertThat(keyring.keys()).hasSize(keys);
        assertThat(files("prod-sso")).exists();
    }

    @Test
    void logout_tags_logs_out_the_tagged_providers_and_their_identities() {
        assertThat(atmos("auth", "login", "-i", "prod-admin").exitCode()).isZero();
        assertThat(atmos("auth", "login", "-i", "dev-admin").exitCode()).isZero();
        Cli.Result r = atmos("auth", "logout", "--tags", "production");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(keyring.keys()).noneMatch(k -> k.contains("prod")).contains("atmos_dev-admin");
        assertThat(files("prod-sso")).doesNotExist();
        assertThat(files("dev-sso")).exists();
        assertThat(atmos("auth", "logout", "--tags", "production", "--all").err()).contains("--tags cannot be combined");
        assertThat(atmos("auth", "logout", "--tags", "qa").err()).contains("no providers match tags [qa]");
    }

    @Test
    void logout_all_realms_removes_every_realms_files() throws Exception {
        assertThat(atmos("auth", "login", "-i", "dev-admin").exitCode()).isZero();
        Path otherRealm = Files.createDirectories(host.home().resolve(".config/atmos/customer-a/aws/sso"));
        Files.writeString(otherRealm.resolve("credentials"), "[x]\n");
        Path unrelated = Files.createDirectories(host.home().resolve(".config/atmos/profiles"));
        Cli.Result dry = atmos("auth", "logout", "--all-realms", "--dry-run");
        assertThat(dry.err()).contains("would remove " + host.home().resolve(".config/atmos/customer-a"))
                .contains("would remove " + host.home().resolve(".config/atmos/aws"));
        assertThat(otherRealm).exists();
        Cli.Result r = atmos("auth", "logout", "--all-realms");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(host.home().resolve(".config/atmos/customer-a")).doesNotExist();
        assertThat(files("dev-sso")).doesNotExist();
        assertThat(unrelated).as("not a realm").exists();
    }
}
