package atmos.custom;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.stack.Upstream;
import atmos.testing.CapturingProcessRunner;
import atmos.testing.Cli;
import atmos.testing.RecordingAtmosRunner;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom commands of atmos.yaml end to end, in process, with real shell steps: arguments, flags,
 * templates, env, nesting, merging across imports, the identity their steps run as, their errors, and
 * the Go Atmos fixtures ({@code scenarios/custom-command}, {@code examples/custom-commands}) against
 * its golden snapshots.
 */
class CustomCommandTest {
    static final Path ACME = Path.of(System.getProperty("atmos.project.dir", ".")).resolve("examples/acme").toAbsolutePath();

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    static Upstream upstream;

    CapturingProcessRunner shell = new CapturingProcessRunner();
    TestHost host;

    @BeforeAll
    static void copy() {
        upstream = Upstream.copy(shared);
    }

    private Cli.Result run(String... args) {
        return Cli.with(host.build()).processes(shell).run(args);
    }

    private void config(String yaml) {
        host = new TestHost(tmp);
        host.write("atmos.yaml", yaml);
    }

    @Test
    void theGoAtmosFixtureSeparatesTheArgumentsFromWhatFollowsTheDoubleDash() {
        host = upstream.host(tmp, "scenarios/custom-command");
        Cli.Result r = run("echo", "Name", "--", "-this", "--is", "trailing", "-", "arg");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(shell.out()).isEqualTo("Cobra Args: [Name]\nTrailing Args: [-this --is trailing - arg]\n");
    }

    @Test
    void theGoAtmosExampleGreetsAsItsGoldenSnapshotsSay() {
        host = upstream.host(tmp, "examples/custom-commands");
        Cli.Result neo = run("greet", "Neo");
        assertThat(neo.exitCode()).as(neo.toString()).isZero();
        assertThat(neo.out() + shell.out()).isEqualTo(Upstream.snapshot("TestCLICommands_atmos_greet_with_args.stdout.golden"));
        shell.runs().clear();
        Cli.Result dflt = run("greet");
        assertThat(dflt.out() + shell.out()).isEqualTo(Upstream.snapshot("TestCLICommands_atmos_greet_without_args.stdout.golden"));

        Cli.Result help = run("--help");
        assertThat(help.out()).containsPattern("\\n  hello +This command says Hello world\\n").containsPattern("\\n  github +")
                .containsPattern("\\n  weather +This command fetches the weather\\n");
        assertThat(run("github", "--help").out()).contains("status").contains("stargazers");
        Cli.Result weather = run("weather");
        assertThat(weather.exitCode()).isEqualTo(2);
        assertThat(weather.err()).contains("error: Missing required option: '--location=<location>'").contains("hint: see 'atmos weather --help'");
        assertThat(shell.runs()).as("greet ran; weather did not").hasSize(1);
    }

    @Test
    void argumentsFlagsAndEnvReachTheStepsThroughGoTemplates() {
        config("""
                env:
                  FROM_ATMOS_YAML: global
                commands:
                  - name: greet
                    description: Greets someone
                    arguments:
                      - name: name
                        required: true
                      - name: greeting
                        default: Hello
                    flags:
                      - name: loud
                        shorthand: l
                        type: bool
                      - name: punct
                        default: "!"
                      - name: quiet
                        type: bool
                        default: true
                    env:
                      - key: MESSAGE
                        value: "{{ .Arguments.greeting }}, {{ .Arguments.name }}{{ .Flags.punct }}"
                      - key: WHO
                        valueCommand: echo from-a-command
                    steps:
                      - 'echo "$MESSAGE loud={{ .Flags.loud }} quiet={{ .flags.quiet }} who=$WHO global=$FROM_ATMOS_YAML"'
                      - name: upper
                        command: 'echo "$STEP_VAR" | tr a-z A-Z'
                        env:
                          STEP_VAR: "{{ .Arguments.name }} in {{ .Cwd }}"
                  - name: env-map
                    env:
                      B: "{{ .Arguments.x }}"
                      A:
                        valueCommand: printf alpha
                    arguments:
                      - name: x
                    steps:
                      - echo "$A $B"
                """);
        Cli.Result r = run("greet", "Ada", "-l", "--punct", "?");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(shell.out()).isEqualTo("Hello, Ada? loud=true quiet=true who=from-a-command global=global\n"
                + "ADA IN " + host.cwd().toString().toUpperCase() + "\n");
        shell.runs().clear();
        assertThat(run("greet", "Bob", "Hi", "--quiet=false").exitCode()).isZero();
        assertThat(shell.out()).startsWith("Hi, Bob! loud=false quiet=false ");
        shell.runs().clear();
        assertThat(run("env-map", "beta").exitCode()).isZero();
        assertThat(shell.out()).isEqualTo("alpha beta\n");
    }

    @Test
    void aMissingArgumentOrFlagIsOneUsageErrorAndNothingRuns() {
        config("""
                commands:
                  - name: deploy
                    arguments:
                      - name: component
                        required: true
                      - name: stack
                        required: true
                    flags:
                      - name: reason
                        required: true
                    steps:
                      - echo deploying
                """);
        Cli.Result none = run("deploy", "--reason", "x");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("""
                error: atmos deploy requires the arguments component, stack (no default is configured)
                hint: usage: atmos deploy <component> <stack>; see 'atmos deploy --help'
                """);
        Cli.Result one = run("deploy", "vpc", "--reason", "x");
        assertThat(one.err()).startsWith("error: atmos deploy requires the argument stack (no default is configured); received 1: vpc\n");
        Cli.Result flag = run("deploy", "vpc", "dev");
        assertThat(flag.exitCode()).isEqualTo(2);
        assertThat(flag.err()).startsWith("error: Missing required option: '--reason=<reason>'\n");
        Cli.Result extra = run("deploy", "vpc", "dev", "more", "--reason", "x");
        assertThat(extra.exitCode()).isEqualTo(2);
        assertThat(extra.err()).startsWith("error: Unmatched argument at index 3: 'more'\n");
        assertThat(shell.runs()).isEmpty();
    }

    @Test
    void aFailingStepStopsTheCommandWithItsExitCode() {
        config("""
                commands:
                  - name: check
                    steps:
                      - echo first
                      - exit 7
                      - echo never
                """);
        Cli.Result r = run("check");
        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(shell.out()).isEqualTo("first\n");
        assertThat(r.err()).isEqualTo("""
                error: custom command atmos check failed at step 2 with exit code 7: exit 7
                hint: the step's own output above says why
                """);
    }

    @Test
    void nestedAndPathStyleCommandsAreMergedByNameAcrossImportsAndFragments() throws Exception {
        host = new TestHost(tmp);
        host.write("shared/commands.yaml", """
                commands:
                  - name: tools
                    description: Shared tools
                    commands:
                      - name: lint
                        steps: [echo shared lint]
                      - name: fmt
                        steps: [echo shared fmt]
                  - name: greet
                    description: from the import
                    steps: [echo imported greet]
                """);
        host.write("atmos.d/more.yaml", """
                commands:
                  - name: tools scan
                    description: Added by a fragment
                    steps: [echo fragment scan]
                """);
        host.write("atmos.yaml", """
                import:
                  - shared/commands.yaml
                commands:
                  - name: tools
                    commands:
                      - name: fmt
                        steps: [echo local fmt]
                  - name: greet
                    steps: [echo local greet]
                """);
        for (String[] args : new String[][]{{"tools", "lint"}, {"tools", "fmt"}, {"tools", "scan"}, {"greet"}}) {
            Cli.Result r = run(args);
            assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        }
        assertThat(shell.out()).isEqualTo("shared lint\nlocal fmt\nfragment scan\nlocal greet\n");
        Cli.Result help = run("--help");
        assertThat(help.out()).containsPattern("\\n  tools +Shared tools\\n").containsPattern("\\n  greet +from the import\\n");
        Cli.Result group = run("tools");
        assertThat(group.exitCode()).isZero();
        assertThat(group.err()).contains("Usage: atmos tools").contains("lint").contains("scan");
    }

    @Test
    void builtInCommandsWinAndCustomSubcommandsExtendBuiltInGroups() {
        config("""
                commands:
                  - name: version
                    steps: [echo custom version]
                  - name: auth
                    commands:
                      - name: hello
                        description: A custom auth subcommand
                        steps: [echo hello from auth]
                      - name: whoami
                        steps: [echo ignored]
                """);
        Cli.Result version = run("version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).contains("atmos-java");
        Cli.Result whoami = run("auth", "whoami");
        assertThat(whoami.err()).contains("custom command \"whoami\" defines steps that conflict with built-in command \"atmos auth whoami\"; "
                + "built-in behavior preserved, custom steps ignored");
        assertThat(shell.runs()).as("no custom step ran").isEmpty();
        Cli.Result hello = run("auth", "hello");
        assertThat(hello.exitCode()).as(hello.toString()).isZero();
        assertThat(shell.out()).isEqualTo("hello from auth\n");
        Cli.Result typo = run("vresion");
        assertThat(typo.err()).contains("hint: did you mean: atmos version");
    }

    @Test
    void unknownCommandsSuggestCustomOnesAndCompletionListsThem() {
        config("""
                commands:
                  - name: greet
                    aliases: [hi]
                    flags:
                      - name: punct
                    steps: [echo hi]
                  - name: github
                    commands:
                      - name: status
                        steps: [echo ok]
                """);
        Cli.Result typo = run("gret");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("hint: did you mean: atmos greet");
        assertThat(run("hi").exitCode()).as("an alias runs the command").isZero();
        assertThat(shell.out()).isEqualTo("hi\n");
        assertThat(run("completion", "__complete", "--", "g").out()).isEqualTo("greet\ngithub\n");
        assertThat(run("completion", "__complete", "--", "github", "").out()).isEqualTo("status\n");
        assertThat(run("completion", "__complete", "--", "greet", "--p").out()).contains("--punct").contains("--profile");
        assertThat(run("completion", "__complete", "--", "greet", "--ide").out()).isEqualTo("--identity\n");
    }

    @Test
    void atmosStepsRunAsNestedCommandsInTheWorkingDirectory() throws Exception {
        config("""
                commands:
                  - name: stacks
                    working_directory: infra
                    arguments:
                      - name: component
                    steps:
                      - type: atmos
                        command: atmos list stacks -c {{ .Arguments.component }}
                """);
        Files.createDirectories(host.cwd().resolve("infra"));
        RecordingAtmosRunner atmos = new RecordingAtmosRunner(0);
        Cli.Result r = Cli.with(host.build()).processes(shell).atmos(atmos).run("stacks", "vpc");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(atmos.runs()).singleElement().satisfies(run -> {
            assertThat(run.args()).containsExactly("list", "stacks", "-c", "vpc");
            assertThat(run.cwd()).isEqualTo(host.cwd().resolve("infra"));
        });
        host.write("atmos.yaml", "commands:\n  - name: bad\n    working_directory: nowhere\n    steps: [echo x]\n");
        Cli.Result bad = Cli.with(host.build()).processes(shell).run("bad");
        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.err()).startsWith("error: working_directory of custom command atmos bad is not a directory: " + host.cwd().resolve("nowhere"));
    }

    @Test
    void theCommandsIdentityGivesItsStepsTheirEnvironmentAndIdentityOverridesIt() {
        Path acme = copyOfTheExample();
        host = new TestHost(tmp).cwd(acme).env("ATMOS_PROFILE", "demo");
        try {
            Files.writeString(acme.resolve("atmos.d/profile.yaml"), """
                    commands:
                      - name: profile
                        identity: demo/admin
                        steps:
                          - echo "AWS_PROFILE=$AWS_PROFILE ATMOS_IDENTITY=$ATMOS_IDENTITY"
                    """);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        MemoryKeyring keyring = new MemoryKeyring();
        Cli cli = Cli.with(host.build()).systemKeyring(keyring).processes(shell);
        assertThat(cli.run("profile").exitCode()).isZero();
        assertThat(cli.run("profile", "--identity", "demo/readonly").exitCode()).isZero();
        assertThat(cli.run("profile", "--identity=false").exitCode()).isZero();
        assertThat(shell.out()).isEqualTo("AWS_PROFILE=demo/admin ATMOS_IDENTITY=demo/admin\n"
                + "AWS_PROFILE=demo/readonly ATMOS_IDENTITY=demo/readonly\n" + "AWS_PROFILE= ATMOS_IDENTITY=\n");

        Cli.Result undefined = Cli.with(host.env("ATMOS_PROFILE", "developers").build()).systemKeyring(keyring).processes(shell)
                .run("profile");
        assertThat(undefined.exitCode()).isEqualTo(3);
        assertThat(undefined.err()).isEqualTo("""
                error: identity "demo/admin" (identity of custom command atmos profile) is not defined: the active profile developers does not define it
                hint: profiles that define it: demo; switch with ATMOS_PROFILE=demo (or --profile demo)
                """);
    }

    @Test
    void componentConfigExposesTheComponentsDescriptionToTheSteps() {
        host = new TestHost(tmp).cwd(ACME);
        Cli.Result r = run("vpc", "cidr", "plat-ue2-dev");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(shell.out()).isEqualTo("plat-ue2-dev: 10.0.0.0/18\n");
        Cli.Result missing = run("vpc", "cidr");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("error: atmos vpc cidr requires the argument stack (no default is configured)\n");
    }

    @Test
    void yamlFunctionsAreEvaluatedInTheCommandThatRunsAndNowhereElse() {
        Path marker = tmp.resolve("marker");
        config("""
                commands:
                  - name: a
                    steps:
                      - !env GREETING_STEP
                  - name: b
                    steps:
                      - !exec touch %s
                """.formatted(marker));
        host.env("GREETING_STEP", "echo from the environment");
        Cli.Result r = run("a");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(shell.out()).isEqualTo("from the environment\n");
        assertThat(run("--help").out()).contains("  a ").contains("  b ");
        assertThat(marker).as("listing commands or running another one never runs b's !exec").doesNotExist();
    }

    @Test
    void verboseCommandsLogEachStepTheyRun() {
        config("""
                commands:
                  - name: info
                    verbose: true
                    steps:
                      - 'echo "Info: This is a basic message"'
                """);
        Cli.Result r = run("info");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("DEBUG Executing command=\"echo \"Info: This is a basic message\"\"");
        assertThat(shell.out()).isEqualTo("Info: This is a basic message\n");
    }

    /** The bundled example copied under tmp, so a test can add files to it. */
    private Path copyOfTheExample() {
        Path dest = tmp.resolve("acme");
        try (var walk = Files.walk(ACME)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path d = dest.resolve(ACME.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(d);
                } else {
                    Files.copy(p, d);
                }
            }
            Files.createDirectories(dest.resolve("atmos.d"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dest;
    }
}
