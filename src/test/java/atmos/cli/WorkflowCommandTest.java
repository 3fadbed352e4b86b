package atmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.exec.SystemProcessRunner;
import atmos.keyring.MemoryKeyring;
import atmos.stack.Upstream;
import atmos.system.Host;
import atmos.testing.CapturingProcessRunner;
import atmos.testing.Cli;
import atmos.testing.RecordingAtmosRunner;
import atmos.testing.ScriptedPrompter;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atmos workflow} end to end, in process: the Go Atmos fixture {@code tests/fixtures/scenarios/workflows}
 * (its file lookup, errors and exit codes, against the golden snapshots where they apply), and the
 * bundled example's demo workflow with real nested atmos steps and no cloud.
 */
class WorkflowCommandTest {
    static final Path ACME = Path.of(System.getProperty("atmos.project.dir", ".")).resolve("examples/acme").toAbsolutePath();

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    static Upstream upstream;

    CapturingProcessRunner shell = new CapturingProcessRunner();

    @BeforeAll
    static void copy() {
        upstream = Upstream.copy(shared);
    }

    private Cli fixture(RecordingAtmosRunner atmos) {
        TestHost host = upstream.host(tmp, "scenarios/workflows");
        return Cli.with(host.build()).processes(shell).atmos(atmos);
    }

    private Cli.Result run(String... args) {
        return fixture(new RecordingAtmosRunner(0)).run(args);
    }

    @Test
    void aShellStepPrintsWhatTheGoAtmosPrints() {
        Cli.Result r = run("workflow", "shell-pass", "--file", "test");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out() + shell.out()).isEqualTo(Upstream.snapshot("TestCLICommands_atmos_workflow_shell_pass.stdout.golden"));
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aFailingShellStepStopsTheWorkflowWithItsExitCodeAndTheResumeCommand() {
        Cli.Result r = run("workflow", "shell-failure", "--file", "test");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out() + shell.out()).isEqualTo(Upstream.snapshot("TestCLICommands_atmos_workflow_failure_on_shell_command.stdout.golden"));
        assertThat(r.err()).isEqualTo("""
                error: workflow step execution failed with exit code 1 (workflow shell-failure, step step1): echo "This should fail"; exit 1
                hint: to resume the workflow from this step, run: atmos workflow shell-failure -f test --from-step 'step1'
                """);

        Cli.Result missing = run("workflow", "shell-command-not-found", "--file", "test");
        assertThat(missing.exitCode()).as("the shell's code for a missing command, as upstream").isEqualTo(127);
        assertThat(missing.err()).contains("workflow step execution failed with exit code 127 (workflow shell-command-not-found, step step1): nonexistentcommand")
                .contains("hint: to resume the workflow from this step, run: atmos workflow shell-command-not-found -f test --from-step 'step1'");
    }

    @Test
    void aFailingAtmosStepNamesTheCommandWithItsStackAndHowToResume() {
        Cli.Result r = fixture(new RecordingAtmosRunner(1)).run("workflow", "fail", "--file", "test");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("""
                ▶ Executing command: atmos terraform plan mock -s idontexist
                error: workflow step execution failed with exit code 1 (workflow fail, step step1): atmos terraform plan mock -s idontexist
                hint: to resume the workflow from this step, run: atmos workflow fail -f test --from-step 'step1'
                """);

        Cli.Result stack = fixture(new RecordingAtmosRunner(1)).run("workflow", "fail-with-stack", "--file", "test", "--stack", "prod");
        assertThat(stack.err()).contains("▶ Executing command: atmos terraform plan idontexist\n")
                .contains("(workflow fail-with-stack, step step1): atmos terraform plan idontexist -s 'prod'\n")
                .contains("run: atmos workflow fail-with-stack -f test --from-step 'step1' -s 'prod'\n");

        Cli.Result sub = fixture(new RecordingAtmosRunner(2)).run("workflow", "fail", "--file", "subdir/test");
        assertThat(sub.exitCode()).isEqualTo(2);
        assertThat(sub.err()).contains("run: atmos workflow fail -f subdir/test --from-step 'step1'\n");
    }

    @Test
    void theErrorsOfTheGoAtmosFixtureEachOneLineWithAHint() {
        record Case(List<String> args, int code, String error, String hint) {
        }
        List<Case> cases = List.of(
                new Case(List.of("no-steps", "--file", "test"), 3,
                        "workflow no-steps has no steps: it is empty and requires at least one step to execute", "add steps: to workflow no-steps in test.yaml"),
                new Case(List.of("invalid-step-type", "--file", "test"), 3,
                        "invalid workflow step type: workflow invalid-step-type step step1 uses unsupported type invalid",
                        "each step must specify a valid type: 'atmos' (the default) or 'shell'"),
                new Case(List.of("pass", "--file", "test", "--from-step", "dne"), 2,
                        "invalid from-step flag: the --from-step flag was set to dne, but this step does not exist in workflow pass",
                        "available steps: step1"),
                new Case(List.of("pass", "--file", "test-invalid"), 3,
                        "invalid workflow manifest: the workflow manifest stacks/workflows/test-invalid.yaml must be a map with the top-level workflows: key",
                        "add a top-level 'workflows:' key to the manifest file"),
                new Case(List.of("pass", "--file", "dne"), 2,
                        "workflow file not found: the workflow manifest file stacks/workflows/dne.yaml does not exist",
                        "the manifests are the .yaml files under stacks/workflows (workflows.base_path); run 'atmos list workflows' to see them"),
                new Case(List.of("fail"), 2, "multiple workflow files contain workflow fail: subdir/test.yaml, test.yaml",
                        "use the --file flag to specify which one: atmos workflow fail --file <file>"),
                new Case(List.of("shell-pas"), 2, "no workflow found with name shell-pas",
                        "did you mean shell-pass? run 'atmos list workflows' to see all available workflows"));
        for (Case c : cases) {
            List<String> args = new java.util.ArrayList<>(List.of("workflow"));
            args.addAll(c.args());
            Cli.Result r = run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(c.args() + "\n" + r).isEqualTo(c.code());
            assertThat(r.err()).as(c.args().toString()).endsWith("error: " + c.error() + "\nhint: " + c.hint() + "\n");
            assertThat(r.err()).doesNotContain("\tat ");
        }
        assertThat(shell.runs()).isEmpty();

        Cli.Result notFound = run("workflow", "no-workflow-exists", "--file", "test");
        assertThat(notFound.err()).startsWith("error: no workflow found: no workflow exists with name no-workflow-exists in stacks/workflows/test.yaml\n")
                .contains("hint: available workflows in test.yaml: double-hyphen-multiple-flags, ");
        // Every workflow the golden snapshot lists is offered.
        for (String line : Upstream.snapshot("TestCLICommands_atmos_workflow_not_found.stderr.golden").lines().filter(l -> l.startsWith("  • ")).toList()) {
            assertThat(notFound.err()).contains(line.substring(4));
        }
    }

    @Test
    void aManifestIsNamedWithOrWithoutItsExtensionOrFoundByAUniqueWorkflowName() {
        for (String[] args : new String[][]{{"workflow", "shell-pass", "-f", "test"}, {"workflow", "shell-pass", "-f", "test.yaml"},
                {"workflow", "shell-pass", "-f", upstream.dir("scenarios/workflows/stacks/workflows/test.yaml").toString()},
                {"workflow", "shell-pass"}}) {
            Cli.Result r = run(args);
            assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        }
        assertThat(shell.out()).isEqualTo("This should pass\n".repeat(4));
    }

    @Test
    void listWorkflowsShowsEveryManifestsWorkflowsAndSkipsAnInvalidOneWithAWarning() {
        Cli.Result r = run("list", "workflows", "--format", "csv");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("File,Workflow,Description\nsubdir/test.yaml,fail,Run a command that will fail.\n")
                .contains("test.yaml,shell-pass,Run a shell command that will pass.\n");
        assertThat(r.err()).contains("skipping workflow file test-invalid.yaml: invalid workflow manifest");
        Cli.Result one = run("list", "workflows", "--file", "subdir/test", "--format", "json");
        assertThat(one.out()).isEqualTo("""
                [
                  {
                    "Description": "Run a command that will fail.",
                    "File": "subdir/test.yaml",
                    "Workflow": "fail"
                  }
                ]
                """);
    }

    @Test
    void aNameInSeveralManifestsIsChosenOnATerminal() {
        ScriptedPrompter picker = new ScriptedPrompter(true, "subdir/test.yaml - Run a command that will fail.");
        RecordingAtmosRunner atmos = new RecordingAtmosRunner(0);
        Cli.Result r = fixture(atmos).prompter(picker).run("workflow", "fail");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(picker.asked()).containsExactly("Multiple workflows found with name 'fail'. Please choose:");
        assertThat(atmos.runs()).singleElement().satisfies(run -> assertThat(run.args()).containsExactly("terraform", "plan", "mock", "-s", "idontexist"));
    }

    @Test
    void shellCompletionOffersTheWorkflowNames() {
        assertThat(run("completion", "__complete", "--", "workflow", "shell-p").out()).isEqualTo("shell-pass\n");
        assertThat(run("completion", "__complete", "--", "workflow", "fa").out()).isEqualTo("fail\nfail-with-stack\n");
        assertThat(run("completion", "__complete", "--", "workflow", "--from").out()).isEqualTo("--from-step\n");
    }

    @Test
    void withoutANameAWorkflowIsChosenOnATerminalAndListedOtherwise() {
        Cli.Result listed = run("workflow");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out()).contains("test.yaml\tshell-pass\tRun a shell command that will pass.\n");
        assertThat(listed.err()).contains("Run one with: atmos workflow NAME -f FILE");
        assertThat(shell.runs()).isEmpty();

        ScriptedPrompter picker = new ScriptedPrompter(true, "shell-pass  (test.yaml) — Run a shell command that will pass.");
        Cli.Result chosen = fixture(new RecordingAtmosRunner(0)).prompter(picker).run("workflow");
        assertThat(chosen.exitCode()).as(chosen.toString()).isZero();
        assertThat(picker.asked()).containsExactly("Choose a workflow to run:");
        assertThat(shell.out()).isEqualTo("This should pass\n");
    }

    @Test
    void workflowsWrittenInAtmosYamlAsTheSeedDocumentationShowsThemRunToo() {
        TestHost host = new TestHost(tmp);
        host.write("atmos.yaml", """
                workflows:
                  deploy:
                    description: Deploy with authentication
                    steps:
                      - name: validate-auth
                        command: atmos auth validate
                      - name: deploy-dev
                        command: atmos terraform apply myapp -s dev
                """);
        RecordingAtmosRunner atmos = new RecordingAtmosRunner(0);
        Cli.Result r = Cli.with(host.build()).processes(shell).atmos(atmos).run("workflow", "deploy");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(atmos.runs()).extracting(RecordingAtmosRunner.Run::args)
                .containsExactly(List.of("auth", "validate"), List.of("terraform", "apply", "myapp", "-s", "dev"));
        assertThat(Cli.with(host.build()).atmos(new RecordingAtmosRunner(5)).run("workflow", "deploy").err())
                .contains("run: atmos workflow deploy --from-step 'validate-auth'");
    }

    // ---------------------------------------------------------------- the bundled example, demo profile

    private Cli acme(MemoryKeyring keyring, String profile) {
        TestHost host = new TestHost(tmp).cwd(ACME).env("ATMOS_PROFILE", profile).env("NO_COLOR", "1");
        return Cli.with(host.build()).systemKeyring(keyring).processes(shell);
    }

    @Test
    void theDemoWorkflowRunsEndToEndOfflineEachStepAsItsIdentity() {
        MemoryKeyring keyring = new MemoryKeyring();
        Cli.Result r = acme(keyring, "demo").run("workflow", "identities", "-f", "demo");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        // Nested atmos steps ran in this process: whoami found the session the workflow logged in.
        assertThat(r.err()).contains("▶ Executing command: atmos auth whoami").contains("Identity      demo/admin")
                .contains("▶ Executing command: atmos describe component vpc -q .vars.ipv4_primary_cidr_block");
        assertThat(r.out()).isEqualTo("10.0.0.0/18\n");
        assertThat(shell.out()).isEqualTo("AWS_PROFILE=demo/readonly AWS_REGION=us-west-2 DEMO_READONLY=true\n"
                + "AWS_PROFILE=demo/admin AWS_REGION=us-east-1\n");
        assertThat(keyring.keys()).anyMatch(k -> k.endsWith("_demo/admin")).anyMatch(k -> k.endsWith("_demo/readonly"));

        Cli.Result resumed = acme(keyring, "demo").run("workflow", "identities", "--from-step", "admin-env");
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.err()).doesNotContain("auth whoami");
    }

    @Test
    void terraformStepsRunAsTheirStacksIdentityOrTheStepsThroughTheStandIn() throws Exception {
        Path copy = atmos.testing.Acme.copyTo(tmp.resolve("acme"));
        Path standin = tmp.resolve("terraform");
        Files.copy(Path.of(getClass().getResource("/terraform/standin.sh").toURI()), standin);
        standin.toFile().setExecutable(true);
        Path log = tmp.resolve("standin.log");
        TestHost host = new TestHost(tmp).cwd(copy).env("ATMOS_PROFILE", "demo").env("ATMOS_COMPONENTS_TERRAFORM_COMMAND", standin.toString())
                .env("STANDIN_LOG", log.toString());
        MemoryKeyring keyring = new MemoryKeyring();
        Cli.Result r = Cli.with(host.build()).systemKeyring(keyring).processes(new SystemProcessRunner()).run("workflow", "plan", "-f", "demo");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> plans = Files.readAllLines(log).stream().filter(l -> l.startsWith("ARGV [plan]")).toList();
        assertThat(plans).containsExactly("ARGV [plan] [-var-file] [plat-ue2-dev-vpc.terraform.tfvars.json] [-out] [plat-ue2-dev-vpc.planfile]",
                "ARGV [plan] [-var-file] [plat-ue2-staging-vpc.terraform.tfvars.json] [-out] [plat-ue2-staging-vpc.planfile]");
        String all = Files.readString(log);
        // The first step has no identity: the nested terraform command picks its stack's; the second names one.
        assertThat(all.substring(0, all.indexOf("plat-ue2-staging"))).contains("ENV AWS_PROFILE=plat-dev/terraform");
        assertThat(all.substring(all.indexOf("ARGV [plan] [-var-file] [plat-ue2-staging"))).contains("ENV AWS_PROFILE=demo/admin")
                .contains("ENV ATMOS_IDENTITY=demo/admin");
    }

    @Test
    void theGoAtmosPassWorkflowPlansThroughTheStandIn() throws Exception {
        Path standin = tmp.resolve("terraform");
        Files.copy(Path.of(getClass().getResource("/terraform/standin.sh").toURI()), standin);
        standin.toFile().setExecutable(true);
        Path log = tmp.resolve("standin.log");
        TestHost host = upstream.host(tmp, "scenarios/workflows").env("ATMOS_COMPONENTS_TERRAFORM_COMMAND", standin.toString())
                .env("STANDIN_LOG", log.toString());
        // The fixture configures no identities: --identity=false (ATMOS_IDENTITY=false for the steps) runs terraform unauthenticated.
        Cli.Result r = Cli.with(host.build()).processes(new SystemProcessRunner()).run("workflow", "pass", "--file", "test", "--identity=false");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readString(log)).contains("ENV ATMOS_IDENTITY=false").doesNotContain("AWS_PROFILE");
        assertThat(Files.readAllLines(log)).contains("ARGV [plan] [-var-file] [nonprod-mock.terraform.tfvars.json] [-out] [nonprod-mock.planfile]");

        Cli.Result fail = Cli.with(host.build()).processes(new SystemProcessRunner()).run("workflow", "fail", "--file", "test", "--identity=false");
        assertThat(fail.exitCode()).isNotZero();
        assertThat(fail.err()).contains("▶ Executing command: atmos terraform plan mock -s idontexist")
                .contains("(workflow fail, step step1): atmos terraform plan mock -s idontexist")
                .contains("error: invalid stack: stack `idontexist` not found")
                .contains("hint: to resume the workflow from this step, run: atmos workflow fail -f test --identity false --from-step 'step1'");
    }

    @Test
    void theDemoWorkflowsDryRunNamesEachIdentityAndItsChain() {
        MemoryKeyring keyring = new MemoryKeyring();
        Cli.Result r = acme(keyring, "demo").run("workflow", "identities", "-f", "demo", "--dry-run");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("  whoami-admin [atmos] atmos auth whoami\n      identity:  demo/admin (demo-sso → demo/admin)\n")
                .contains("identity:  demo/readonly (demo-sso → demo/admin → demo/readonly)")
                .contains("  vpc-cidr [atmos] atmos describe component vpc -q .vars.ipv4_primary_cidr_block -s plat-ue2-dev\n");
        assertThat(shell.runs()).isEmpty();
        assertThat(keyring.keys()).as("nobody logged in").isEmpty();
    }

    @Test
    void anIdentityTheActiveProfileDoesNotDefineIsOneErrorBeforeAnythingRuns() {
        MemoryKeyring keyring = new MemoryKeyring();
        Cli.Result r = acme(keyring, "developers").run("workflow", "identities", "-f", "demo");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("""
                error: identity "demo/admin" (identity of step whoami-admin of workflow identities) is not defined: the active profile developers does not define it
                hint: profiles that define it: demo; switch with ATMOS_PROFILE=demo (or --profile demo)
                """);
        assertThat(shell.runs()).isEmpty();
    }

    @Test
    void aFailingStepKeepsTheSessionsTheWorkflowLoggedIn() {
        MemoryKeyring keyring = new MemoryKeyring();
        TestHost host = new TestHost(tmp).cwd(ACME).env("ATMOS_PROFILE", "demo");
        Cli.Result r = Cli.with(host.build()).systemKeyring(keyring).processes(shell).atmos(new RecordingAtmosRunner(1))
                .run("workflow", "identities", "-f", "demo", "--from-step", "readonly-env", "--stack", "plat-ue2-dev");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("(workflow identities, step vpc-cidr): atmos describe component vpc -q .vars.ipv4_primary_cidr_block -s 'plat-ue2-dev'")
                .contains("run: atmos workflow identities -f demo --from-step 'vpc-cidr' -s 'plat-ue2-dev'");
        assertThat(keyring.keys()).anyMatch(k -> k.endsWith("_demo/admin")).anyMatch(k -> k.endsWith("_demo/readonly"));
    }

    @Test
    void aBareIdentityFlagLetsTheUserChooseTheIdentityOfTheStepsThatNameNone() {
        MemoryKeyring keyring = new MemoryKeyring();
        TestHost host = new TestHost(tmp).cwd(ACME).env("ATMOS_PROFILE", "demo").terminals(Host.Terminals.ALL);
        ScriptedPrompter prompter = new ScriptedPrompter(true, "demo/readonly");
        Cli.Result r = Cli.with(host.build()).systemKeyring(keyring).processes(shell).prompter(prompter)
                .run("workflow", "identities", "-f", "demo", "--from-step", "vpc-cidr", "--identity");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(prompter.asked()).containsExactly("Select an identity:");
        assertThat(keyring.keys()).anyMatch(k -> k.endsWith("_demo/readonly"));
    }
}
