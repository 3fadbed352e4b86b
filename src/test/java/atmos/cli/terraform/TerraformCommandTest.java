package atmos.cli.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import atmos.error.ExitCode;
import atmos.exec.SystemProcessRunner;
import atmos.testing.AtmosProcess;
import atmos.testing.Cli;
import atmos.testing.FakeSts;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atmos terraform … -s <stack>} end to end: a recording stand-in for terraform (a real child
 * process) set as {@code components.terraform.command}, the stack's identity from an honest fake STS
 * (an aws/user with MFA and two roles), and Debian's aws CLI inside the stand-in as the real consumer
 * of the credentials.
 */
class TerraformCommandTest {
    private static final Path AWS = Path.of("/usr/bin/aws");

    @TempDir
    Path tmp;

    FakeSts sts;
    FakeSts.AccessKey key;
    FakeSts.MfaDevice mfa;
    TestHost host;
    Path log;
    Path repo;

    @BeforeEach
    void setUp() throws Exception {
        sts = FakeSts.start();
        FakeSts.User user = sts.addUser("111111111111", "superadmin");
        key = sts.createAccessKey(user);
        mfa = sts.enableVirtualMfa(user);
        sts.role("arn:aws:iam::222222222222:role/DevAdmin").trust(user).maxSessionDuration(Duration.ofHours(4)).create();
        sts.role("arn:aws:iam::333333333333:role/ProdAdmin").trust(user).maxSessionDuration(Duration.ofHours(4)).create();
        repo = tmp.resolve("repo");
        host = new TestHost(tmp).cwd(repo).clock(sts.clock());
        Path standin = tmp.resolve("bin/terraform-standin");
        Files.createDirectories(standin.getParent());
        Files.copy(Path.of(getClass().getResource("/terraform/standin.sh").toURI()), standin, StandardCopyOption.REPLACE_EXISTING);
        standin.toFile().setExecutable(true);
        log = tmp.resolve("standin.log");
        host.env("STANDIN_LOG", log.toString()).env("AWS_ENDPOINT_URL_STS", sts.endpoint()).env("STANDIN_STS", sts.endpoint())
                .env("ATMOS_KEYRING_TYPE", "file").env("ATMOS_KEYRING_PASSWORD", "a password for the test keyring")
                .env("AWS_ACCESS_KEY_ID", "AKIAPARENTSHOULDGO").env("TF_CLI_ARGS_plan", "-lock=false").env("LANG", "C.UTF-8");
        host.write("atmos.yaml", """
                base_path: .
                components:
                  terraform:
                    base_path: components/terraform
                    command: %s
                    init_run_reconfigure: true
                stacks:
                  base_path: stacks
                  included_paths: ["**/*"]
                  excluded_paths: ["**/_defaults.yaml"]
                  name_pattern: "{stage}"
                auth:
                  realm: tf
                  identities:
                    superadmin:
                      kind: aws/user
                      credentials: {region: us-east-1, mfa_arn: %s}
                    dev-admin:
                      kind: aws/assume-role
                      via: {identity: superadmin}
                      principal: {assume_role: "arn:aws:iam::222222222222:role/DevAdmin"}
                    prod-admin:
                      kind: aws/assume-role
                      via: {identity: superadmin}
                      principal: {assume_role: "arn:aws:iam::333333333333:role/ProdAdmin"}
                """.formatted(standin, mfa.serialNumber()));
        host.write("stacks/dev/_defaults.yaml", "auth:\n  identities:\n    dev-admin:\n      default: true\n");
        host.write("stacks/dev/main.yaml", """
                import: [dev/_defaults]
                vars: {stage: dev}
                components:
                  terraform:
                    vpc:
                      vars: {cidr: 10.0.0.0/16, tags: {team: platform}}
                      env: {COMPONENT_NAME: vpc}
                    vpc-2:
                      metadata: {component: vpc}
                      vars: {cidr: 10.1.0.0/16}
                    base-vpc:
                      metadata: {type: abstract}
                    frozen:
                      metadata: {component: vpc, locked: true}
                """);
        host.write("stacks/prod.yaml", """
                vars: {stage: prod}
                auth: {identities: {prod-admin: {default: true}}}
                components: {terraform: {vpc: {vars: {cidr: 10.9.0.0/16}}}}
                """);
        host.write("components/terraform/vpc/main.tf", "variable \"cidr\" {}\n");
        Cli.Result configured = cli(key.accessKeyId() + "\n" + key.secretAccessKey() + "\n\n").run("auth", "user", "configure", "-i", "superadmin");
        assertThat(configured.exitCode()).as(configured.toString()).isZero();
    }

    @AfterEach
    void tearDown() {
        sts.close();
    }

    private Cli cli(String stdin) {
        return Cli.with(host.build()).processes(new SystemProcessRunner()).stdin(stdin);
    }

    private String code(int stepsAhead) {
        return mfa.codeAt(sts.now().plusSeconds(30L * stepsAhead));
    }

    private List<String> logged(String prefix) throws Exception {
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.startsWith(prefix)).toList() : List.of();
    }

    @Test
    void plan_runs_init_the_workspace_and_plan_in_the_component_directory_as_the_stacks_identity() throws Exception {
        Cli.Result r = cli(code(0) + "\n").run("terraform", "plan", "vpc", "-s", "dev", "-target=aws_vpc.this", "-var", "x=1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(logged("ARGV")).containsExactly(
                "ARGV [init] [-reconfigure]",
                "ARGV [workspace] [select] [-or-create] [dev]",
                "ARGV [plan] [-var-file] [dev-vpc.terraform.tfvars.json] [-out] [dev-vpc.planfile] [-target=aws_vpc.this] [-var] [x=1]");
        assertThat(logged("CWD")).containsOnly("CWD " + repo.resolve("components/terraform/vpc"));
        assertThat(logged("VARFILE")).containsExactly(
                "VARFILE {  \"cidr\": \"10.0.0.0/16\",  \"stage\": \"dev\",  \"tags\": {    \"team\": \"platform\"  }}");
        List<String> env = logged("ENV");
        assertThat(env).contains("ENV AWS_PROFILE=dev-admin", "ENV COMPONENT_NAME=vpc", "ENV TF_IN_AUTOMATION=true",
                "ENV TF_CLI_ARGS_plan=-lock=false", "ENV ATMOS_BASE_PATH=" + repo)
                .anyMatch(l -> l.startsWith("ENV AWS_SHARED_CREDENTIALS_FILE="))
                .noneMatch(l -> l.contains("AKIAPARENTSHOULDGO"));
        assertThat(r.out()).as("workspace selection is not shown").doesNotContain("Switched to workspace");
        assertThat(r.all()).doesNotContain(key.secretAccessKey());
        assertThat(sts.successCount("GetSessionToken")).isEqualTo(1);
        assertThat(sts.successCount("AssumeRole")).isEqualTo(1);
        if (Files.isExecutable(AWS)) {
            assertThat(logged("ARN")).singleElement().asString().contains("assumed-role/DevAdmin/");
        } else {
            assumeTrue(!"true".equals(System.getenv("CI")), "CI installs the aws CLI");
        }

        // The next command, a real process, reuses the session (no MFA code, no call to STS), and its
        // stdout carries Terraform's output alone: `atmos terraform output … -json | jq` works.
        Cli.Result output = AtmosProcess.run(host.build().env(), repo, "", AtmosProcess.command("terraform", "output", "vpc", "-s", "dev",
                "--", "-json"));
        assertThat(output.exitCode()).as(output.toString()).isZero();
        assertThat(output.out()).isEqualTo("{\"cidr_block\":{\"value\":\"10.0.0.0/18\"}}\n");
        assertThat(sts.successCount("AssumeRole")).isEqualTo(1);
        assertThat(logged("ARGV")).contains("ARGV [output] [-json]");
    }

    @Test
    void each_stack_runs_as_its_own_identity_and_the_flag_overrides_it() throws Exception {
        assertThat(cli(code(0) + "\n").run("terraform", "plan", "vpc", "-s", "prod").exitCode()).isZero();
        assertThat(logged("ENV AWS_PROFILE").stream().distinct()).containsExactly("ENV AWS_PROFILE=prod-admin");
        assertThat(cli("").run("terraform", "plan", "vpc", "-s", "prod", "--identity", "dev-admin").exitCode()).isZero();
        assertThat(logged("ENV AWS_PROFILE").stream().distinct()).containsExactly("ENV AWS_PROFILE=prod-admin", "ENV AWS_PROFILE=dev-admin");
    }

    @Test
    void required_identities_are_logged_in_too_so_their_profiles_are_in_the_shared_file() throws Exception {
        String config = Files.readString(repo.resolve("atmos.yaml")).replace(
                "principal: {assume_role: \"arn:aws:iam::333333333333:role/ProdAdmin\"}",
                "principal: {assume_role: \"arn:aws:iam::333333333333:role/ProdAdmin\"}\n      required: true");
        Files.writeString(repo.resolve("atmos.yaml"), config);
        Cli.Result r = cli(code(0) + "\n").run("terraform", "plan", "vpc", "-s", "dev", "--skip-init");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(sts.calls("AssumeRole")).extracting(c -> c.parameters().get("RoleArn"))
                .containsExactlyInAnyOrder("arn:aws:iam::222222222222:role/DevAdmin", "arn:aws:iam::333333333333:role/ProdAdmin");
        String credentials = logged("ENV AWS_SHARED_CREDENTIALS_FILE").get(0).substring("ENV AWS_SHARED_CREDENTIALS_FILE=".length());
        assertThat(Files.readString(Path.of(credentials))).contains("[dev-admin]").contains("[prod-admin]");
        assertThat(sts.successCount("GetSessionToken")).as("one MFA session for both").isEqualTo(1);
    }

    @Test
    void identity_false_runs_with_the_ambient_credentials_untouched() throws Exception {
        Cli.Result r = Cli.with(host.env("ATMOS_IDENTITY", "false").build()).processes(new SystemProcessRunner())
                .run("terraform", "plan", "vpc", "-s", "dev");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(logged("ENV")).contains("ENV AWS_ACCESS_KEY_ID=AKIAPARENTSHOULDGO").noneMatch(l -> l.startsWith("ENV AWS_PROFILE="));
        assertThat(sts.calls()).isEmpty();
    }

    @Test
    void terraforms_exit_code_is_atmoss_and_a_failed_init_stops_the_run() throws Exception {
        Cli.Result plan = Cli.with(host.env("STANDIN_EXIT_plan", "2").build()).processes(new SystemProcessRunner()).stdin(code(0) + "\n")
                .run("terraform", "plan", "vpc", "-s", "dev");
        assertThat(plan.exitCode()).isEqualTo(2);
        Files.deleteIfExists(log);
        Cli.Result init = Cli.with(host.env("STANDIN_EXIT_plan", null).env("STANDIN_EXIT_init", "1").build())
                .processes(new SystemProcessRunner()).run("terraform", "plan", "vpc", "-s", "dev");
        assertThat(init.exitCode()).isEqualTo(1);
        assertThat(logged("ARGV")).containsExactly("ARGV [init] [-reconfigure]");
    }

    @Test
    void a_workspace_that_cannot_be_selected_is_created() throws Exception {
        Cli.Result r = Cli.with(host.env("STANDIN_NO_OR_CREATE", "1").build()).processes(new SystemProcessRunner()).stdin(code(0) + "\n")
                .run("terraform", "plan", "vpc-2", "-s", "dev", "--skip-init");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(logged("ARGV")).containsExactly(
                "ARGV [workspace] [select] [-or-create] [dev-vpc-2]",
                "ARGV [workspace] [new] [dev-vpc-2]",
                "ARGV [plan] [-var-file] [dev-vpc-2.terraform.tfvars.json] [-out] [dev-vpc-2.planfile]");
        assertThat(logged("CWD")).containsOnly("CWD " + repo.resolve("components/terraform/vpc"));
        assertThat(r.out()).doesNotContain("workspace");
    }

    @Test
    void deploy_applies_with_auto_approve_and_apply_from_plan_applies_the_planfile() throws Exception {
        assertThat(cli(code(0) + "\n").run("terraform", "deploy", "vpc", "-s", "dev", "--skip-init").exitCode()).isZero();
        assertThat(logged("ARGV [apply]")).containsExactly("ARGV [apply] [-var-file] [dev-vpc.terraform.tfvars.json] [-auto-approve]");
        assertThat(repo.resolve("components/terraform/vpc/dev-vpc.terraform.tfvars.json")).as("removed after apply").doesNotExist();
        assertThat(cli("").run("terraform", "apply", "vpc", "-s", "dev", "--from-plan", "--skip-init").exitCode()).isZero();
        assertThat(logged("ARGV [apply]")).last().isEqualTo("ARGV [apply] [dev-vpc.planfile]");
    }

    @Test
    void dry_run_names_identity_chain_directory_and_varfile_and_runs_nothing() throws Exception {
        Cli.Result r = cli("").run("terraform", "plan", "vpc", "-s", "dev", "--dry-run");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Identity:   dev-admin (aws/assume-role)").contains("Chain:      superadmin → dev-admin")
                .contains("Directory:  " + repo.resolve("components/terraform/vpc"))
                .contains("Varfile:    " + repo.resolve("components/terraform/vpc/dev-vpc.terraform.tfvars.json"))
                .contains("plan -var-file dev-vpc.terraform.tfvars.json -out dev-vpc.planfile");
        assertThat(log).doesNotExist();
        assertThat(repo.resolve("components/terraform/vpc/dev-vpc.terraform.tfvars.json")).doesNotExist();
        assertThat(sts.calls()).isEmpty();
    }

    @Test
    void a_login_that_needs_a_person_and_has_none_says_which_login_to_run_and_terraform_never_starts() throws Exception {
        Cli.Result r = cli("").run("terraform", "plan", "vpc", "-s", "dev");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.AUTH.code());
        assertThat(r.err()).as(r.toString()).contains("error: identity \"dev-admin\" needs a login that asks for input")
                .contains("hint: run 'atmos auth login -i dev-admin' in a terminal first").doesNotContain("\tat ");
        assertThat(log).as("terraform never started").doesNotExist();
        assertThat(sts.successCount("AssumeRole")).isZero();
        // the stored keys survive the failed run: the next run with a code works
        assertThat(cli(code(0) + "\n").run("terraform", "plan", "vpc", "-s", "dev", "--skip-init").exitCode()).isZero();
    }

    @Test
    void bad_input_gets_one_clear_error_each() {
        Cli.Result noStack = cli("").run("terraform", "plan", "vpc");
        assertThat(noStack.exitCode()).isEqualTo(2);
        assertThat(noStack.err()).contains("needs a stack (-s/--stack)").contains("atmos list stacks");
        Cli.Result unknownComponent = cli("").run("terraform", "plan", "vcp", "-s", "dev");
        assertThat(unknownComponent.exitCode()).isNotZero();
        assertThat(unknownComponent.err()).contains("vcp").contains("vpc");
        Cli.Result unknownStack = cli("").run("terraform", "plan", "vpc", "-s", "dve");
        assertThat(unknownStack.exitCode()).isEqualTo(2);
        assertThat(unknownStack.err()).contains("`dve` not found").contains("`dev`");
        Cli.Result abstractOne = cli("").run("terraform", "plan", "base-vpc", "-s", "dev");
        assertThat(abstractOne.exitCode()).isEqualTo(2);
        assertThat(abstractOne.err()).contains("marked as abstract");
        Cli.Result locked = cli("").run("terraform", "apply", "frozen", "-s", "dev");
        assertThat(locked.err()).contains("cannot be modified (metadata.locked: true)");
        Cli.Result notInProfile = cli("").run("terraform", "plan", "vpc", "-s", "dev", "-i", "nobody");
        assertThat(notInProfile.exitCode()).isEqualTo(3);
        assertThat(notInProfile.err()).contains("identity \"nobody\"").contains("is not defined");
        for (Cli.Result x : List.of(noStack, unknownComponent, unknownStack, abstractOne, locked, notInProfile)) {
            assertThat(x.err()).startsWith("error: ").contains("hint: ").doesNotContain("\tat ");
        }
    }

    @Test
    void a_backend_file_is_generated_when_atmos_yaml_asks_and_clean_removes_what_atmos_made() throws Exception {
        String config = Files.readString(repo.resolve("atmos.yaml")).replace("init_run_reconfigure: true",
                "init_run_reconfigure: true\n    auto_generate_backend_file: true");
        Files.writeString(repo.resolve("atmos.yaml"), config);
        host.write("stacks/dev/_defaults.yaml", """
                terraform:
                  backend_type: s3
                  backend: {s3: {bucket: acme-tfstate, key: terraform.tfstate}}
                auth:
                  identities:
                    dev-admin:
                      default: true
                """);
        Cli.Result plan = cli(code(0) + "\n").run("terraform", "plan", "vpc", "-s", "dev");
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        Path dir = repo.resolve("components/terraform/vpc");
        assertThat(Files.readString(dir.resolve("backend.tf.json"))).contains("\"s3\": {").contains("\"bucket\": \"acme-tfstate\"")
                .contains("\"workspace_key_prefix\": \"vpc\"");
        Files.createDirectories(dir.resolve(".terraform"));
        Files.writeString(dir.resolve("dev-vpc.planfile"), "plan");
        Cli.Result clean = cli("").run("terraform", "clean", "vpc", "-s", "dev", "--force");
        assertThat(clean.exitCode()).as(clean.toString()).isZero();
        assertThat(dir.resolve("backend.tf.json")).doesNotExist();
        assertThat(dir.resolve("dev-vpc.planfile")).doesNotExist();
        assertThat(dir.resolve(".terraform")).doesNotExist();
        assertThat(dir.resolve("main.tf")).exists();
        Cli.Result unconfirmed = cli("").run("terraform", "clean", "vpc", "-s", "dev");
        assertThat(unconfirmed.exitCode()).isZero();
        assertThat(unconfirmed.err()).contains("Nothing to clean");
    }
}
