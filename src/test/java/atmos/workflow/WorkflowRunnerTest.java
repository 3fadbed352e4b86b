package atmos.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.log.Log;
import atmos.testing.RecordingAtmosRunner;
import atmos.testing.RecordingProcessRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rules of a workflow run, with the steps' commands recorded instead of run: which stack and
 * identity each step gets, its environment, where it stops, how to resume, and what a dry run shows.
 */
class WorkflowRunnerTest {
    static final Path CWD = Path.of("/project");

    /** Identities that "log in" by adding AWS_PROFILE; records each use. */
    static final class FakeIdentities implements StepIdentities {
        final Set<String> defined;
        final List<String> used = new ArrayList<>();
        final List<String> checked = new ArrayList<>();

        FakeIdentities(String... defined) {
            this.defined = Set.of(defined);
        }

        @Override
        public void require(String identity, String because) {
            checked.add(identity);
            if (!defined.contains(identity)) {
                throw AtmosException.config("identity \"" + identity + "\" (" + because + ") is not defined", "define it");
            }
        }

        @Override
        public String chain(String identity) {
            return "sso → " + identity;
        }

        @Override
        public Map<String, String> environment(String identity, Map<String, String> base) {
            used.add(identity);
            Map<String, String> env = new LinkedHashMap<>(base);
            env.put("AWS_PROFILE", identity);
            env.put("ATMOS_IDENTITY", identity);
            return env;
        }
    }

    RecordingAtmosRunner atmos = new RecordingAtmosRunner(0);
    RecordingProcessRunner shell = new RecordingProcessRunner(0);
    FakeIdentities identities = new FakeIdentities("dev-admin", "prod-admin", "ci");
    StringWriter out = new StringWriter();
    List<String> info = new ArrayList<>();

    WorkflowRunner runner() {
        Map<String, String> base = new LinkedHashMap<>(Map.of("PATH", "/usr/bin:/bin", "FROM_PARENT", "yes"));
        return new WorkflowRunner(new WorkflowRunner.Context(base, CWD, Path.of("/project/base"), shell, atmos, identities,
                new PrintWriter(out, true), info::add, Log.silent()));
    }

    static Workflow.Step step(String name, String command) {
        return new Workflow.Step(name, command, "atmos", null, null, Map.of(), null);
    }

    static Workflow.Step step(String name, String command, String type, String stack, String identity, Map<String, String> env) {
        return new Workflow.Step(name, command, type, stack, identity, env, null);
    }

    static Workflow workflow(String stack, String identity, Map<String, String> env, Workflow.Step... steps) {
        return new Workflow("deploy", "networking.yaml", Path.of("/project/stacks/workflows/networking.yaml"), "", stack, identity, env, null,
                List.of(steps));
    }

    static WorkflowRunner.Request request() {
        return new WorkflowRunner.Request(null, null, null, false);
    }

    @Test
    void atmosStepsGetTheStackOfTheCommandLineThenTheStepThenTheWorkflowBeforeAnyDoubleDash() {
        Workflow wf = workflow("nonprod", null, Map.of(),
                step("plain", "terraform plan mock -- -consolidate-warnings=false"),
                step("own-stack", "terraform plan mock --stack wrongstack", "atmos", "prod", null, Map.of()),
                step("inline", "atmos terraform plan mock -s=x -sfoo --stack=y -s z"));
        runner().run(wf, request(), "atmos workflow deploy -f networking");
        assertThat(atmos.runs()).extracting(RecordingAtmosRunner.Run::args).containsExactly(
                List.of("terraform", "plan", "mock", "-s", "nonprod", "--", "-consolidate-warnings=false"),
                List.of("terraform", "plan", "mock", "-s", "prod"),
                List.of("terraform", "plan", "mock", "-s", "nonprod"));
        assertThat(info).containsExactly("▶ Executing command: atmos terraform plan mock -- -consolidate-warnings=false",
                "▶ Executing command: atmos terraform plan mock --stack wrongstack",
                "▶ Executing command: atmos terraform plan mock -s=x -sfoo --stack=y -s z");

        atmos.runs().clear();
        runner().run(wf, new WorkflowRunner.Request("staging", null, null, false), "atmos workflow deploy");
        assertThat(atmos.runs()).allSatisfy(r -> assertThat(String.join(" ", r.args())).contains("-s staging"));
        assertThat(atmos.runs()).allSatisfy(r -> assertThat(r.cwd()).isEqualTo(CWD));
    }

    @Test
    void aStepWithoutAStackKeepsItsCommandLineAsWritten() {
        runner().run(workflow(null, null, Map.of(), step("s", "describe component vpc -s plat-ue2-dev -q '.vars.x'")), request(), "x");
        assertThat(atmos.runs().get(0).args()).containsExactly("describe", "component", "vpc", "-s", "plat-ue2-dev", "-q", ".vars.x");
    }

    @Test
    void theStepsIdentityBeatsTheCommandLinesWhichBeatsTheWorkflows() {
        Workflow wf = workflow(null, "ci", Map.of(),
                step("own", "auth whoami", "atmos", null, "prod-admin", Map.of()),
                step("default", "auth whoami"));
        runner().run(wf, request(), "x");
        assertThat(atmos.runs()).extracting(r -> r.env().get("AWS_PROFILE")).containsExactly("prod-admin", "ci");

        atmos.runs().clear();
        runner().run(wf, new WorkflowRunner.Request(null, "dev-admin", null, false), "x");
        assertThat(atmos.runs()).extracting(r -> r.env().get("ATMOS_IDENTITY")).containsExactly("prod-admin", "dev-admin");

        atmos.runs().clear();
        runner().run(wf, new WorkflowRunner.Request(null, "false", null, false), "x");
        assertThat(atmos.runs()).extracting(r -> r.env().get("ATMOS_IDENTITY")).containsExactly("prod-admin", "false");
        assertThat(atmos.runs().get(1).env()).doesNotContainKey("AWS_PROFILE");
    }

    @Test
    void theEnvironmentLayersParentWorkflowStepThenTheIdentity() {
        Workflow wf = workflow(null, null, Map.of("FOO", "workflow", "BAZ", "foo"),
                step("one", "echo \"$FOO - $BAZ\"", "shell", null, null, Map.of("BAZ", "baz")),
                step("two", "env", "shell", null, "dev-admin", Map.of("AWS_PROFILE", "overridden-by-identity")),
                step("three", "env", "shell", null, null, Map.of()));
        runner().run(wf, request(), "x");
        assertThat(shell.runs().get(0).command()).containsExactly("sh", "-c", "echo \"$FOO - $BAZ\"");
        assertThat(shell.runs().get(0).env()).containsEntry("FOO", "workflow").containsEntry("BAZ", "baz").containsEntry("FROM_PARENT", "yes")
                .doesNotContainKey("AWS_PROFILE");
        assertThat(shell.runs().get(1).env()).containsEntry("AWS_PROFILE", "dev-admin").containsEntry("ATMOS_IDENTITY", "dev-admin");
        assertThat(shell.runs().get(2).env()).containsEntry("BAZ", "foo").doesNotContainKey("AWS_PROFILE");
        assertThat(shell.runs()).allSatisfy(r -> assertThat(r.dir()).isEqualTo(CWD));
    }

    @Test
    void shellStepsRunInTheirWorkingDirectoryRelativeToTheBasePath() {
        Workflow wf = new Workflow("w", "f.yaml", null, "", null, null, Map.of(), "components",
                List.of(new Workflow.Step("a", "pwd", "shell", null, null, Map.of(), null),
                        new Workflow.Step("b", "pwd", "shell", null, null, Map.of(), "/tmp"),
                        new Workflow.Step("c", "pwd", "shell", null, null, Map.of(), "stacks/../modules")));
        runner().run(wf, request(), "x");
        assertThat(shell.runs()).extracting(RecordingProcessRunner.Run::dir)
                .containsExactly(Path.of("/project/base/components"), Path.of("/tmp"), Path.of("/project/base/modules"));
    }

    @Test
    void theFirstFailingStepStopsTheWorkflowWithItsExitCodeAndHowToResume() {
        atmos = new RecordingAtmosRunner(3);
        Workflow wf = workflow("prod", null, Map.of(), step("plan", "terraform plan vpc"), step("apply", "terraform apply vpc"));
        assertThatThrownBy(() -> runner().run(wf, request(), "atmos workflow deploy -f networking"))
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(3);
                    assertThat(e.getMessage()).isEqualTo("workflow step execution failed with exit code 3 (workflow deploy, step plan): "
                            + "atmos terraform plan vpc -s 'prod'");
                    assertThat(e.hint()).isEqualTo("to resume the workflow from this step, run: "
                            + "atmos workflow deploy -f networking --from-step 'plan' -s 'prod'");
                });
        assertThat(atmos.runs()).hasSize(1);
    }

    @Test
    void fromStepSkipsTheStepsBeforeIt() {
        Workflow wf = workflow(null, null, Map.of(), step("one", "version"), step("two", "auth whoami", "atmos", null, "dev-admin", Map.of()),
                step("three", "auth whoami", "atmos", null, "prod-admin", Map.of()));
        runner().run(wf, new WorkflowRunner.Request(null, null, "two", false), "x");
        assertThat(atmos.runs()).extracting(r -> r.args().get(0)).containsExactly("auth", "auth");
        assertThat(identities.used).containsExactly("dev-admin", "prod-admin");

        assertThatThrownBy(() -> runner().run(wf, new WorkflowRunner.Request(null, null, "dne", false), "x"))
                .isInstanceOfSatisfying(AtmosException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).isEqualTo("invalid from-step flag: the --from-step flag was set to dne, but this step does not exist in workflow deploy");
                    assertThat(e.hint()).isEqualTo("available steps: one, two, three");
                });
    }

    @Test
    void everyIdentityIsCheckedBeforeTheFirstStepRuns() {
        Workflow wf = workflow(null, null, Map.of(), step("one", "version"), step("two", "auth whoami", "atmos", null, "typo-admin", Map.of()));
        assertThatThrownBy(() -> runner().run(wf, request(), "x")).isInstanceOf(AtmosException.class)
                .hasMessageContaining("identity \"typo-admin\" (identity of step two of workflow deploy) is not defined");
        assertThat(atmos.runs()).isEmpty();
        assertThat(identities.used).isEmpty();

        Workflow defaults = workflow(null, "typo-ci", Map.of(), step("one", "version"));
        assertThatThrownBy(() -> runner().run(defaults, request(), "x"))
                .hasMessageContaining("identity \"typo-ci\" (identity of workflow deploy, for step one) is not defined");
        assertThatThrownBy(() -> runner().run(defaults, new WorkflowRunner.Request(null, "typo-flag", null, false), "x"))
                .hasMessageContaining("identity \"typo-flag\" (chosen with --identity or ATMOS_IDENTITY, for step one of workflow deploy) is not defined");
    }

    @Test
    void aDryRunPrintsEachStepWithItsStackAndIdentityAndRunsNothing() {
        Workflow wf = workflow("nonprod", null, Map.of(), step("plan", "terraform plan vpc", "atmos", null, "dev-admin", Map.of()),
                step("check", "aws sts get-caller-identity", "shell", null, null, Map.of()));
        runner().run(wf, new WorkflowRunner.Request(null, null, null, true), "x");
        assertThat(atmos.runs()).isEmpty();
        assertThat(shell.runs()).isEmpty();
        assertThat(identities.used).isEmpty();
        assertThat(identities.checked).containsExactly("dev-admin");
        assertThat(out.toString()).isEqualTo("""
                Workflow deploy (networking.yaml), dry run: nothing is run and nobody logs in.
                  plan [atmos] atmos terraform plan vpc -s nonprod
                      identity:  dev-admin (sso → dev-admin)
                  check [shell] aws sts get-caller-identity
                      directory: /project
                      identity:  (none: the command decides)
                """);
    }

    @Test
    void aWorkflowWithoutStepsOrWithAnUnknownStepTypeIsAConfigurationError() {
        assertThatThrownBy(() -> runner().run(workflow(null, null, Map.of()), request(), "x"))
                .isInstanceOfSatisfying(AtmosException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG);
                    assertThat(e.getMessage()).isEqualTo("workflow deploy has no steps: it is empty and requires at least one step to execute");
                });
        Workflow bad = workflow(null, null, Map.of(), step("ok", "version"), step("step2", "echo x", "invalid", null, null, Map.of()));
        assertThatThrownBy(() -> runner().run(bad, request(), "x"))
                .hasMessage("invalid workflow step type: workflow deploy step step2 uses unsupported type invalid");
        assertThat(atmos.runs()).as("nothing runs before the whole workflow is known to be valid").isEmpty();
    }
}
