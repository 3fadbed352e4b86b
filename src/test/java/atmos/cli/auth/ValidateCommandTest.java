package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.Cli;
import atmos.testing.TestHost;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir
    Path tmp;

    TestHost host;

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp);
    }

    @Test
    void aValidConfigurationPrintsACheckMarkAndExits0() {
        host.write("atmos.yaml", "auth:\n  identities:\n    u: {kind: aws/user}\n");
        Cli.Result r = Cli.run(host.build(), "auth", "validate");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEqualTo("✓ Authentication configuration is valid\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void everyProblemIsReportedWithFileLineFieldAndHintThenExit1() {
        host.write("atmos.yaml", """
                auth:
                  providers:
                    sso: {kind: aws/iam-identity-center, region: us-east-1}
                  identities:
                    a:
                      kind: aws/assume-role
                      via: {identity: missing}
                      principal: {assume_role: "arn:aws:iam::123456789012:role/A"}
                    b: {kind: aws/user, default: true}
                    c: {kind: aws/user, default: true}
                """);
        Cli.Result r = Cli.run(host.build(), "auth", "validate");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("""
                atmos.yaml:3: auth.providers.sso.start_url: start_url is required
                  hint: set start_url to your AWS access portal URL, e.g. https://my-org.awsapps.com/start
                atmos.yaml:7: auth.identities.a.via.identity: identity "missing" does not exist
                  hint: configured identities: a, b, c
                atmos.yaml:10: auth.identities.c.default: warning: more than one identity has default: true (b, c)
                """).endsWith("✗ Authentication configuration is invalid: 2 errors, 1 warning\n");
    }

    @Test
    void verboseAlsoPrintsFilesRealmAndEachIdentitysChain() {
        host.write("atmos.yaml", """
                auth:
                  realm: acme
                  providers:
                    sso: {kind: aws/iam-identity-center, region: us-east-1, start_url: "https://acme.awsapps.com/start"}
                  identities:
                    admin: {kind: aws/permission-set, via: {provider: sso}, principal: {name: Admin, account: {id: "123456789012"}}}
                    prod: {kind: aws/assume-role, via: {identity: admin}, principal: {assume_role: "arn:aws:iam::123456789012:role/P"}}
                """);
        Cli.Result r = Cli.run(host.build(), "auth", "validate", "--verbose");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("realm: acme (config)").contains("    prod: sso → admin → prod").contains("credential store: system (default)");
        Cli.Result byEnv = Cli.run(host.env("ATMOS_AUTH_VALIDATE_VERBOSE", "true").build(), "auth", "validate");
        assertThat(byEnv.err()).contains("    admin: sso → admin");
    }

    @Test
    void theBundledExampleIsValidOnEveryProfile() {
        Path example = Path.of(System.getProperty("atmos.project.dir", ".")).resolve("examples/acme").toAbsolutePath();
        host.cwd(example);
        for (String profile : new String[]{"", "devops", "developers", "managers", "superadmin", "github-plan", "github-apply", "demo"}) {
            Cli.Result r = profile.isEmpty() ? Cli.run(host.build(), "auth", "validate") : Cli.run(host.build(), "--profile", profile, "auth", "validate");
            assertThat(r.exitCode()).as(profile + ": " + r).isZero();
            assertThat(r.err()).as(profile).isEqualTo("✓ Authentication configuration is valid\n");
        }
    }
}
