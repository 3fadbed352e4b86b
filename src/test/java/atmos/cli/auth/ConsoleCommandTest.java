package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.system.Host;
import atmos.testing.Cli;
import atmos.testing.FakeAwsSso;
import atmos.testing.FakeBrowser;
import atmos.testing.FakeSignin;
import atmos.testing.FakeSts;
import atmos.testing.FollowingBrowser;
import atmos.testing.StsError;
import atmos.testing.TestHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atmos auth console} end to end in-process against honest fakes of IAM Identity Center, STS and
 * the AWS sign-in endpoint: every AWS identity kind signs in and lands on its console page, the session
 * length rules AWS applies, how the URL is printed or handed over, and one clear error for bad input.
 */
class ConsoleCommandTest {
    static final String DEV = "800000000001";
    static final String MGMT = "111111111111";
    static final Pattern SIGNIN_TOKEN = Pattern.compile("SigninToken=([^&\\s]+)");

    @TempDir
    Path tmp;

    FakeSts sts;
    FakeAwsSso sso;
    FakeSignin signin;
    FakeSts.AccessKey key;
    FakeSts.MfaDevice mfa;
    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();

    @BeforeEach
    void setUp() {
        sts = FakeSts.start();
        signin = FakeSignin.start(sts);
        sso = FakeAwsSso.builder().sts(sts).pollInterval(Duration.ofSeconds(1)).build();
        FakeAwsSso.PortalUser alice = sso.addUser("alice");
        sso.addAccount(DEV, "plat-dev", "dev@acme.test");
        sso.addAccount(MGMT, "core-root", "root@acme.test");
        sso.assign(alice, DEV, "ReadOnlyAccess");
        sso.assign(alice, MGMT, "RootAccess");
        sso.autoApproveDevices(Duration.ZERO);
        sts.role("arn:aws:iam::" + DEV + ":role/Deployer").trust(sso.ssoRoleArn(DEV, "ReadOnlyAccess")).create();
        sts.enableCentralizedRootAccess(MGMT, DEV);
        FakeSts.User superadmin = sts.addUser(MGMT, "superadmin");
        key = sts.createAccessKey(superadmin);
        mfa = sts.enableVirtualMfa(superadmin);
        sts.role("arn:aws:iam::" + DEV + ":role/OrganizationAccountAccessRole").trust(superadmin).maxSessionDuration(Duration.ofHours(4))
                .create();
        host = new TestHost(tmp).clock(sso.clock())
                .env("AWS_ENDPOINT_URL_SSO_OIDC", sso.oidcEndpoint())
                .env("AWS_ENDPOINT_URL_SSO", sso.portalEndpoint())
                .env("AWS_ENDPOINT_URL_STS", sts.endpoint())
                .env("AWS_ENDPOINT_URL_SIGNIN", signin.endpoint())
                .env("SUPERADMIN_KEY_ID", key.accessKeyId())
                .env("SUPERADMIN_SECRET", key.secretAccessKey());
        host.write("atmos.yaml", config(""));
    }

    private String config(String providerExtra) {
        return """
                auth:
                  realm: console
                  providers:
                    acme-sso:
                      kind: aws/iam-identity-center
                      region: us-east-1
                      start_url: %s
                %s
                    mocks: {kind: mock}
                  identities:
                    plat-dev/ReadOnlyAccess:
                      kind: aws/permission-set
                      default: true
                      via: {provider: acme-sso}
                      principal: {name: ReadOnlyAccess, account: {name: plat-dev}}
                    plat-dev/deployer:
                      kind: aws/assume-role
                      via: {identity: plat-dev/ReadOnlyAccess}
                      principal: {assume_role: "arn:aws:iam::%s:role/Deployer"}
                    core-root/RootAccess:
                      kind: aws/permission-set
                      via: {provider: acme-sso}
                      principal: {name: RootAccess, account: {id: "%s"}}
                    plat-dev/root:
                      kind: aws/assume-root
                      via: {identity: core-root/RootAccess}
                      principal:
                        target_principal: "%s"
                        task_policy_arn: arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy
                    superadmin:
                      kind: aws/user
                      credentials:
                        access_key_id: !env SUPERADMIN_KEY_ID
                        secret_access_key: !env SUPERADMIN_SECRET
                        mfa_arn: %s
                        region: us-east-1
                    plat-dev/admin:
                      kind: aws/assume-role
                      via: {identity: superadmin}
                      principal: {assume_role: "arn:aws:iam::%s:role/OrganizationAccountAccessRole"}
                    instance:
                      kind: aws/ambient
                    demo:
                      kind: mock
                      via: {provider: mocks}
                """.formatted(sso.startUrl(), providerExtra, DEV, MGMT, DEV, mfa.serialNumber(), DEV);
    }

    @AfterEach
    void tearDown() {
        sso.close();
        signin.close();
        sts.close();
        software.amazon.awssdk.core.SdkGlobalTime.setGlobalTimeOffset(0);
    }

    private Cli cli(atmos.system.Browser browser) {
        return Cli.with(host.build()).systemKeyring(keyring).browser(browser);
    }

    private static String token(String text) {
        Matcher m = SIGNIN_TOKEN.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static void assertNoSignInUrl(Cli.Result r) {
        assertThat(r.all()).doesNotContain("SigninToken").doesNotContain("Action=login");
    }

    // ------------------------------------------------------------------ every identity kind

    @Test
    void aPermissionSetLogsInIfNeededThenOpensItsConsoleThroughTheOneTimeLoopbackAddress() {
        FollowingBrowser browser = FollowingBrowser.plain();
        FakeBrowser approvals = FakeBrowser.recording();
        assertThat(cli(approvals).run("auth", "login", "-i", "plat-dev/ReadOnlyAccess").exitCode()).isZero();

        Cli.Result r = cli(browser).run("auth", "console", "--identity", "plat-dev/ReadOnlyAccess", "--destination", signin.consolePage("s3"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(browser.opened()).singleElement().satisfies(o -> {
            assertThat(o.url().toString()).matches("http://127\\.0\\.0\\.1:\\d+/[A-Za-z0-9_-]{43}");
            assertThat(o.profile()).isNull();
        });
        FollowingBrowser.Landing landed = browser.landing(0);
        assertThat(landed.url()).hasToString(signin.consolePage("s3"));
        assertThat(landed.status()).isEqualTo(200);
        assertThat(landed.body()).contains("arn:aws:sts::" + DEV + ":assumed-role/" + sso.ssoRoleName(DEV, "ReadOnlyAccess") + "/alice");
        assertThat(r.err()).contains("✓ Console URL generated").containsPattern("Provider\\s+acme-sso")
                .containsPattern("Identity\\s+plat-dev/ReadOnlyAccess").containsPattern("Session Duration\\s+1h")
                .containsPattern("Session Expires\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC")
                .contains("✓ Opened the console in your browser");
        assertThat(r.out()).isEmpty();
        assertNoSignInUrl(r);
        assertThat(signin.tokenRequests()).singleElement().satisfies(t -> assertThat(t.sessionDuration()).isEqualTo("3600"));
        assertThat(signin.signIns()).singleElement().satisfies(s -> assertThat(s.issuer()).isEqualTo("atmos"));
    }

    @Test
    void withNoSessionTheConsoleLogsInFirst() {
        FakeBrowser both = new FakeBrowser(u -> { });
        FollowingBrowser following = FollowingBrowser.plain();
        atmos.system.Browser browser = new atmos.system.Browser() {
            public boolean available() {
                return true;
            }

            public boolean open(URI url) {
                return url.getHost().equals("127.0.0.1") && url.getPath().length() > 40 ? following.open(url) : both.open(url);
            }
        };
        Cli.Result r = cli(browser).run("auth", "console", "--destination", signin.consolePage("home"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("confirm the code").contains("✓ Opened the console in your browser");
        assertThat(following.landing(0).body()).contains("AWSReservedSSO_ReadOnlyAccess_");
        assertThat(sso.successCount("GetRoleCredentials")).isEqualTo(1);
    }

    @Test
    void theProvidersConsoleSessionDurationIsTheDefaultAndTheFlagWins() {
        host.write("atmos.yaml", config("      console: {session_duration: 4h}"));
        cli(FakeBrowser.recording()).run("auth", "login");
        assertThat(cli(FollowingBrowser.plain()).run("auth", "console", "--print-only").exitCode()).isZero();
        Cli.Result flag = cli(FollowingBrowser.plain()).run("auth", "console", "--print-only", "--duration", "90m");
        assertThat(flag.exitCode()).isZero();
        assertThat(signin.tokenRequests()).extracting(FakeSignin.TokenRequest::sessionDuration).containsExactly("14400", "5400");
    }

    @Test
    void aChainedRoleSignsInWithoutSessionDurationAndSaysWhenItsConsoleEnds() {
        cli(FakeBrowser.recording()).run("auth", "login", "-i", "plat-dev/deployer");
        FollowingBrowser browser = FollowingBrowser.plain();
        Cli.Result r = cli(browser).run("auth", "console", "-i", "plat-dev/deployer", "--duration", "4h", "--destination", signin.consolePage("ec2"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(browser.landing(0).body()).contains("arn:aws:sts::" + DEV + ":assumed-role/Deployer/");
        assertThat(signin.tokenRequests()).singleElement().satisfies(t -> {
            assertThat(t.status()).isEqualTo(200);
            assertThat(t.sessionDuration()).isNull();
        });
        assertThat(r.err()).containsPattern("Session Duration\\s+up to \\d+m \\d+s \\(until the credentials expire\\)")
                .containsPattern("⚠ The console session cannot be set to 4h \\(--duration\\) for plat-dev/deployer: AWS does not let a role"
                        + " assumed from another role's session \\(role chaining\\) choose its console session length; it ends when they"
                        + " expire, at \\d\\d:\\d\\d UTC");
    }

    @Test
    void anIamUserSignsInAsAFederatedUserWithItsKeysAndNoMfaPrompt() {
        FollowingBrowser browser = FollowingBrowser.plain();
        Cli.Result r = cli(browser).run("auth", "console", "-i", "superadmin", "--duration", "2h", "--destination", signin.consolePage("iam"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).doesNotContain("MFA code");
        assertThat(browser.landing(0).body()).contains("arn:aws:sts::" + MGMT + ":federated-user/superadmin");
        assertThat(sts.count("GetSessionToken")).isZero();
        FakeSts.Call call = sts.calls("GetFederationToken").get(0);
        assertThat(call.parameters()).containsEntry("Name", "superadmin").containsEntry("DurationSeconds", "7200")
                .containsEntry("Policy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
        assertThat(signin.tokenRequests()).singleElement().satisfies(t -> assertThat(t.sessionDuration()).isNull());
        assertThat(r.err()).containsPattern("Session Duration\\s+2h");
        assertThat(r.all()).doesNotContain(key.secretAccessKey());
    }

    @Test
    void aRoleAssumedFromAnIamUserAsksForItsSessionLength() {
        Cli.Result r = cli(FollowingBrowser.plain()).stdin(mfa.codeAt(sts.now()) + "\n")
                .run("auth", "console", "-i", "plat-dev/admin", "--duration", "3h", "--print-only");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("MFA code for " + mfa.serialNumber());
        assertThat(signin.tokenRequests()).singleElement().satisfies(t -> assertThat(t.sessionDuration()).isEqualTo("10800"));
    }

    @Test
    void aRootSessionSignsInForItsFifteenMinutesAtMost() {
        FollowingBrowser browser = FollowingBrowser.plain();
        Cli.Result r = cli(FakeBrowser.recording()).run("auth", "login", "-i", "plat-dev/root");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Cli.Result c = cli(browser).run("auth", "console", "-i", "plat-dev/root", "--destination", signin.consolePage("s3"));
        assertThat(c.exitCode()).as(c.toString()).isZero();
        assertThat(browser.landing(0).body()).contains("arn:aws:iam::" + DEV + ":root");
        assertThat(signin.tokenRequests()).singleElement().satisfies(t -> assertThat(t.sessionDuration()).isNull());
        assertThat(c.err()).containsPattern("Session Duration\\s+up to 1[0-5]m").doesNotContain("cannot be set");
    }

    // ------------------------------------------------------------------ how the URL leaves atmos

    @Test
    void printOnlyWritesTheUrlAloneToStdoutWarnsOnStderrAndOpensNothing() throws Exception {
        cli(FakeBrowser.recording()).run("auth", "login");
        FollowingBrowser browser = FollowingBrowser.plain();
        Cli.Result r = cli(browser).run("auth", "console", "--print-only", "--destination", signin.consolePage("lambda"), "--issuer", "platform");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).matches("http://127\\.0\\.0\\.1:\\d+/federation\\?Action=login&Issuer=platform&Destination=\\S+&SigninToken=\\S+\n");
        assertThat(r.err()).contains("⚠ The URL below signs in to the console as plat-dev/ReadOnlyAccess (once, within 15 minutes):"
                + " anyone who has it gets that access.").doesNotContain("SigninToken");
        assertThat(browser.opened()).isEmpty();

        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(r.out().strip())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValue(signin.consolePage("lambda"));
        assertThat(signin.signIns()).singleElement().satisfies(s -> assertThat(s.issuer()).isEqualTo("platform"));
    }

    @Test
    void noOpenShowsTheUrlOnStderrWithTheWarning() {
        cli(FakeBrowser.recording()).run("auth", "login");
        FollowingBrowser browser = FollowingBrowser.plain();
        Cli.Result r = cli(browser).run("auth", "console", "--no-open");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("anyone who has it gets that access").contains("Console URL:")
                .contains(signin.endpoint() + "/federation?Action=login&Issuer=atmos&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2F&SigninToken=");
        assertThat(browser.opened()).isEmpty();
    }

    @Test
    void withoutABrowserTheUrlIsShownOnATerminalAndRefusedElsewhere() {
        cli(FakeBrowser.recording()).run("auth", "login");
        Cli.Result noTerminal = Cli.with(host.build()).systemKeyring(keyring).run("auth", "console");
        assertThat(noTerminal.exitCode()).isEqualTo(1);
        assertThat(noTerminal.err()).contains("error: no browser could be opened here (no display and no $BROWSER); the sign-in URL is not"
                + " printed to a stderr that is not a terminal").contains("hint: use --print-only");
        assertNoSignInUrl(noTerminal);

        host.terminals(new Host.Terminals(false, false, true)).env("NO_COLOR", "1");
        Cli.Result terminal = Cli.with(host.build()).systemKeyring(keyring).run("auth", "console");
        assertThat(terminal.exitCode()).as(terminal.toString()).isZero();
        assertThat(terminal.err()).contains("⚠ No browser could be opened here (no display and no $BROWSER): open the URL yourself.")
                .contains("SigninToken=");

        host.env("CI", "true");
        Cli.Result ci = cli(FollowingBrowser.plain()).run("auth", "console");
        assertThat(ci.err()).contains("Not opening a browser in CI: open the URL yourself.");
    }

    @Test
    void theTokenNeverReachesTheLogEvenAtDebugLevel() {
        cli(FakeBrowser.recording()).run("auth", "login");
        Cli.Result r = cli(FollowingBrowser.plain()).run("auth", "console", "--print-only", "--logs-level", "Debug");
        assertThat(r.exitCode()).isZero();
        String t = token(r.out());
        assertThat(t).isNotNull();
        assertThat(r.err()).contains("requesting a console sign-in token").doesNotContain(t.substring(0, 20));
    }

    @Test
    void isolatedProfilesArePrivateAndOnePerIdentity() throws Exception {
        cli(FakeBrowser.recording()).run("auth", "login", "-i", "plat-dev/deployer");
        FollowingBrowser chromium = FollowingBrowser.chromium();
        assertThat(cli(chromium).run("auth", "console", "--isolated", "--destination", signin.consolePage("a")).exitCode()).isZero();
        assertThat(cli(chromium).run("auth", "console", "--isolated", "-i", "plat-dev/deployer", "--destination", signin.consolePage("b"))
                .exitCode()).isZero();
        host.write("atmos.yaml", config("").replace("  realm: console\n", "  realm: console\n  console: {isolated: true}\n"));
        assertThat(cli(chromium).run("auth", "console", "-i", "plat-dev/ReadOnlyAccess", "--destination", signin.consolePage("c"))
                .exitCode()).isZero();
        assertThat(cli(chromium).run("auth", "console", "-i", "plat-dev/ReadOnlyAccess", "--isolated=false", "--destination",
                signin.consolePage("d")).exitCode()).isZero();

        List<FollowingBrowser.Opened> opened = chromium.opened();
        assertThat(opened).hasSize(4);
        Path first = opened.get(0).profile();
        Path second = opened.get(1).profile();
        assertThat(first).isNotNull().isNotEqualTo(second).startsWith(tmp.resolve("home/.cache/atmos/console/sessions"));
        assertThat(opened.get(2).profile()).as("auth.console.isolated, same identity, same profile").isEqualTo(first);
        assertThat(opened.get(3).profile()).as("--isolated=false").isNull();
        for (Path p : List.of(first, second)) {
            assertThat(java.nio.file.Files.getPosixFilePermissions(p)).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
        assertThat(chromium.landing(0).body()).contains("AWSReservedSSO_ReadOnlyAccess_");
        assertThat(chromium.landing(1).body()).contains("assumed-role/Deployer/");
    }

    @Test
    void isolatedWithoutChromeFallsBackToTheDefaultBrowserAndSaysSo() {
        cli(FakeBrowser.recording()).run("auth", "login");
        FollowingBrowser plain = FollowingBrowser.plain();
        Cli.Result r = cli(plain).run("auth", "console", "--isolated");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("⚠ --isolated needs Google Chrome or Chromium, and neither was found: opening the default browser instead");
        assertThat(plain.opened()).singleElement().satisfies(o -> assertThat(o.profile()).isNull());
    }

    @Test
    void aBrowserThatNeverLoadsTheLinkIsReportedWithoutPrintingIt() {
        cli(FakeBrowser.recording()).run("auth", "login");
        host.env("ATMOS_AUTH_CONSOLE_TIMEOUT", "1s");
        FakeBrowser idle = FakeBrowser.recording();
        Cli.Result r = cli(idle).run("auth", "console");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("error: the browser did not load the sign-in link within 1s; the sign-in URL is not printed");
        assertNoSignInUrl(r);
        assertThat(idle.opened()).singleElement().satisfies(u -> assertThat(u.getHost()).isEqualTo("127.0.0.1"));

        host.env("ATMOS_AUTH_CONSOLE_TIMEOUT", "later");
        Cli.Result bad = cli(idle).run("auth", "console");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: ATMOS_AUTH_CONSOLE_TIMEOUT is not a duration");
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void anUnknownDestinationNamesCloseAliasesBeforeAnyLogin() {
        Cli.Result r = cli(FollowingBrowser.plain()).run("auth", "console", "--destination", "cloudwatc");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: unknown console destination \"cloudwatc\" (did you mean cloudwatch?)\n"
                + "hint: use a service alias such as s3, ec2, lambda or cloudformation ('atmos auth console --help' lists all 117), or a"
                + " full https:// console URL\n");
        assertThat(sso.count("StartDeviceAuthorization")).isZero();
        assertThat(signin.tokenRequests()).isEmpty();
    }

    @Test
    void aDurationOutsideFifteenMinutesToTwelveHoursIsRefusedWhereItWasGiven() {
        Cli.Result flag = cli(FollowingBrowser.plain()).run("auth", "console", "--duration", "13h");
        assertThat(flag.exitCode()).isEqualTo(2);
        assertThat(flag.err()).isEqualTo("error: console session duration 13h (--duration) is outside the 15m to 12h AWS allows\n"
                + "hint: use --duration between 15m and 12h, e.g. --duration 4h\n");
        assertThat(cli(FollowingBrowser.plain()).run("auth", "console", "--duration", "10m").exitCode()).isEqualTo(2);
        Cli.Result text = cli(FollowingBrowser.plain()).run("auth", "console", "--duration", "soon");
        assertThat(text.exitCode()).isEqualTo(2);
        assertThat(text.err()).startsWith("error: invalid --duration \"soon\"");

        host.write("atmos.yaml", config("      console: {session_duration: 10m}"));
        Cli.Result config = cli(FollowingBrowser.plain()).run("auth", "console");
        assertThat(config.exitCode()).isEqualTo(3);
        assertThat(config.err()).isEqualTo("error: console session duration 10m (console.session_duration of provider acme-sso (atmos.yaml:8))"
                + " is outside the 15m to 12h AWS allows\nhint: set console.session_duration between 15m and 12h, or pass --duration\n");
        assertThat(sso.count("StartDeviceAuthorization")).isZero();
    }

    @Test
    void identitiesThatCannotSignInSayWhyInOneErrorAndKeepWhatIsCached() {
        cli(FakeBrowser.recording()).run("auth", "login");
        List<String> cached = List.copyOf(keyring.keys());

        Cli.Result ambient = cli(FollowingBrowser.plain()).run("auth", "console", "-i", "instance");
        assertThat(ambient.exitCode()).isEqualTo(4);
        assertThat(ambient.err()).startsWith("error: identity \"instance\" (aws/ambient) uses the credentials of its environment")
                .contains("\nhint: open the console as an identity atmos authenticates").doesNotContain("\tat ");

        Cli.Result mock = cli(FollowingBrowser.plain()).run("auth", "console", "-i", "demo");
        assertThat(mock.exitCode()).isEqualTo(2);
        assertThat(mock.err()).isEqualTo("error: identity \"demo\" (mock) has no web console to open\nhint: atmos auth console opens the AWS"
                + " console as an AWS identity (aws/permission-set, aws/assume-role, aws/assume-root, aws/user); choose one with --identity\n");

        sts.failNext("GetFederationToken", 1, new StsError(403, "AccessDenied", "User: arn:aws:iam::" + MGMT
                + ":user/superadmin is not authorized to perform: sts:GetFederationToken"));
        Cli.Result user = cli(FollowingBrowser.plain()).run("auth", "console", "-i", "superadmin");
        assertThat(user.exitCode()).isEqualTo(4);
        assertThat(user.err()).startsWith("error: IAM user of identity \"superadmin\" may not get a federation token for the console:")
                .contains("hint: the console sign-in of an IAM user needs sts:GetFederationToken").doesNotContain("\tat ");
        assertThat(user.err().lines()).hasSize(2);

        Cli.Result disabled = cli(FollowingBrowser.plain()).run("auth", "console", "-i", "false");
        assertThat(disabled.exitCode()).isEqualTo(2);
        assertThat(disabled.err()).startsWith("error: authentication is disabled");

        assertThat(keyring.keys()).containsExactlyInAnyOrderElementsOf(cached);
        assertThat(cli(FollowingBrowser.plain()).run("auth", "whoami").exitCode()).as("the session is still cached").isZero();
    }

    @Test
    void aSessionTheSignInEndpointRefusesIsOneAuthError() {
        host.env("AWS_ENDPOINT_URL_SIGNIN", "http://127.0.0.1:" + sso.oidcEndpoint().replaceAll(".*:(\\d+).*", "$1"));
        cli(FakeBrowser.recording()).run("auth", "login");
        Cli.Result r = cli(FollowingBrowser.plain()).run("auth", "console", "--print-only");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).startsWith("error: the AWS sign-in endpoint (http://127.0.0.1:").contains("answered HTTP")
                .contains("the credentials of identity \"plat-dev/ReadOnlyAccess\" (acme-sso → plat-dev/ReadOnlyAccess) were refused")
                .contains("hint: ");
        assertThat(r.out()).isEmpty();
    }
}
