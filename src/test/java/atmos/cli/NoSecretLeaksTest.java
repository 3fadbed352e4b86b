package atmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.exec.SystemProcessRunner;
import atmos.testing.AzureWorld;
import atmos.testing.Cli;
import atmos.testing.EntraConsentBrowser;
import atmos.testing.FakeAwsSso;
import atmos.testing.FakeAzure;
import atmos.testing.FakeBrowser;
import atmos.testing.FakeGithubOidc;
import atmos.testing.FakeSamlIdp;
import atmos.testing.FakeSignin;
import atmos.testing.FakeSts;
import atmos.testing.IssuedSecret;
import atmos.testing.ScriptedPrompter;
import atmos.testing.TestHost;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 1, no secret leaks: every flow the tool has, driven end to end against the fakes with
 * debug logging, a log file and the audit trail — an IAM user with MFA and a chain of roles, IAM
 * Identity Center's device flow, GitHub Actions OIDC, SAML (Okta, password remembered), the mock kinds,
 * {@code auth} login/whoami/list/validate/env/exec/shell/console/logout, {@code aws credential-process}
 * and the credential server of {@code auth exec --server} (its token included), Terraform (a recording stand-in)
 * and a workflow; and Microsoft Entra's device code, interactive (authorization code + PKCE), refresh
 * (and an expired refresh token) and OIDC (GitHub Actions and a token file) flows with
 * {@code azure/subscription} — then every secret the fakes issued or the user typed (keys, session
 * tokens, SSO access and refresh tokens, client secrets, device codes, OIDC request and ID tokens, SAML
 * responses, IdP passwords and session tokens, MFA codes, console sign-in tokens and session cookies,
 * Entra access, refresh and ID tokens, device and authorization codes, client assertions, the keyring
 * password), as is, in base64 and URL-encoded, is looked for in: stdout and stderr of every command, the
 * log file, every file under the home directory, and the command line and environment of every child
 * process (which record their own {@code /proc/self/cmdline} and {@code environ}), the browser
 * {@code auth console} starts through {@code $BROWSER} included.
 *
 * <p>Allowed only where they must be, and only the kinds that belong there: AWS session keys in
 * {@code auth env}'s stdout and output files and in the AWS credentials files tools read; the console
 * sign-in token in {@code auth console --print-only}'s stdout; Entra access tokens in the isolated
 * {@code AZURE_CONFIG_DIR}'s {@code msal_token_cache.json} and the federated token (the client assertion)
 * in its {@code service_principal_entries.json} — each file checked 0600; in a child's environment, the
 * AWS key variables and whatever the parent environment already held. Azure's {@code auth env} prints no
 * token, so its output is searched like any other. The file keyring is scanned like any other file: its
 * items are encrypted, so no secret shows there in any form. Messages name the secret's kind and where it
 * was found, never its value.
 */
class NoSecretLeaksTest {
    static final String KEYRING_PASSWORD = "keyring password for the leak test";
    static final String IDP_PASSWORD = "correct horse battery staple";
    static final String ADMIN = "arn:aws:iam::999999999999:role/Admin";
    static final String DEEP = "arn:aws:iam::999999999999:role/Deep";
    static final String SAML_ROLE = "arn:aws:iam::111111111111:role/acme-admin";
    static final String GH_ROLE = "arn:aws:iam::800000000001:role/acme-planner";

    /** What AWS tools must get: session secret keys and tokens (never a long-lived key, nor anything else). */
    static final Predicate<IssuedSecret> AWS_SESSION = s -> s.label().startsWith("STS ") && !s.label().startsWith("STS long-lived");
    static final Predicate<IssuedSecret> SIGN_IN_TOKEN = s -> s.label().equals("console sign-in token");
    static final Predicate<IssuedSecret> AZURE_ACCESS_TOKEN = s -> s.label().startsWith("Azure access token");
    static final Predicate<IssuedSecret> CLIENT_ASSERTION = s -> s.label().equals("client assertion presented to Entra")
            || s.label().equals("GitHub OIDC ID token") || s.label().equals("federated token (token file)");
    static final Predicate<IssuedSecret> NONE = s -> false;

    @TempDir
    Path tmp;

    final List<AutoCloseable> fakes = new ArrayList<>();
    FakeSts sts;
    FakeAwsSso sso;
    FakeGithubOidc github;
    FakeSamlIdp idp;
    FakeSignin signin;
    FakeSts.AccessKey key;
    FakeSts.MfaDevice mfa;
    TestHost host;
    Path records;
    Path recorder;
    Path githubEnv;
    final List<String> typed = new ArrayList<>();
    /** Where each output came from, its text, and which secrets it may carry. */
    final List<Output> outputs = new ArrayList<>();
    /** Files that must hold some secrets (checked 0600), and which. */
    final Map<Path, Predicate<IssuedSecret>> allowedFiles = new LinkedHashMap<>();

    record Output(String where, String text, Predicate<IssuedSecret> mayHold) {
    }

    @BeforeEach
    void setUp() throws Exception {
        records = Files.createDirectories(tmp.resolve("children"));
        recorder = tmp.resolve("bin/record.sh");
        Files.createDirectories(recorder.getParent());
        // Each child writes down its own command line and environment, as the kernel has them.
        Files.writeString(recorder, """
                #!/bin/sh
                n="%s/$(date +%%s%%N)-$$"
                cat /proc/$$/cmdline > "$n.cmdline"
                cat /proc/$$/environ > "$n.environ"
                exit 0
                """.formatted(records));
        Files.setPosixFilePermissions(recorder, PosixFilePermissions.fromString("rwx------"));
        githubEnv = tmp.resolve("github-env");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable f : fakes) {
            f.close();
        }
        software.amazon.awssdk.core.SdkGlobalTime.setGlobalTimeOffset(0);
    }

    private <T extends AutoCloseable> T started(T fake) {
        fakes.add(fake);
        return fake;
    }

    private void awsWorld() {
        sts = started(FakeSts.start());
        FakeSts.User user = sts.addUser("111111111111", "superadmin");
        key = sts.createAccessKey(user);
        mfa = sts.enableVirtualMfa(user);
        FakeSts.Role admin = sts.role(ADMIN).trust(user).maxSessionDuration(Duration.ofHours(4)).create();
        sts.role(DEEP).trust(admin).create();
        sso = started(FakeAwsSso.builder().sts(sts).clock(sts.clock()).pollInterval(Duration.ofSeconds(1)).build());
        FakeAwsSso.PortalUser alice = sso.addUser("alice");
        sso.addAccount("800000000001", "plat-dev", "dev@acme.test");
        sso.assign(alice, "800000000001", "TerraformApplyAccess");
        sso.autoApproveDevices(Duration.ZERO);
        github = started(FakeGithubOidc.start(sts.clock()));
        sts.addOpenIdConnectProvider("800000000001", github.issuer(), "sts.amazonaws.com");
        sts.role(GH_ROLE).trustWebIdentity(github.issuer(), "repo:acme/infrastructure:*").create();
        idp = started(FakeSamlIdp.start(sts.clock()));
        String samlProvider = sts.addSamlProvider("111111111111", "acme-idp", idp.signingKey());
        sts.role(SAML_ROLE).trustSaml(samlProvider).create();
        idp.addUser("alice@acme.test", IDP_PASSWORD, FakeSamlIdp.role(SAML_ROLE, samlProvider));
        signin = started(FakeSignin.start(sts));

        Path repo = tmp.resolve("repo");
        host = new TestHost(tmp).cwd(repo).clock(sts.clock())
                .env("AWS_ENDPOINT_URL_STS", sts.endpoint()).env("AWS_ENDPOINT_URL_SSO_OIDC", sso.oidcEndpoint())
                .env("AWS_ENDPOINT_URL_SSO", sso.portalEndpoint()).env("AWS_ENDPOINT_URL_SIGNIN", signin.endpoint())
                .env("ATMOS_KEYRING_TYPE", "file").env("ATMOS_KEYRING_PASSWORD", KEYRING_PASSWORD)
                .env("ATMOS_LOGS_LEVEL", "Debug").env("ATMOS_LOGS_FILE", tmp.resolve("home/logs/atmos.log").toString());
        host.write("atmos.yaml", """
                base_path: .
                components:
                  terraform: {base_path: components/terraform, command: %s}
                stacks:
                  base_path: stacks
                  included_paths: ["**/*"]
                  name_pattern: "{stage}"
                workflows:
                  base_path: stacks/workflows
                auth:
                  logs:
                    audit: ~/.local/state/atmos/audit.jsonl
                  providers:
                    acme-sso: {kind: aws/iam-identity-center, region: us-east-1, start_url: "%s"}
                    acme-okta: {kind: aws/saml, driver: Okta, url: "%s", region: us-east-1, idp_arn: "%s", spec: {remember_password: true}}
                    github: {kind: github/oidc, region: us-east-1, spec: {audience: sts.amazonaws.com}}
                    mocked: {kind: mock}
                  identities:
                    superadmin:
                      kind: aws/user
                      credentials: {region: us-east-1, mfa_arn: %s}
                    prod-admin:
                      kind: aws/assume-role
                      via: {identity: superadmin}
                      principal: {assume_role: "%s"}
                    prod-deep:
                      kind: aws/assume-role
                      via: {identity: prod-admin}
                      principal: {assume_role: "%s"}
                    sso-dev:
                      kind: aws/permission-set
                      via: {provider: acme-sso}
                      principal: {name: TerraformApplyAccess, account: {name: plat-dev}}
                    okta-admin:
                      kind: aws/assume-role
                      via: {provider: acme-okta}
                      principal: {assume_role: "%s"}
                    gh-plan:
                      kind: aws/assume-role
                      via: {provider: github}
                      principal: {assume_role: "%s"}
                    mock-id:
                      kind: mock
                      via: {provider: mocked}
                """.formatted(recorder, sso.startUrl(), idp.oktaAppUrl(), samlProvider, mfa.serialNumber(), ADMIN, DEEP, SAML_ROLE, GH_ROLE));
        host.write("stacks/dev.yaml", """
                vars: {stage: dev}
                auth: {identities: {prod-admin: {default: true}}}
                components: {terraform: {vpc: {vars: {cidr: 10.0.0.0/16}}}}
                """);
        host.write("components/terraform/vpc/main.tf", "variable \"cidr\" {}\n");
        host.write("stacks/workflows/deploy.yaml", """
                workflows:
                  deploy:
                    steps:
                      - {name: who, command: auth whoami -i prod-admin}
                      - {name: run, type: shell, command: %s, identity: prod-deep}
                """.formatted(recorder));
    }

    private Cli cli(String stdin) {
        return Cli.with(host.build()).stdin(stdin).processes(new SystemProcessRunner()).browser(FakeBrowser.recording());
    }

    /** Runs a command whose output must hold no secret; returns it for checks. */
    private Cli.Result atmos(String stdin, String... args) {
        return record(cli(stdin).run(args), NONE, args);
    }

    /** Records a run that must have succeeded; its stdout may hold the secrets {@code stdoutMayHold} accepts, its stderr none. */
    private Cli.Result record(Cli.Result r, Predicate<IssuedSecret> stdoutMayHold, String... args) {
        String name = String.join(" ", args);
        assertThat(r.exitCode()).as(name + "\n(exit " + r.exitCode() + ")\n" + (stdoutMayHold == NONE ? r : r.err())).isZero();
        outputs.add(new Output("stdout of '" + name + "'", r.out(), stdoutMayHold));
        outputs.add(new Output("stderr of '" + name + "'", r.err(), NONE));
        return r;
    }

    private String mfaCode() {
        sts.advance(Duration.ofSeconds(30)); // one code per 30-second step: a reused code would be refused
        String code = mfa.codeAt(sts.now());
        typed.add(code);
        return code;
    }

    @Test
    void no_secret_the_fakes_issued_or_the_user_typed_shows_up_anywhere_it_must_not() throws Exception {
        awsWorld();
        // aws/user with MFA, and a chain of two roles.
        atmos(key.accessKeyId() + "\n" + key.secretAccessKey() + "\n\n\n", "auth", "user", "configure", "-i", "superadmin");
        atmos(mfaCode() + "\n", "auth", "login", "-i", "prod-deep");
        atmos("", "auth", "whoami", "-i", "prod-deep");
        atmos("", "auth", "whoami", "-i", "prod-admin", "-o", "json");
        atmos("", "auth", "list");
        atmos("", "auth", "validate", "--verbose");
        atmos("", "auth", "exec", "-i", "prod-deep", "--", recorder.toString(), "--some-arg");
        atmos("", "auth", "shell", "-i", "prod-admin", "--shell", recorder.toString());
        // auth env: its stdout and output files are where session keys must be.
        record(cli("").run("auth", "env", "-i", "prod-deep"), AWS_SESSION, "auth", "env");
        record(cli("").run("auth", "env", "-i", "prod-deep", "-f", "json"), AWS_SESSION, "auth", "env", "-f", "json");
        Path envFile = host.home().resolve("exports/prod.env");
        record(cli("").run("auth", "env", "-i", "prod-admin", "-f", "dotenv", "-o", envFile.toString()), AWS_SESSION, "auth", "env", "-o");
        allowedFiles.put(envFile, AWS_SESSION);
        // credential_process: its stdout is the document the AWS tools read.
        record(cli("").run("aws", "credential-process", "-i", "prod-deep"), AWS_SESSION, "aws", "credential-process");
        // The credential server: the child gets only its address and token, and fetches the session from it.
        Path fetcher = tmp.resolve("bin/fetch.sh");
        Files.writeString(fetcher, """
                #!/bin/sh
                %s || exit 8
                curl -sf -H "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" "$AWS_CONTAINER_CREDENTIALS_FULL_URI" -o /dev/null || exit 9
                """.formatted(recorder));
        Files.setPosixFilePermissions(fetcher, PosixFilePermissions.fromString("rwx------"));
        atmos("", "auth", "exec", "--server", "-i", "prod-deep", "--", fetcher.toString());
        String serverToken = childVariable("AWS_CONTAINER_AUTHORIZATION_TOKEN");

        // IAM Identity Center, device flow.
        atmos("", "auth", "login", "--provider", "acme-sso");
        atmos("", "auth", "exec", "-i", "sso-dev", "--", recorder.toString());

        // SAML (Okta), the password remembered in the (encrypted) keyring.
        Cli.Result saml = Cli.with(host.build()).processes(new SystemProcessRunner())
                .prompter(new ScriptedPrompter(true, "alice@acme.test", IDP_PASSWORD)).run("auth", "exec", "-i", "okta-admin", "--", recorder.toString());
        record(saml, NONE, "auth", "exec", "-i", "okta-admin");

        // The console: the sign-in URL (its token) only on --print-only's stdout; the browser gets a one-time address.
        record(cli("").run("auth", "console", "-i", "prod-admin", "--print-only", "--destination", signin.consolePage("s3")), SIGN_IN_TOKEN,
                "auth", "console", "--print-only");
        consoleInBrowser();
        assertThat(signin.tokenRequests()).as("two console sign-in tokens issued").filteredOn(t -> t.status() == 200).hasSize(2);
        assertThat(signin.signIns()).as("the browser signed in with one").hasSize(1);

        // GitHub Actions OIDC: the job's variables for these commands only.
        TestHost plain = host;
        host = new TestHost(tmp).cwd(plain.cwd()).clock(sts.clock());
        plain.build().env().forEach(host::env);
        github.actionsEnv().forEach(host::env);
        host.env("GITHUB_ENV", githubEnv.toString());
        atmos("", "auth", "exec", "-i", "gh-plan", "--", recorder.toString());
        record(cli("").run("auth", "env", "-i", "gh-plan", "-f", "github"), AWS_SESSION, "auth", "env", "-f", "github");
        allowedFiles.put(githubEnv, AWS_SESSION);
        host = plain;

        // The mock kinds, Terraform, a workflow.
        atmos("", "auth", "login", "-i", "mock-id");
        atmos("", "auth", "exec", "-i", "mock-id", "--", recorder.toString());
        atmos("", "terraform", "plan", "vpc", "-s", "dev");
        atmos("", "workflow", "deploy", "-f", "deploy");
        atmos("", "auth", "logout", "-i", "prod-admin");

        List<IssuedSecret> secrets = new ArrayList<>();
        secrets.addAll(sts.issuedSecrets());
        secrets.addAll(sso.issuedSecrets());
        secrets.addAll(github.issuedSecrets());
        secrets.addAll(idp.issuedSecrets());
        secrets.addAll(signin.issuedSecrets());
        typed.forEach(c -> secrets.add(new IssuedSecret("typed MFA code", c)));
        secrets.add(new IssuedSecret("file keyring password", KEYRING_PASSWORD));
        secrets.add(new IssuedSecret("credential server token", serverToken));
        assertThat(secrets.stream().map(IssuedSecret::label).toList()).as("the flows really ran")
                .anyMatch(l -> l.startsWith("SSO refresh token")).anyMatch(l -> l.startsWith("SSO access token"))
                .anyMatch(l -> l.startsWith("GitHub OIDC ID token")).anyMatch(l -> l.startsWith("SAMLResponse"))
                .anyMatch(l -> l.contains("ASSUMED_ROLE session token")).anyMatch(l -> l.startsWith("typed MFA code"))
                .anyMatch(l -> l.equals("console sign-in token")).anyMatch(l -> l.equals("console session cookie"));

        List<String> found = new ArrayList<>();
        outputs.forEach(o -> found.addAll(search(secrets, o.mayHold(), o.text(), o.where())));
        List<Path> scanned = new ArrayList<>();
        found.addAll(searchHome(secrets, p -> p.getFileName().toString().equals("credentials") ? AWS_SESSION : allowedFiles.get(p), scanned));
        assertThat(scanned).as("the keyring, log and audit trail were scanned")
                .anyMatch(p -> p.toString().contains("/keyring/")).anyMatch(p -> p.endsWith("atmos.log"))
                .anyMatch(p -> p.endsWith("audit.jsonl"));
        assertThat(mode(githubEnv)).isEqualTo("rw-------");
        Map<String, String> parentEnv = host.build().env();
        int children = searchChildren(secrets, found, (name, value) -> name.equals("AWS_ACCESS_KEY_ID")
                || name.equals("AWS_SECRET_ACCESS_KEY") || name.equals("AWS_SESSION_TOKEN") || name.equals("AWS_CONTAINER_AUTHORIZATION_TOKEN")
                || value.equals(parentEnv.get(name)) || value.equals(github.actionsEnv().get(name)));
        assertThat(children).as("exec x5, shell, terraform (init, workspace, plan), workflow shell step, the console's browser")
                .isGreaterThanOrEqualTo(11);
        assertThat(found).as("secrets found where they must not be").isEmpty();
    }

    /**
     * {@code auth console} opening a browser: {@code $BROWSER} is a stand-in that records its command line
     * and environment and hands over the address it was given, which the test then loads as a browser
     * would (the one-time address, its redirect to the sign-in URL, the console page).
     */
    private void consoleInBrowser() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("browser"));
        Path script = dir.resolve("browser.sh");
        Path url = dir.resolve("url");
        Files.writeString(script, """
                #!/bin/sh
                n="%1$s/$(date +%%s%%N)-$$"
                cat /proc/$$/cmdline > "$n.cmdline"
                cat /proc/$$/environ > "$n.environ"
                printf '%%s\\n' "$1" > "%2$s.tmp" && mv "%2$s.tmp" "%2$s"
                """.formatted(records, url));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        TestHost withBrowser = new TestHost(tmp).cwd(host.cwd()).clock(sts.clock());
        host.build().env().forEach(withBrowser::env);
        withBrowser.env("BROWSER", script.toString());
        // No browser given to the test CLI: atmos uses the system one, which is $BROWSER.
        CompletableFuture<Cli.Result> console = CompletableFuture.supplyAsync(() -> Cli.with(withBrowser.build()).browser(null)
                .processes(new SystemProcessRunner()).run("auth", "console", "-i", "prod-admin", "--destination", signin.consolePage("ec2")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(url)) {
            assertThat(console).as("atmos is still waiting for the browser").isNotDone();
            assertThat(System.nanoTime()).as("the browser stand-in was started").isLessThan(deadline);
            Thread.sleep(20);
        }
        URI handed = URI.create(Files.readString(url).strip());
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> handOff = http.send(HttpRequest.newBuilder(handed).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(handOff.statusCode()).as("the one-time address").isEqualTo(303);
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(handOff.headers().firstValue("Location").orElseThrow())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as("the sign-in").isEqualTo(302);
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(signin.consolePage("ec2")))
                .header("Cookie", login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0]).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as("signed in to the console").isEqualTo(200);
        record(console.get(60, TimeUnit.SECONDS), NONE, "auth", "console", "(browser)");
    }

    @Test
    void no_token_microsoft_entra_issued_shows_up_anywhere_it_must_not() throws Exception {
        AzureWorld world = started(new AzureWorld(tmp.resolve("azure")));
        FakeAzure azure = world.azure;
        github = started(FakeGithubOidc.start(Clock.systemUTC()));
        FakeAzure.App deployer = azure.app(world.contoso, "github-deployer",
                new FakeAzure.Federated(github.issuer(), "repo:acme/infrastructure:ref:refs/heads/main", "api://AzureADTokenExchange"));
        world.dev.principals().add(deployer.clientId());
        azure.browserUser(world.alice);
        // Access tokens shorter than the 5-minute refresh margin: every command renews them with the refresh token.
        azure.autoApproveDevices(world.alice, Duration.ZERO).accessTokenLifetime(Duration.ofMinutes(4));
        host = world.host.env("ATMOS_KEYRING_TYPE", "file").env("ATMOS_KEYRING_PASSWORD", KEYRING_PASSWORD)
                .env("ATMOS_LOGS_LEVEL", "Debug").env("ATMOS_LOGS_FILE", world.host.home().resolve("logs/atmos.log").toString());
        host.write("atmos.yaml", """
                base_path: .
                components:
                  terraform: {base_path: components/terraform, command: %1$s}
                stacks:
                  base_path: stacks
                  included_paths: ["**/*"]
                  name_pattern: "{stage}"
                auth:
                  realm: az
                  logs:
                    audit: ~/.local/state/atmos/audit.jsonl
                  providers:
                    azure-dev: {kind: azure/device-code, spec: {tenant_id: "%2$s", location: westeurope}}
                    azure-web: {kind: azure/interactive, spec: {tenant_id: "%2$s"}}
                    azure-ci: {kind: azure/oidc, spec: {tenant_id: "%2$s", client_id: "%3$s"}}
                  identities:
                    dev: {kind: azure/subscription, via: {provider: azure-dev}, principal: {subscription_id: "%4$s", location: eastus}}
                    dev-web: {kind: azure/subscription, via: {provider: azure-web}, principal: {subscription_id: "%4$s"}}
                    ci: {kind: azure/subscription, via: {provider: azure-ci}, principal: {subscription_id: "%4$s"}}
                """.formatted(recorder, world.contoso.id(), deployer.clientId(), world.dev.id()));
        host.write("stacks/dev.yaml", """
                vars: {stage: dev}
                auth: {identities: {dev: {default: true}}}
                components: {terraform: {vpc: {vars: {location: eastus}}}}
                """);
        host.write("components/terraform/vpc/main.tf", "variable \"location\" {}\n");
        EntraConsentBrowser browser = new EntraConsentBrowser(world.ca);
        java.util.function.BiFunction<String, String[], Cli.Result> run = (stdin, args) -> record(Cli.with(host.build()).stdin(stdin)
                .processes(new SystemProcessRunner()).browser(browser).run(args), NONE, args);

        // azure/device-code, then every command with a silent renewal.
        run.apply("", new String[] {"auth", "login", "-i", "dev"});
        run.apply("", new String[] {"auth", "whoami", "-i", "dev"});
        run.apply("", new String[] {"auth", "whoami", "-i", "dev", "-o", "json"});
        run.apply("", new String[] {"auth", "list"});
        run.apply("", new String[] {"auth", "validate", "--verbose"});
        // Azure's auth env prints no token: its output is held to that.
        run.apply("", new String[] {"auth", "env", "-i", "dev"});
        run.apply("", new String[] {"auth", "env", "-i", "dev", "-f", "json"});
        run.apply("", new String[] {"auth", "env", "-i", "dev", "-f", "dotenv", "-o", host.home().resolve("exports/dev.env").toString()});
        run.apply("", new String[] {"auth", "exec", "-i", "dev", "--", recorder.toString(), "--some-arg"});
        run.apply("", new String[] {"auth", "shell", "-i", "dev", "--shell", recorder.toString()});
        run.apply("", new String[] {"auth", "console", "-i", "dev", "--print-only"});
        run.apply("", new String[] {"terraform", "plan", "vpc", "-s", "dev"});
        assertThat(azure.tokens("refresh_token")).as("tokens were renewed with the refresh token").isGreaterThan(3);
        // An expired refresh token: said, then a new sign-in.
        azure.expireRefreshTokens();
        Cli.Result expired = run.apply("", new String[] {"auth", "exec", "-i", "dev", "--", recorder.toString()});
        assertThat(expired.err()).contains("The Azure sign-in of azure-dev has expired (AADSTS700082); signing in again.");

        // azure/interactive: the browser signs in on the authorize page and hands the code to MSAL's loopback listener.
        run.apply("", new String[] {"auth", "login", "-i", "dev-web"});
        run.apply("", new String[] {"auth", "exec", "-i", "dev-web", "--", recorder.toString()});
        assertThat(azure.tokens("authorization_code")).as("the interactive sign-in ran").isEqualTo(1);

        // azure/oidc: in a GitHub Actions job, then with a token file outside the home directory.
        TestHost plain = host;
        host = new TestHost(tmp.resolve("azure")).cwd(plain.cwd()).clock(Clock.systemUTC());
        plain.build().env().forEach(host::env);
        github.actionsEnv().forEach(host::env);
        run.apply("", new String[] {"auth", "exec", "-i", "ci", "--", recorder.toString()});
        run.apply("", new String[] {"auth", "env", "-i", "ci", "-f", "json"});
        host = new TestHost(tmp.resolve("azure")).cwd(plain.cwd()).clock(Clock.systemUTC());
        plain.build().env().forEach(host::env);
        Path tokenFile = Files.writeString(Files.createDirectories(tmp.resolve("ci")).resolve("federated-token"), github.token("api://AzureADTokenExchange"));
        host.env("AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString());
        run.apply("", new String[] {"terraform", "plan", "vpc", "-s", "dev", "-i", "ci"});
        host = plain;
        run.apply("", new String[] {"auth", "logout", "-i", "dev-web"});

        List<IssuedSecret> secrets = new ArrayList<>(azure.issuedSecrets());
        secrets.addAll(github.issuedSecrets());
        secrets.add(new IssuedSecret("federated token (token file)", Files.readString(tokenFile)));
        secrets.add(new IssuedSecret("file keyring password", KEYRING_PASSWORD));
        assertThat(secrets.stream().map(IssuedSecret::label).toList()).as("the flows really ran")
                .anyMatch(l -> l.equals("Azure refresh token")).anyMatch(l -> l.equals("Azure ID token"))
                .anyMatch(l -> l.equals("Azure device code")).anyMatch(l -> l.equals("Azure authorization code"))
                .anyMatch(l -> l.startsWith("Azure access token (user, https://management"))
                .anyMatch(l -> l.startsWith("Azure access token (application"))
                .anyMatch(l -> l.equals("client assertion presented to Entra"));

        List<String> found = new ArrayList<>();
        outputs.forEach(o -> found.addAll(search(secrets, o.mayHold(), o.text(), o.where())));
        List<Path> scanned = new ArrayList<>();
        List<Path> holders = new ArrayList<>();
        found.addAll(searchHome(secrets, p -> {
            String name = p.getFileName().toString();
            boolean configDir = p.toString().contains("/.config/atmos/az/azure/");
            Predicate<IssuedSecret> may = !configDir ? null : name.equals("msal_token_cache.json") ? AZURE_ACCESS_TOKEN
                    : name.equals("service_principal_entries.json") ? CLIENT_ASSERTION : null;
            if (may != null) {
                holders.add(p);
            }
            return may;
        }, scanned));
        assertThat(scanned).as("the keyring, log, audit trail and each AZURE_CONFIG_DIR's profile were scanned")
                .anyMatch(p -> p.toString().contains("/keyring/")).anyMatch(p -> p.endsWith("atmos.log"))
                .anyMatch(p -> p.endsWith("audit.jsonl")).anyMatch(p -> p.endsWith("azureProfile.json"));
        assertThat(holders.stream().map(p -> p.getFileName().toString())).as("the 0600 token files were checked")
                .contains("msal_token_cache.json", "service_principal_entries.json");
        Map<String, String> parentEnv = host.build().env();
        // Azure commands get no token in their environment at all: only what the parent (or the job) had.
        int children = searchChildren(secrets, found, (name, value) -> value.equals(parentEnv.get(name))
                || value.equals(github.actionsEnv().get(name)));
        assertThat(children).as("exec x4, shell, terraform x2 (init, workspace, plan), the oidc exec").isGreaterThanOrEqualTo(11);
        assertThat(found).as("secrets found where they must not be").isEmpty();
    }

    /**
     * Searches every regular file under the home directory. A file {@code mustHold} gives a predicate for
     * holds secrets of those kinds (it must be 0600, and is searched for every other kind); the others
     * may hold none.
     */
    private List<String> searchHome(List<IssuedSecret> secrets, java.util.function.Function<Path, Predicate<IssuedSecret>> mustHold,
                                    List<Path> scanned) throws Exception {
        Path log = host.home().resolve("logs/atmos.log");
        if (Files.exists(log)) {
            assertThat(Files.readString(log)).as("debug logging was on").contains("DEBUG");
        }
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(host.home())) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Predicate<IssuedSecret> may = mustHold.apply(p);
                if (may != null) {
                    assertThat(mode(p)).as(p + " holds secrets: owner-only").isEqualTo("rw-------");
                } else {
                    may = NONE;
                }
                scanned.add(p);
                found.addAll(search(secrets, may, Files.readString(p, StandardCharsets.ISO_8859_1), "file " + host.home().relativize(p)));
            }
        }
        return found;
    }

    /**
     * Searches what each child recorded: its command line for every secret, its environment for every
     * secret but in the variables {@code mayGet} accepts (name, value). Returns how many children ran.
     */
    /** The value of {@code name} in the one child environment recorded so far that has it. */
    private String childVariable(String name) throws Exception {
        List<String> values = new ArrayList<>();
        try (Stream<Path> files = Files.list(records)) {
            for (Path child : files.filter(p -> p.toString().endsWith(".environ")).toList()) {
                for (String[] variable : environ(child)) {
                    if (variable[0].equals(name)) {
                        values.add(variable[1]);
                    }
                }
            }
        }
        assertThat(values).as("children given " + name).hasSize(1);
        assertThat(values.get(0)).as(name).hasSizeGreaterThan(20);
        return values.get(0);
    }

    private int searchChildren(List<IssuedSecret> secrets, List<String> found, java.util.function.BiPredicate<String, String> mayGet)
            throws Exception {
        List<Path> children;
        try (Stream<Path> files = Files.list(records)) {
            children = files.sorted().toList();
        }
        for (Path child : children) {
            String text = Files.readString(child, StandardCharsets.ISO_8859_1);
            if (child.toString().endsWith(".cmdline")) {
                found.addAll(search(secrets, NONE, text, "command line of child " + child.getFileName()));
                continue;
            }
            for (String[] variable : environ(child)) {
                if (!mayGet.test(variable[0], variable[1])) {
                    found.addAll(search(secrets, NONE, variable[2], "environment variable " + variable[0] + " of child " + child.getFileName()));
                }
            }
        }
        return (int) children.stream().filter(p -> p.toString().endsWith(".environ")).count();
    }

    /** A recorded {@code /proc/<pid>/environ}: name, value and whole entry of each variable. */
    private static List<String[]> environ(Path child) throws java.io.IOException {
        List<String[]> variables = new ArrayList<>();
        for (String entry : Files.readString(child, StandardCharsets.ISO_8859_1).split("\0")) {
            int eq = entry.indexOf('=');
            variables.add(eq < 0 ? new String[] {entry, "", entry} : new String[] {entry.substring(0, eq), entry.substring(eq + 1), entry});
        }
        return variables;
    }

    /** Where each secret {@code mayHold} does not accept appears in {@code text}: as is, base64 (standard, URL) or URL-encoded; never its value. */
    static List<String> search(List<IssuedSecret> secrets, Predicate<IssuedSecret> mayHold, String text, String where) {
        List<IssuedSecret> kept = secrets.stream().filter(mayHold.negate()).toList();
        List<String> found = new ArrayList<>();
        for (IssuedSecret s : kept) {
            found.addAll(search(List.of(s), text, where).stream().map(f -> f.replaceFirst("^secret #0 ", "secret #" + secrets.indexOf(s) + " ")).toList());
        }
        return found;
    }

    /** Where each secret appears in {@code text}, as is, base64 (standard, URL) or URL-encoded; never its value. */
    static List<String> search(List<IssuedSecret> secrets, String text, String where) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            IssuedSecret s = secrets.get(i);
            if (s.value() == null || s.value().length() < 6) {
                continue;
            }
            Map<String, String> forms = new LinkedHashMap<>();
            forms.put("as is", s.value());
            byte[] raw = s.value().getBytes(StandardCharsets.UTF_8);
            if (s.value().length() >= 12) {
                // Unpadded, and cut to whole 3-byte groups, so the form matches wherever the secret sits in a longer encoding.
                int whole = raw.length - raw.length % 3;
                forms.put("base64", Base64.getEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(raw, whole)));
                forms.put("base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(raw, whole)));
            }
            String urlEncoded = URLEncoder.encode(s.value(), StandardCharsets.UTF_8);
            if (!urlEncoded.equals(s.value())) {
                forms.put("URL-encoded", urlEncoded);
            }
            for (Map.Entry<String, String> form : forms.entrySet()) {
                boolean digitsOnly = form.getValue().chars().allMatch(Character::isDigit);
                // A code of digits alone counts only where it stands alone (not inside a port, pid or time).
                int at = digitsOnly ? indexOfStandalone(text, form.getValue()) : text.indexOf(form.getValue());
                if (at >= 0) {
                    found.add("secret #" + i + " (" + s.label() + ") " + form.getKey() + " in " + where + " at offset " + at);
                }
            }
        }
        return found;
    }

    private static int indexOfStandalone(String text, String digits) {
        var m = Pattern.compile("(?<![0-9])" + Pattern.quote(digits) + "(?![0-9])").matcher(text);
        return m.find() ? m.start() : -1;
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
