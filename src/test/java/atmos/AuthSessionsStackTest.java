package atmos;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.auth.KindRegistry;
import atmos.config.AtmosConfig;
import atmos.config.ConfigLoader;
import atmos.config.IdentityConfig;
import atmos.log.Level;
import atmos.log.Log;
import atmos.testing.Cli;
import atmos.testing.ScriptedPrompter;
import atmos.testing.TestHost;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which identity a stack runs as, end to end on the bundled example: the stack's default identity
 * (from its account's {@code _defaults.yaml}), looked up in the active profile, gives the permission set
 * of seed 000's profile table; the order flag → component → stack → global; and the errors.
 */
class AuthSessionsStackTest {
    static final Path ACME = Path.of(System.getProperty("atmos.project.dir", ".")).resolve("examples/acme").toAbsolutePath();

    @TempDir
    Path tmp;

    TestHost host;
    StringWriter logText = new StringWriter();

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp).cwd(ACME).env("ATMOS_KEYRING_TYPE", "memory");
    }

    private AuthSessions sessions(String profile, ScriptedPrompter prompter) {
        if (profile != null) {
            host.env("ATMOS_PROFILE", profile);
        }
        var h = host.build();
        Log log = new Log(Level.DEBUG, new PrintWriter(logText, true), h.clock());
        Services services = new Services(h, new ByteArrayInputStream(new byte[0]), KindRegistry.builtIn(), log, null,
                x -> Optional.empty(), prompter, null, null);
        AtmosConfig config = new ConfigLoader(h, null).load(ConfigLoader.Selection.NONE);
        return new AuthSessions(services, () -> config, new PrintWriter(new StringWriter()), s -> { });
    }

    /** Seed 000: devops apply everywhere; developers state in core, apply in dev/sandbox, plan in staging/prod; managers apply. */
    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource({
            "devops,core-ue2-artifacts,TerraformApplyAccess", "devops,core-ue2-audit,TerraformApplyAccess",
            "devops,core-ue2-auto,TerraformApplyAccess", "devops,core-ue2-identity,TerraformApplyAccess",
            "devops,core-ue2-network,TerraformApplyAccess", "devops,core-ue2-root,TerraformApplyAccess",
            "devops,core-ue2-security,TerraformApplyAccess", "devops,plat-ue2-dev,TerraformApplyAccess",
            "devops,plat-ue2-sandbox,TerraformApplyAccess", "devops,plat-ue2-staging,TerraformApplyAccess",
            "devops,plat-ue2-prod,TerraformApplyAccess",
            "developers,core-ue2-artifacts,TerraformStateAccess", "developers,core-ue2-audit,TerraformStateAccess",
            "developers,core-ue2-auto,TerraformStateAccess", "developers,core-ue2-identity,TerraformStateAccess",
            "developers,core-ue2-network,TerraformStateAccess", "developers,core-ue2-root,TerraformStateAccess",
            "developers,core-ue2-security,TerraformStateAccess", "developers,plat-ue2-dev,TerraformApplyAccess",
            "developers,plat-ue2-sandbox,TerraformApplyAccess", "developers,plat-ue2-staging,TerraformPlanAccess",
            "developers,plat-ue2-prod,TerraformPlanAccess",
            "managers,core-ue2-artifacts,TerraformApplyAccess", "managers,core-ue2-audit,TerraformApplyAccess",
            "managers,core-ue2-auto,TerraformApplyAccess", "managers,core-ue2-identity,TerraformApplyAccess",
            "managers,core-ue2-network,TerraformApplyAccess", "managers,core-ue2-root,TerraformApplyAccess",
            "managers,core-ue2-security,TerraformApplyAccess", "managers,plat-ue2-dev,TerraformApplyAccess",
            "managers,plat-ue2-sandbox,TerraformApplyAccess", "managers,plat-ue2-staging,TerraformApplyAccess",
            "managers,plat-ue2-prod,TerraformApplyAccess"})
    void each_profile_runs_each_stack_as_its_identity_with_the_permission_set_of_the_table(String profile, String stack,
                                                                                           String permissionSet) {
        for (String component : new String[] {null, "vpc"}) {
            AuthSessions.Target t = sessions(profile, new ScriptedPrompter(false)).forStack(null, stack, component);
            String[] parts = stack.split("-");
            String expected = parts[0] + "-" + parts[2] + "/terraform";
            assertThat(t.identity()).contains(expected);
            IdentityConfig ic = t.service().identity(expected);
            assertThat(ic.kind()).isEqualTo("aws/permission-set");
            assertThat(ic.principal().string("name")).contains(permissionSet);
            assertThat(t.service().chain(expected).rootName()).isEqualTo("acme-sso");
        }
        assertThat(logText.toString()).contains("identity for stack " + stack).contains("_defaults.yaml:13").contains("profile lookup");
    }

    @Test
    void the_flag_and_the_environment_come_before_the_stack_and_false_disables_auth() {
        assertThat(sessions("devops", new ScriptedPrompter(false)).forStack("core-auto/terraform", "plat-ue2-dev", "vpc").identity())
                .contains("core-auto/terraform");
        host.env("ATMOS_IDENTITY", "core-root/terraform");
        assertThat(sessions("devops", new ScriptedPrompter(false)).forStack(null, "plat-ue2-dev", null).identity())
                .contains("core-root/terraform");
        host.env("ATMOS_IDENTITY", "off");
        assertThat(sessions("devops", new ScriptedPrompter(false)).forStack(null, "plat-ue2-dev", null).identity()).isEmpty();
        assertThat(sessions("devops", new ScriptedPrompter(false)).forStack("false", "plat-ue2-dev", null).identity()).isEmpty();
    }

    @Test
    void a_component_default_beats_the_stack_default_which_beats_the_global_one() throws Exception {
        Path repo = tmp.resolve("repo");
        host.cwd(repo);
        host.write("atmos.yaml", """
                stacks: {base_path: stacks, included_paths: ["**/*"], name_pattern: "{stage}"}
                components: {terraform: {base_path: components/terraform}}
                auth:
                  providers: {p: {kind: mock/aws, region: us-east-1}}
                  identities:
                    global-id: {kind: mock/aws, default: true, via: {provider: p}}
                    stack-id: {kind: mock/aws, via: {provider: p}}
                    comp-id: {kind: mock/aws, via: {provider: p}}
                """);
        host.write("stacks/dev.yaml", """
                vars: {stage: dev}
                auth: {identities: {stack-id: {default: true}}}
                components:
                  terraform:
                    vpc: {vars: {a: 1}}
                    eks:
                      auth: {identities: {comp-id: {default: true}}}
                """);
        host.write("stacks/prod.yaml", "vars: {stage: prod}\ncomponents: {terraform: {vpc: {vars: {a: 1}}}}\n");
        AuthSessions s = sessions(null, new ScriptedPrompter(false));
        assertThat(s.forStack(null, "dev", "eks").identity()).contains("comp-id");
        assertThat(s.forStack(null, "dev", "vpc").identity()).contains("stack-id");
        assertThat(s.forStack(null, "dev", null).identity()).contains("stack-id");
        assertThat(s.forStack(null, "prod", "vpc").identity()).contains("global-id");
    }

    @Test
    void a_repository_without_any_auth_runs_with_the_ambient_credentials() {
        host.cwd(tmp.resolve("plain"));
        host.write("atmos.yaml", "stacks: {base_path: stacks, included_paths: [\"**/*\"], name_pattern: \"{stage}\"}\n");
        host.write("stacks/dev.yaml", "vars: {stage: dev}\ncomponents: {terraform: {vpc: {vars: {a: 1}}}}\n");
        assertThat(sessions(null, new ScriptedPrompter(false)).forStack(null, "dev", "vpc").identity()).isEmpty();
    }

    @Test
    void several_defaults_in_a_stack_name_every_candidate_and_its_file_or_open_the_picker() throws Exception {
        host.cwd(tmp.resolve("repo"));
        host.write("atmos.yaml", """
                stacks: {base_path: stacks, included_paths: ["**/*"], name_pattern: "{stage}"}
                auth:
                  providers: {p: {kind: mock/aws, region: us-east-1}}
                  identities:
                    a: {kind: mock/aws, via: {provider: p}}
                    b: {kind: mock/aws, via: {provider: p}}
                """);
        host.write("stacks/dev.yaml", "vars: {stage: dev}\nimport: [common]\nauth: {identities: {a: {default: true}}}\n");
        host.write("stacks/common.yaml", "auth: {identities: {b: {default: true}}}\n");
        Cli.Result r = Cli.run(host.env("ATMOS_KEYRING_TYPE", "memory").build(), "auth", "whoami", "-s", "dev");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("several default identities for stack dev")
                .contains("a (stacks/dev.yaml:3)").contains("b (stacks/common.yaml:1)").contains("hint: choose one with --identity");
        ScriptedPrompter picker = new ScriptedPrompter(true, "b");
        assertThat(sessions(null, picker).forStack(null, "dev", null).identity()).contains("b");
    }

    @Test
    void a_stack_identity_the_profile_does_not_define_says_which_profiles_do() throws Exception {
        Path acme = atmos.testing.Acme.copyTo(tmp.resolve("acme"));
        java.nio.file.Files.createDirectories(acme.resolve("profiles/auditors"));
        java.nio.file.Files.writeString(acme.resolve("profiles/auditors/atmos.yaml"), """
                auth:
                  identities:
                    audit/readonly:
                      kind: aws/permission-set
                      via: {provider: acme-sso}
                      principal: {name: ReadOnlyAccess, account: {name: core-audit}}
                """);
        Cli.Result r = Cli.run(host.cwd(acme).env("ATMOS_PROFILE", "auditors").build(), "auth", "whoami", "-s", "plat-ue2-prod");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("error: identity \"plat-prod/terraform\" (the default of stack plat-ue2-prod, set in "
                        + "stacks/orgs/acme/plat/prod/_defaults.yaml:13) is not defined: the active profile auditors does not define it")
                .contains("hint: profiles that define it: demo, developers, devops, github-apply, github-plan, managers, superadmin;"
                        + " switch with ATMOS_PROFILE=demo").doesNotContain("\tat ");
    }

    @Test
    void auth_commands_take_the_stack_with_dash_s() {
        host.env("ATMOS_PROFILE", "developers");
        Cli.Result whoami = Cli.run(host.build(), "auth", "whoami", "-s", "plat-ue2-staging", "-o", "json");
        assertThat(whoami.out()).contains("\"identity\": \"plat-staging/terraform\"");
        Cli.Result unknown = Cli.run(host.build(), "auth", "login", "-s", "plat-ue2-stagin");
        assertThat(unknown.exitCode()).as("an unknown stack exits 1, as in the Go Atmos").isEqualTo(1);
        assertThat(unknown.err()).contains("stack `plat-ue2-stagin` not found").contains("plat-ue2-staging").contains("atmos list stacks");
        Cli.Result list = Cli.run(host.build(), "auth", "list", "-s", "plat-ue2-dev", "--identities", "plat-dev/terraform", "-f", "json");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("plat-dev/terraform").contains("TerraformApplyAccess");
        assertThat(List.of(list.out())).isNotEmpty();
    }
}
