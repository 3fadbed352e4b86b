package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.testing.Cli;
import atmos.testing.FakeAwsSso;
import atmos.testing.FakeSts;
import atmos.testing.RecordingProcessRunner;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Go Atmos's IAM Identity Center extras: providers for the same portal (start_url and region)
 * share one session, and {@code auto_provision_identities} turns the permission sets the user holds
 * into identities after sign-in.
 */
class SsoSharedSessionTest {
    @TempDir
    Path tmp;

    FakeSts sts;
    FakeAwsSso sso;
    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();
    RecordingProcessRunner processes = new RecordingProcessRunner(0);

    @BeforeEach
    void setUp() {
        sts = FakeSts.start();
        sso = FakeAwsSso.builder().sts(sts).pollInterval(Duration.ofSeconds(1)).build();
        FakeAwsSso.PortalUser alice = sso.addUser("alice");
        sso.addAccount("800000000001", "plat-dev", "dev@acme.test");
        sso.addAccount("800000000004", "plat-prod", "prod@acme.test");
        sso.assign(alice, "800000000001", "TerraformApplyAccess", "ReadOnlyAccess");
        sso.assign(alice, "800000000004", "TerraformPlanAccess");
        sso.autoApproveDevices(Duration.ZERO);
        host = new TestHost(tmp).clock(sso.clock())
                .env("AWS_ENDPOINT_URL_SSO_OIDC", sso.oidcEndpoint())
                .env("AWS_ENDPOINT_URL_SSO", sso.portalEndpoint())
                .env("AWS_ENDPOINT_URL_STS", sts.endpoint());
        host.write("atmos.yaml", """
                auth:
                  providers:
                    acme-sso:
                      kind: aws/iam-identity-center
                      region: us-east-1
                      start_url: %s
                      auto_provision_identities: true
                    acme-sso-ci:
                      kind: aws/iam-identity-center
                      region: us-east-1
                      start_url: %s
                  identities:
                    dev:
                      kind: aws/permission-set
                      default: true
                      via: {provider: acme-sso}
                      principal: {name: TerraformApplyAccess, account: {name: plat-dev}}
                    prod-ci:
                      kind: aws/permission-set
                      via: {provider: acme-sso-ci}
                      principal: {name: TerraformPlanAccess, account: {name: plat-prod}}
                """.formatted(sso.startUrl(), sso.startUrl()));
    }

    @AfterEach
    void tearDown() {
        sso.close();
        sts.close();
        software.amazon.awssdk.core.SdkGlobalTime.setGlobalTimeOffset(0);
    }

    private Cli.Result atmos(String... args) {
        return Cli.with(host.build()).systemKeyring(keyring).processes(processes).run(args);
    }

    @Test
    void two_providers_for_the_same_portal_sign_in_once() {
        assertThat(atmos("auth", "login", "-i", "dev").exitCode()).isZero();
        Cli.Result other = atmos("auth", "login", "-i", "prod-ci");
        assertThat(other.exitCode()).as(other.toString()).isZero();
        assertThat(sso.count("StartDeviceAuthorization")).as("one sign-in for both providers").isEqualTo(1);
        assertThat(sso.successCount("GetRoleCredentials")).isEqualTo(2);
        assertThat(atmos("auth", "login", "--provider", "acme-sso-ci").err()).contains("Already logged in to provider acme-sso-ci");
        assertThat(sso.count("StartDeviceAuthorization")).isEqualTo(1);
    }

    @Test
    void auto_provisioned_permission_sets_become_identities_after_sign_in() throws Exception {
        Cli.Result login = atmos("auth", "login", "--provider", "acme-sso");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        Path file = host.home().resolve(".cache/atmos/auth/acme-sso/provisioned-identities.yaml");
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String text = Files.readString(file);
        assertThat(text).contains("plat-dev/ReadOnlyAccess:").contains("plat-dev/TerraformApplyAccess:").contains("plat-prod/TerraformPlanAccess:")
                .contains("kind: aws/permission-set").doesNotContain("accessToken").doesNotContain("aoa");

        Cli.Result list = atmos("auth", "list", "--identities", "-f", "json");
        assertThat(list.out()).contains("plat-dev/ReadOnlyAccess").contains("plat-prod/TerraformPlanAccess").contains("\"dev\"");
        Cli.Result use = atmos("auth", "exec", "-i", "plat-dev/ReadOnlyAccess", "--", "aws", "s3", "ls");
        assertThat(use.exitCode()).as(use.toString()).isZero();
        assertThat(processes.last().env()).containsEntry("AWS_PROFILE", "plat-dev/readonlyaccess"); // keys are lowercased, as Viper does
        assertThat(sso.count("StartDeviceAuthorization")).isEqualTo(1);
    }

    @Test
    void what_atmos_yaml_says_wins_over_a_provisioned_identity_and_a_planted_file_is_not_used() throws Exception {
        Path file = Files.createDirectories(host.home().resolve(".cache/atmos/auth/acme-sso")).resolve("provisioned-identities.yaml");
        Files.writeString(file, """
                auth:
                  identities:
                    dev:
                      kind: aws/permission-set
                      via: {provider: acme-sso}
                      principal: {name: ReadOnlyAccess, account: {name: plat-dev}}
                    extra/Role:
                      kind: aws/permission-set
                      via: {provider: acme-sso}
                      principal: {name: Role, account: {name: plat-dev}}
                """);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        String json = atmos("auth", "list", "--identities", "-f", "json").out();
        assertThat(json).contains("extra/Role").contains("TerraformApplyAccess");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(atmos("auth", "list", "--identities", "-f", "json").out()).as("others could have written it").doesNotContain("extra/Role");
    }
}
