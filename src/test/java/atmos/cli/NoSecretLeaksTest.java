package atmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.exec.SystemProcessRunner;
import atmos.testing.Cli;
import atmos.testing.FakeAwsSso;
import atmos.testing.FakeBrowser;
import atmos.testing.FakeGithubOidc;
import atmos.testing.FakeSamlIdp;
import atmos.testing.FakeSts;
import atmos.testing.IssuedSecret;
import atmos.testing.ScriptedPrompter;
import atmos.testing.TestHost;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * {@code auth} login/whoami/list/validate/env/exec/shell/logout, Terraform (a recording stand-in) and a
 * workflow — then every secret the fakes issued or the user typed (keys, session tokens, SSO access and
 * refresh tokens, client secrets, device codes, OIDC request and ID tokens, SAML responses, IdP
 * passwords and session tokens, MFA codes, the keyring password), as is, in base64 and URL-encoded, is
 * looked for in: stdout and stderr of every command, the log file, every file under the home
 * directory, and the command line and environment of every child process (which record their own
 * {@code /proc/self/cmdline} and {@code environ}).
 *
 * <p>Allowed only where they must be: {@code auth env}'s stdout and output files (checked 0600), the
 * AWS credentials files tools read (checked 0600), and, in a child's environment, the AWS key
 * variables and whatever the parent environment already held. The file keyring is scanned like any
 * other file: its items are encrypted, so no secret shows there in any form. Messages name the
 * secret's kind and where it was found, never its value. {@code auth console} is not on this branch.
 */
class NoSecretLeaksTest {
    static final String KEYRING_PASSWORD = "keyring password for the leak test";
    static final String IDP_PASSWORD = "correct horse battery staple";
    static final String ADMIN = "arn:aws:iam::999999999999:role/Admin";
    static final String DEEP = "arn:aws:iam::999999999999:role/Deep";
    static final String SAML_ROLE = "arn:aws:iam::111111111111:role/acme-admin";
    static final String GH_ROLE = "arn:aws:iam::800000000001:role/acme-planner";

    @TempDir
    Path tmp;

    FakeSts sts;
    FakeAwsSso sso;
    FakeGithubOidc github;
    FakeSamlIdp idp;
    FakeSts.AccessKey key;
    FakeSts.MfaDevice mfa;
    TestHost host;
    Path records;
    Path recorder;
    Path githubEnv;
    final List<String> typed = new ArrayList<>();
    /** Where each output came from, and whether it may carry secrets. */
    final Map<String, String> outputs = new LinkedHashMap<>();
    final List<Path> allowedFiles = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        sts = FakeSts.start();
        FakeSts.User user = sts.addUser("111111111111", "superadmin");
        key = sts.createAccessKey(user);
        mfa = sts.enableVirtualMfa(user);
        FakeSts.Role admin = sts.role(ADMIN).trust(user).maxSessionDuration(Duration.ofHours(4)).create();
        sts.role(DEEP).trust(admin).create();
        sso = FakeAwsSso.builder().sts(sts).clock(sts.clock()).pollInterval(Duration.ofSeconds(1)).build();
        FakeAwsSso.PortalUser alice = sso.addUser("alice");
        sso.addAccount("800000000001", "plat-dev", "dev@acme.test");
        sso.assign(alice, "800000000001", "TerraformApplyAccess");
        sso.autoApproveDevices(Duration.ZERO);
        github = FakeGithubOidc.start(sts.clock());
        sts.addOpenIdConnectProvider("800000000001", github.issuer(), "sts.amazonaws.com");
        sts.role(GH_ROLE).trustWebIdentity(github.issuer(), "repo:acme/infrastructure:*").create();
        idp = FakeSamlIdp.start(sts.clock());
        String samlProvider = sts.addSamlProvider("111111111111", "acme-idp", idp.signingKey());
        sts.role(SAML_ROLE).trustSaml(samlProvider).create();
        idp.addUser("alice@acme.test", IDP_PASSWORD, FakeSamlIdp.role(SAML_ROLE, samlProvider));

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

        Path repo = tmp.resolve("repo");
        host = new TestHost(tmp).cwd(repo).clock(sts.clock())
                .env("AWS_ENDPOINT_URL_STS", sts.endpoint()).env("AWS_ENDPOINT_URL_SSO_OIDC", sso.oidcEndpoint())
                .env("AWS_ENDPOINT_URL_SSO", sso.portalEndpoint())
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

    @AfterEach
    void tearDown() {
        idp.close();
        github.close();
        sso.close();
        sts.close();
        software.amazon.awssdk.core.SdkGlobalTime.setGlobalTimeOffset(0);
    }

    private Cli cli(String stdin) {
        return Cli.with(host.build()).stdin(stdin).processes(new SystemProcessRunner()).browser(FakeBrowser.recording());
    }

    /** Runs a command whose output must hold no secret; returns it for checks. */
    private Cli.Result atmos(String stdin, String... args) {
        return record(cli(stdin).run(args), false, args);
    }

    private Cli.Result record(Cli.Result r, boolean stdoutMayHoldSecrets, String... args) {
        String name = String.join(" ", args);
        assertThat(r.exitCode()).as(name + "\n(exit " + r.exitCode() + ")\n" + (stdoutMayHoldSecrets ? r.err() : r)).isZero();
        if (!stdoutMayHoldSecrets) {
            outputs.put("stdout of '" + name + "'", r.out());
        }
        outputs.put("stderr of '" + name + "'", r.err());
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
        // aws/user with MFA, and a chain of two roles.
        atmos(key.accessKeyId() + "\n" + key.secretAccessKey() + "\n\n\n", "auth", "user", "configure", "-i", "superadmin");
        atmos(mfaCode() + "\n", "auth", "login", "-i", "prod-deep");
        atmos("", "auth", "whoami", "-i", "prod-deep");
        atmos("", "auth", "whoami", "-i", "prod-admin", "-o", "json");
        atmos("", "auth", "list");
        atmos("", "auth", "validate", "--verbose");
        atmos("", "auth", "exec", "-i", "prod-deep", "--", recorder.toString(), "--some-arg");
        atmos("", "auth", "shell", "-i", "prod-admin", "--shell", recorder.toString());
        // auth env: its stdout and output files are where secrets must be.
        record(cli("").run("auth", "env", "-i", "prod-deep"), true, "auth", "env");
        record(cli("").run("auth", "env", "-i", "prod-deep", "-f", "json"), true, "auth", "env", "-f", "json");
        Path envFile = host.home().resolve("exports/prod.env");
        record(cli("").run("auth", "env", "-i", "prod-admin", "-f", "dotenv", "-o", envFile.toString()), true, "auth", "env", "-o");
        allowedFiles.add(envFile);

        // IAM Identity Center, device flow.
        atmos("", "auth", "login", "--provider", "acme-sso");
        atmos("", "auth", "exec", "-i", "sso-dev", "--", recorder.toString());

        // SAML (Okta), the password remembered in the (encrypted) keyring.
        Cli.Result saml = Cli.with(host.build()).processes(new SystemProcessRunner())
                .prompter(new ScriptedPrompter(true, "alice@acme.test", IDP_PASSWORD)).run("auth", "exec", "-i", "okta-admin", "--", recorder.toString());
        record(saml, false, "auth", "exec", "-i", "okta-admin");

        // GitHub Actions OIDC: the job's variables for these commands only.
        TestHost plain = host;
        host = new TestHost(tmp).cwd(plain.cwd()).clock(sts.clock());
        plain.build().env().forEach(host::env);
        github.actionsEnv().forEach(host::env);
        host.env("GITHUB_ENV", githubEnv.toString());
        atmos("", "auth", "exec", "-i", "gh-plan", "--", recorder.toString());
        record(cli("").run("auth", "env", "-i", "gh-plan", "-f", "github"), true, "auth", "env", "-f", "github");
        allowedFiles.add(githubEnv);
        host = plain;

        // The mock kinds, Terraform, a workflow.
        atmos("", "auth", "login", "-i", "mock-id");
        atmos("", "auth", "exec", "-i", "mock-id", "--", recorder.toString());
        atmos("", "terraform", "plan", "vpc", "-s", "dev");
        atmos("", "workflow", "deploy", "-f", "deploy");
        atmos("", "auth", "logout", "-i", "prod-admin");

        List<IssuedSecret> secrets = secrets();
        assertThat(secrets.stream().map(IssuedSecret::label).toList()).as("the flows really ran")
                .anyMatch(l -> l.startsWith("SSO refresh token")).anyMatch(l -> l.startsWith("SSO access token"))
                .anyMatch(l -> l.startsWith("GitHub OIDC ID token")).anyMatch(l -> l.startsWith("SAMLResponse"))
                .anyMatch(l -> l.contains("ASSUMED_ROLE session token")).anyMatch(l -> l.startsWith("typed MFA code"));

        List<String> found = new ArrayList<>();
        outputs.forEach((where, text) -> found.addAll(search(secrets, text, where)));
        Path log = tmp.resolve("home/logs/atmos.log");
        assertThat(Files.readString(log)).as("debug logging was on").contains("DEBUG");
        List<Path> scanned = new ArrayList<>();
        try (Stream<Path> files = Files.walk(host.home())) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (p.getFileName().toString().equals("credentials") || allowedFiles.contains(p)) {
                    assertThat(mode(p)).as(p + " holds secrets: owner-only").isEqualTo("rw-------");
                    continue;
                }
                scanned.add(p);
                found.addAll(search(secrets, Files.readString(p, StandardCharsets.ISO_8859_1), "file " + host.home().relativize(p)));
            }
        }
        assertThat(scanned).as("the keyring, log and audit trail were scanned")
                .anyMatch(p -> p.toString().contains("/keyring/")).anyMatch(p -> p.endsWith("atmos.log"))
                .anyMatch(p -> p.endsWith("audit.jsonl"));
        assertThat(mode(githubEnv)).isEqualTo("rw-------");

        Map<String, String> parentEnv = host.build().env();
        List<Path> children;
        try (Stream<Path> files = Files.list(records)) {
            children = files.sorted().toList();
        }
        assertThat(children.stream().filter(p -> p.toString().endsWith(".environ")).count())
                .as("exec x5, shell, terraform (init, workspace, plan), workflow shell step").isGreaterThanOrEqualTo(10);
        for (Path child : children) {
            String text = Files.readString(child, StandardCharsets.ISO_8859_1);
            if (child.toString().endsWith(".cmdline")) {
                found.addAll(search(secrets, text, "command line of child " + child.getFileName()));
                continue;
            }
            for (String entry : text.split("\0")) {
                int eq = entry.indexOf('=');
                String name = eq < 0 ? entry : entry.substring(0, eq);
                String value = eq < 0 ? "" : entry.substring(eq + 1);
                boolean mustGet = name.equals("AWS_ACCESS_KEY_ID") || name.equals("AWS_SECRET_ACCESS_KEY") || name.equals("AWS_SESSION_TOKEN");
                boolean inherited = value.equals(parentEnv.get(name)) || value.equals(github.actionsEnv().get(name));
                if (!mustGet && !inherited) {
                    found.addAll(search(secrets, entry, "environment variable " + name + " of child " + child.getFileName()));
                }
            }
        }
        assertThat(found).as("secrets found where they must not be").isEmpty();
    }

    private List<IssuedSecret> secrets() {
        List<IssuedSecret> all = new ArrayList<>();
        all.addAll(sts.issuedSecrets());
        all.addAll(sso.issuedSecrets());
        all.addAll(github.issuedSecrets());
        all.addAll(idp.issuedSecrets());
        typed.forEach(c -> all.add(new IssuedSecret("typed MFA code", c)));
        all.add(new IssuedSecret("file keyring password", KEYRING_PASSWORD));
        return all;
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
