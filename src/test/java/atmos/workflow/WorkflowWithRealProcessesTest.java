package atmos.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import atmos.testing.AtmosProcess;
import atmos.testing.Cli;
import atmos.testing.FakeSts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workflows and custom commands as a user runs them: atmos in its own JVM, Debian's aws CLI as the real
 * consumer in the steps, against the fake STS. Two roles chained from one IAM user with MFA: each step
 * prints its own role, and the MFA code is asked once for the whole workflow.
 */
class WorkflowWithRealProcessesTest {
    private static final Path AWS = Path.of("/usr/bin/aws");

    @TempDir
    Path tmp;

    FakeSts sts;
    FakeSts.MfaDevice mfa;
    Map<String, String> env = new HashMap<>();
    Path work;

    @BeforeEach
    void setUp() throws Exception {
        assumeAwsCli();
        sts = FakeSts.start();
        FakeSts.User user = sts.addUser("111111111111", "superadmin");
        FakeSts.AccessKey key = sts.createAccessKey(user);
        mfa = sts.enableVirtualMfa(user);
        sts.role("arn:aws:iam::222222222222:role/DevDeploy").trust(user).create();
        sts.role("arn:aws:iam::999999999999:role/ProdDeploy").trust(user).create();
        work = Files.createDirectories(tmp.resolve("work"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        String caller = AWS + " sts get-caller-identity --endpoint-url " + sts.endpoint() + " --output text --query Arn";
        Files.writeString(work.resolve("atmos.yaml"), """
                workflows:
                  base_path: workflows
                auth:
                  realm: wf
                  keyring:
                    type: file
                  identities:
                    superadmin:
                      kind: aws/user
                      credentials: {region: us-east-1, mfa_arn: %s}
                    dev-admin:
                      kind: aws/assume-role
                      via: {identity: superadmin}
                      principal: {assume_role: "arn:aws:iam::222222222222:role/DevDeploy"}
                    prod-admin:
                      kind: aws/assume-role
                      via: {identity: superadmin}
                      principal: {assume_role: "arn:aws:iam::999999999999:role/ProdDeploy"}
                commands:
                  - name: caller
                    description: Print the AWS principal the steps run as
                    identity: dev-admin
                    steps:
                      - %s
                """.formatted(mfa.serialNumber(), caller));
        Files.createDirectories(work.resolve("workflows"));
        Files.writeString(work.resolve("workflows/deploy.yaml"), """
                workflows:
                  deploy:
                    description: One step per account, each with its own role
                    steps:
                      - name: dev
                        type: shell
                        identity: dev-admin
                        command: %1$s
                      - name: prod
                        type: shell
                        identity: prod-admin
                        command: %1$s
                      - name: prod-nested
                        identity: prod-admin
                        command: auth exec -- %1$s
                  broken:
                    steps:
                      - type: shell
                        identity: dev-admin
                        command: %1$s
                      - type: shell
                        command: echo failing >&2; exit 4
                      - type: shell
                        command: echo never reached
                """.formatted(caller));
        env.put("HOME", home.toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("AWS_ENDPOINT_URL_STS", sts.endpoint());
        env.put("ATMOS_KEYRING_PASSWORD", "correct horse battery staple");
        Cli.Result configured = atmos(key.accessKeyId() + "\n" + key.secretAccessKey() + "\n\n", "auth", "user", "configure", "-i", "superadmin");
        assertThat(configured.exitCode()).as(configured.toString()).isZero();
    }

    @AfterEach
    void tearDown() {
        if (sts != null) {
            sts.close();
        }
    }

    private Cli.Result atmos(String stdin, String... args) throws Exception {
        return AtmosProcess.run(env, work, stdin, AtmosProcess.command(args));
    }

    private String code() {
        return mfa.codeAt(sts.now());
    }

    private static long count(String text, String part) {
        return text.lines().filter(l -> l.contains(part)).count();
    }

    @Test
    void eachStepPrintsItsOwnRoleAndTheMfaCodeIsAskedOnce() throws Exception {
        Cli.Result r = atmos(code() + "\n", "workflow", "deploy", "-f", "deploy");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> arns = r.out().lines().toList();
        assertThat(arns).hasSize(3);
        assertThat(arns.get(0)).startsWith("arn:aws:sts::222222222222:assumed-role/DevDeploy/atmos-dev-admin-");
        assertThat(arns.get(1)).startsWith("arn:aws:sts::999999999999:assumed-role/ProdDeploy/atmos-prod-admin-");
        assertThat(arns.get(2)).as("the nested atmos step runs as the step's identity").isEqualTo(arns.get(1));
        assertThat(count(r.err(), "MFA code for " + mfa.serialNumber())).isEqualTo(1);
        assertThat(sts.successCount("GetSessionToken")).isEqualTo(1);
        assertThat(sts.successCount("AssumeRole")).isEqualTo(2);

        Cli.Result again = atmos("", "workflow", "deploy", "--from-step", "prod");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out().lines().toList()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("arn:aws:sts::999999999999:assumed-role/ProdDeploy/"));
        assertThat(again.err()).doesNotContain("MFA code");
        assertThat(sts.successCount("GetSessionToken")).as("cached sessions are reused across runs").isEqualTo(1);
    }

    @Test
    void aFailingStepStopsTheWorkflowNamesTheStepAndKeepsItsExitCode() throws Exception {
        Cli.Result r = atmos(code() + "\n", "workflow", "broken");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.out()).startsWith("arn:aws:sts::222222222222:assumed-role/DevDeploy/").doesNotContain("never reached");
        assertThat(r.err()).contains("failing\n")
                .contains("error: workflow step execution failed with exit code 4 (workflow broken, step step2): echo failing >&2; exit 4\n")
                .contains("hint: to resume the workflow from this step, run: atmos workflow broken -f deploy --from-step 'step2'\n")
                .doesNotContain("\tat ");

        Cli.Result resumed = atmos("", "workflow", "broken", "-f", "deploy", "--from-step", "step3");
        assertThat(resumed.exitCode()).isZero();
        assertThat(resumed.out()).isEqualTo("never reached\n");
    }

    @Test
    void ctrlCReachesTheStepsChildItsExitCodeIsKeptAndTheWorkflowStops() throws Exception {
        Path ready = tmp.resolve("ready");
        Files.writeString(work.resolve("workflows/interrupt.yaml"), """
                workflows:
                  long:
                    steps:
                      - name: wait
                        type: shell
                        command: trap 'exit 42' INT; touch %s; while true; do sleep 0.1; done
                      - name: after
                        type: shell
                        command: echo after > %s
                """.formatted(ready, tmp.resolve("after")));
        List<String> cmd = new java.util.ArrayList<>(List.of("setsid"));
        cmd.addAll(AtmosProcess.command("workflow", "long", "-f", "interrupt"));
        Process p = AtmosProcess.start(env, work, cmd);
        p.getOutputStream().close();
        var err = AtmosProcess.drain(p.getErrorStream());
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!Files.exists(ready) && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(50);
        }
        assertThat(Files.exists(ready)).as("step started; atmos said: %s", p.isAlive() ? "" : err.get()).isTrue();
        // A terminal's Ctrl-C goes to the whole foreground process group: atmos and the step's shell.
        new ProcessBuilder("kill", "-INT", "--", "-" + p.pid()).start().waitFor();
        assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(42);
        assertThat(err.get()).contains("(workflow long, step wait)").contains("--from-step 'wait'");
        assertThat(tmp.resolve("after")).doesNotExist();
    }

    @Test
    void aDryRunRunsNothingAndLogsNobodyIn() throws Exception {
        Cli.Result r = atmos("", "workflow", "deploy", "--dry-run");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("  dev [shell] " + AWS + " sts get-caller-identity")
                .contains("identity:  dev-admin (superadmin → dev-admin)")
                .contains("  prod-nested [atmos] atmos auth exec -- " + AWS + " sts get-caller-identity");
        assertThat(sts.calls()).isEmpty();
    }

    @Test
    void aCustomCommandRunsItsStepsAsItsIdentityAndIdentityOverridesIt() throws Exception {
        Cli.Result dev = atmos(code() + "\n", "caller");
        assertThat(dev.exitCode()).as(dev.toString()).isZero();
        assertThat(dev.out()).startsWith("arn:aws:sts::222222222222:assumed-role/DevDeploy/atmos-dev-admin-");

        Cli.Result prod = atmos("", "caller", "--identity", "prod-admin");
        assertThat(prod.exitCode()).as(prod.toString()).isZero();
        assertThat(prod.out()).startsWith("arn:aws:sts::999999999999:assumed-role/ProdDeploy/atmos-prod-admin-");
        assertThat(prod.err()).doesNotContain("MFA code");

        Cli.Result unknown = atmos("", "caller", "--identity", "prod-admn");
        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.err()).contains("error: identity \"prod-admn\" (chosen with --identity for custom command atmos caller) is not defined");
    }

    private static void assumeAwsCli() {
        boolean ci = "true".equals(System.getenv("CI"));
        if (!Files.isExecutable(AWS)) {
            if (ci) {
                throw new AssertionError("CI=true but " + AWS + " is missing: the test command installs Debian's awscli");
            }
            assumeTrue(false, AWS + " is not installed (apt-get install awscli)");
        }
    }
}
