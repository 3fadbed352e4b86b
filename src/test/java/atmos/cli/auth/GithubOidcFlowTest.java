package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.testing.AtmosProcess;
import atmos.testing.Cli;
import atmos.testing.FakeGithubOidc;
import atmos.testing.FakeSts;
import atmos.testing.AwsCli;
import atmos.testing.RecordingProcessRunner;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitHub Actions OIDC end to end with the bundled example's github-plan and github-apply profiles:
 * a fake Actions token service issuing RS256 JWTs, FakeSts verifying them against the issuer's JWKS,
 * the audience, expiry and the roles' trust (repository and branch), and the AWS CLI as consumer.
 */
class GithubOidcFlowTest {
    static final String PLANNER = "arn:aws:iam::800000000001:role/acme-plat-gbl-dev-planner";
    static final String APPLIER = "arn:aws:iam::800000000001:role/acme-plat-gbl-dev-terraform";

    @TempDir
    Path tmp;

    FakeSts sts;
    FakeGithubOidc github;
    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();
    RecordingProcessRunner processes = new RecordingProcessRunner(0);

    @BeforeEach
    void setUp() {
        sts = FakeSts.start();
        github = FakeGithubOidc.start(sts.clock());
        sts.addOpenIdConnectProvider("800000000001", github.issuer(), "sts.amazonaws.com");
        sts.role(PLANNER).trustWebIdentity(github.issuer(), "repo:acme/infrastructure:*").create();
        sts.role(APPLIER).trustWebIdentity(github.issuer(), "repo:acme/infrastructure:ref:refs/heads/main").create();
        host = new TestHost(tmp).clock(sts.clock())
                .cwd(Path.of(System.getProperty("atmos.project.dir", ".")).resolve("examples/acme").toAbsolutePath())
                .env("ATMOS_PROFILE", "github-plan")
                .env("AWS_ENDPOINT_URL_STS", sts.endpoint());
        github.actionsEnv().forEach(host::env);
    }

    @AfterEach
    void tearDown() {
        github.close();
        sts.close();
    }

    private Cli.Result atmos(String... args) {
        return Cli.with(host.build()).systemKeyring(keyring).processes(processes).run(args);
    }

    @Test
    void aPlanJobAssumesThePlannerRoleWithTheJobsTokenAndKeepsNothingInTheKeyring() {
        Cli.Result r = atmos("auth", "exec", "-i", "plat-dev/terraform", "--", "terraform", "plan");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(github.audiences()).containsExactly("sts.amazonaws.com");
        assertThat(sts.successCount("AssumeRoleWithWebIdentity")).isEqualTo(1);
        FakeSts.Call call = sts.calls("AssumeRoleWithWebIdentity").get(0);
        assertThat(call.parameters()).containsEntry("RoleArn", PLANNER).doesNotContainKey("WebIdentityToken");
        assertThat(call.parameters().get("RoleSessionName")).startsWith("atmos-plat-dev-terraform-");
        Map<String, String> env = processes.last().env();
        assertThat(env).containsEntry("AWS_PROFILE", "plat-dev/terraform").containsEntry("AWS_REGION", "us-east-1")
                .doesNotContainKey("ACTIONS_ID_TOKEN_REQUEST_TOKEN_X");
        assertThat(Path.of(env.get("AWS_SHARED_CREDENTIALS_FILE"))).exists();
        assertThat(keyring.keys()).isEmpty();
        assertThat(r.all()).doesNotContain(github.requestToken());

        // A second step of the same job asks GitHub again: nothing is reused from a cache.
        assertThat(atmos("auth", "exec", "-i", "plat-dev/terraform", "--", "terraform", "plan").exitCode()).isZero();
        assertThat(sts.successCount("AssumeRoleWithWebIdentity")).isEqualTo(2);
        assertThat(keyring.keys()).isEmpty();
    }

    @Test
    void terraformPlanForAStackRunsAsItsPlannerRoleInAPlanJob() throws Exception {
        host.cwd(atmos.testing.Acme.copyTo(tmp.resolve("acme")));
        Cli.Result r = atmos("terraform", "plan", "vpc", "-s", "plat-ue2-dev", "--skip-init");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(sts.calls("AssumeRoleWithWebIdentity")).singleElement()
                .satisfies(c -> assertThat(c.parameters()).containsEntry("RoleArn", PLANNER));
        assertThat(processes.last().command()).startsWith("terraform", "plan", "-var-file", "plat-ue2-dev-vpc.terraform.tfvars.json");
        assertThat(processes.last().env()).containsEntry("AWS_PROFILE", "plat-dev/terraform").containsEntry("TF_IN_AUTOMATION", "true");
        assertThat(keyring.keys()).isEmpty();
    }

    @Test
    void envFormatGithubMasksEverySecretOnStdoutThenAppendsToGithubEnv() throws Exception {
        Path githubEnv = tmp.resolve("github_env");
        Files.writeString(githubEnv, "EARLIER=1\n");
        host.env("GITHUB_ENV", githubEnv.toString());
        Cli.Result r = atmos("auth", "env", "-i", "plat-dev/terraform", "--format", "github", "--login");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String written = Files.readString(githubEnv);
        assertThat(written).startsWith("EARLIER=1\n").contains("AWS_PROFILE=plat-dev/terraform\n");
        Map<String, String> vars = new HashMap<>();
        for (String line : written.split("\n")) {
            int eq = line.indexOf('=');
            vars.put(line.substring(0, eq), line.substring(eq + 1));
        }
        List<String> masks = r.out().lines().toList();
        assertThat(masks).containsExactlyInAnyOrder("::add-mask::" + vars.get("AWS_ACCESS_KEY_ID"),
                "::add-mask::" + vars.get("AWS_SECRET_ACCESS_KEY"), "::add-mask::" + vars.get("AWS_SESSION_TOKEN"));
        assertThat(r.err()).doesNotContain(vars.get("AWS_SECRET_ACCESS_KEY")).doesNotContain(vars.get("AWS_SESSION_TOKEN"));
    }

    @Test
    void theApplyProfileWorksOnlyFromMain() {
        host.env("ATMOS_PROFILE", "github-apply");
        assertThat(atmos("auth", "exec", "-i", "plat-dev/terraform", "--", "terraform", "apply").exitCode()).isZero();
        assertThat(sts.calls("AssumeRoleWithWebIdentity").get(0).parameters()).containsEntry("RoleArn", APPLIER);

        github.job("acme/infrastructure", "refs/pull/42/merge");
        Cli.Result r = atmos("auth", "exec", "-i", "plat-dev/terraform", "--", "terraform", "apply");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains("error: cannot assume role " + APPLIER)
                .contains("AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity")
                .contains("hint: check the role's trust policy");
        assertThat(processes.runs()).hasSize(1);
    }

    @Test
    void outsideActionsOneErrorNamesTheMissingVariablesAndThePermission() {
        host.env("GITHUB_ACTIONS", null).env("ACTIONS_ID_TOKEN_REQUEST_URL", null).env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", null);
        Cli.Result r = atmos("auth", "env", "-i", "plat-dev/terraform", "--login");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("error: provider \"github-oidc\" (github/oidc) works only inside a GitHub Actions job; missing: "
                        + "GITHUB_ACTIONS=true, ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN")
                .contains("hint: give the job 'permissions: id-token: write'");
        assertThat(r.err().lines().filter(l -> l.startsWith("error:")).count()).isEqualTo(1);

        // In Actions without the permission only the two request variables are missing.
        host.env("GITHUB_ACTIONS", "true");
        assertThat(atmos("auth", "env", "-i", "plat-dev/terraform", "--login").err())
                .contains("missing: ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN");
        assertThat(sts.count("AssumeRoleWithWebIdentity")).isZero();
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedByStsWithAClearError() {
        sts.close();
        sts = FakeSts.start();
        sts.addOpenIdConnectProvider("800000000001", github.issuer(), "sts.us-east-1.amazonaws.com");
        sts.role(PLANNER).trustWebIdentity(github.issuer(), "repo:acme/infrastructure:*").create();
        host.env("AWS_ENDPOINT_URL_STS", sts.endpoint());
        Cli.Result r = atmos("auth", "exec", "-i", "plat-dev/terraform", "--", "terraform", "plan");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("InvalidIdentityToken: Incorrect token audience").contains("hint: the identity provider's token");
        assertThat(processes.runs()).isEmpty();
    }

    @Test
    void forgedAndExpiredTokensAreRefused() {
        github.signWithUnpublishedKey();
        Cli.Result forged = atmos("auth", "env", "-i", "plat-dev/terraform", "--login");
        assertThat(forged.exitCode()).isEqualTo(4);
        assertThat(forged.err()).contains("InvalidIdentityToken: The web identity token that was passed could not be validated");

        FakeGithubOidc late = FakeGithubOidc.start(java.time.Clock.offset(sts.clock(), Duration.ofMinutes(-10)));
        try {
            sts.addOpenIdConnectProvider("800000000001", late.issuer(), "sts.amazonaws.com");
            late.actionsEnv().forEach(host::env);
            Cli.Result expired = atmos("auth", "env", "-i", "plat-dev/terraform", "--login");
            assertThat(expired.exitCode()).isEqualTo(4);
            assertThat(expired.err()).contains("ExpiredTokenException").contains("hint: the token or assertion expired");
        } finally {
            late.close();
        }
    }

    @Test
    void theAwsCliReadsTheCredentialsInARealProcessWithNoKeyringAndNoTerminal() throws Exception {
        AwsCli.require();
        Map<String, String> env = new HashMap<>(github.actionsEnv());
        env.put("HOME", host.home().toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("ATMOS_PROFILE", "github-plan");
        env.put("AWS_ENDPOINT_URL_STS", sts.endpoint());
        Cli.Result r = AtmosProcess.run(env, host.cwd(), "", AtmosProcess.command("auth", "exec", "-i", "plat-dev/terraform", "--",
                "/usr/bin/aws", "sts", "get-caller-identity", "--endpoint-url", sts.endpoint(), "--output", "text", "--query", "Arn"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().strip()).startsWith("arn:aws:sts::800000000001:assumed-role/acme-plat-gbl-dev-planner/atmos-plat-dev-terraform-");
        assertThat(r.all()).doesNotContain(github.requestToken());
    }
}
