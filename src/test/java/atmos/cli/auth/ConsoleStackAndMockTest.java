package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.testing.Cli;
import atmos.testing.FakeSignin;
import atmos.testing.FakeSts;
import atmos.testing.TestHost;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atmos auth console} on the bundled example: {@code -s STACK} opens the console as the stack's
 * identity; the demo profile's mock/aws identities never send their fake keys to AWS, and an honest
 * sign-in endpoint refuses them; the aliases are in the help and completed by the shell.
 */
class ConsoleStackAndMockTest {
    @TempDir
    Path tmp;

    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp).cwd(Path.of(System.getProperty("atmos.project.dir", ".")).resolve("examples/acme").toAbsolutePath())
                .env("ATMOS_PROFILE", "demo");
    }

    private Cli.Result atmos(String... args) {
        return Cli.with(host.build()).systemKeyring(keyring).run(args);
    }

    @Test
    void theStackFlagOpensTheConsoleAsTheStacksIdentity() {
        Cli.Result r = atmos("auth", "console", "-s", "plat-ue2-dev", "--print-only", "--destination", "cloudformation");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("https://console.aws.amazon.com/cloudformation\n");
        assertThat(r.err()).contains("⚠ mock/aws identity \"plat-dev/terraform\" has fake keys, which AWS's sign-in would refuse: opening"
                + " the console page without signing in").doesNotContain("anyone who has it");
        Cli.Result prod = atmos("auth", "console", "-s", "plat-ue2-prod", "--print-only");
        assertThat(prod.err()).contains("\"plat-prod/terraform\"");
    }

    @Test
    void mockKeysSentToAnHonestSignInEndpointAreRefusedInOneError() {
        try (FakeSts sts = FakeSts.start(); FakeSignin signin = FakeSignin.start(sts)) {
            host.env("AWS_ENDPOINT_URL_SIGNIN", signin.endpoint());
            Cli.Result r = atmos("auth", "console", "-i", "demo/readonly", "--print-only");
            assertThat(r.exitCode()).isEqualTo(4);
            assertThat(r.err()).startsWith("error: the AWS sign-in endpoint (" + signin.endpoint() + ") answered HTTP 400: the credentials"
                    + " of identity \"demo/readonly\" (demo-sso → demo/admin → demo/readonly) were refused for a console sign-in\nhint: ");
            assertThat(r.err().lines()).hasSize(2);
            assertThat(signin.tokenRequests()).singleElement().satisfies(t -> assertThat(t.reason()).isEqualTo("the credentials are not valid"));
        }
    }

    @Test
    void theHelpListsTheAliasesAndTheShellCompletesThem() {
        Cli.Result help = atmos("auth", "console", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out().replaceAll("\\s+", " ")).contains("--destination=URL|ALIAS").contains("acm, apigateway, appflow")
                .contains("cloudformation, cloudfront").contains("worklink, workspaces, xray").contains("--duration=DURATION")
                .contains("--issuer=NAME").contains("--print-only").contains("--no-open").contains("--isolated[=BOOL]")
                .contains("-s, --stack=STACK");
        Cli.Result complete = atmos("completion", "__complete", "--", "auth", "console", "--destination", "cloud");
        assertThat(complete.out().lines()).containsExactly("cloud9", "cloudformation", "cloudfront", "cloudsearch", "cloudtrail", "cloudwatch");
        Cli.Result inline = atmos("completion", "__complete", "--", "auth", "console", "--destination=s");
        assertThat(inline.out().lines()).contains("--destination=s3", "--destination=sso", "--destination=sqs");
        Cli.Result commands = atmos("completion", "__complete", "--", "auth", "con");
        assertThat(commands.out().lines()).containsExactly("console");
    }
}
