package atmos.stack;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.config.AtmosConfig;
import atmos.config.AuthConfig;
import atmos.config.ConfigLoader;
import atmos.testing.Cli;
import atmos.testing.TestHost;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bundled example ({@code examples/acme}) is a real Atmos repository: every stack lists and
 * describes, and each stack's default identity is {@code <tenant>-<stage>/terraform}, set by the
 * account's {@code _defaults.yaml}; each team profile maps it to the permission set of seed 000's table.
 */
class AcmeExampleTest {
    static final Path ACME = Path.of(System.getProperty("atmos.project.dir", ".")).resolve("examples/acme").toAbsolutePath();

    @TempDir
    Path tmp;

    private TestHost host() {
        return new TestHost(tmp).cwd(ACME);
    }

    private Stacks stacks(String profile) {
        var h = host().build();
        AtmosConfig config = new ConfigLoader(h, null).load(new ConfigLoader.Selection(List.of(), List.of(), null,
                profile == null ? List.of() : List.of(profile)));
        return Stacks.of(config, h);
    }

    static final List<String> STACKS = List.of("core-ue2-artifacts", "core-ue2-audit", "core-ue2-auto", "core-ue2-identity",
            "core-ue2-network", "core-ue2-root", "core-ue2-security", "plat-ue2-dev", "plat-ue2-prod", "plat-ue2-sandbox",
            "plat-ue2-staging");

    @Test
    void everyStackListsAndDescribes() {
        Cli.Result list = Cli.run(host().build(), "list", "stacks");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out().lines().toList()).containsExactlyElementsOf(STACKS);
        for (String stack : STACKS) {
            Cli.Result r = Cli.run(host().build(), "describe", "component", "vpc", "-s", stack, "--format", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            String stage = stack.substring(stack.lastIndexOf('-') + 1);
            assertThat(r.out()).contains("\"stage\": \"" + stage + "\"").contains("\"ipv4_primary_cidr_block\"");
        }
        Cli.Result components = Cli.run(host().build(), "list", "components");
        assertThat(components.out()).isEqualTo("vpc\tterraform\t11\n");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "core-ue2-artifacts,core-artifacts/terraform,core/artifacts",
            "core-ue2-audit,core-audit/terraform,core/audit",
            "core-ue2-auto,core-auto/terraform,core/auto",
            "core-ue2-identity,core-identity/terraform,core/identity",
            "core-ue2-network,core-network/terraform,core/network",
            "core-ue2-root,core-root/terraform,core/root",
            "core-ue2-security,core-security/terraform,core/security",
            "plat-ue2-dev,plat-dev/terraform,plat/dev",
            "plat-ue2-prod,plat-prod/terraform,plat/prod",
            "plat-ue2-sandbox,plat-sandbox/terraform,plat/sandbox",
            "plat-ue2-staging,plat-staging/terraform,plat/staging"})
    void eachStacksDefaultIdentityComesFromItsAccountDefaults(String stack, String identity, String account) {
        Stacks stacks = stacks(null);
        for (StackAuth auth : List.of(StackAuth.forStack(stacks, stack), StackAuth.forComponent(stacks, "vpc", stack))) {
            assertThat(auth.defaultIdentity()).isInstanceOf(StackAuth.Default.One.class);
            StackAuth.Default.One one = (StackAuth.Default.One) auth.defaultIdentity();
            assertThat(one.identity()).isEqualTo(identity);
            assertThat(one.source().file()).isEqualTo(ACME.resolve("stacks/orgs/acme/" + account + "/_defaults.yaml"));
            assertThat(one.source().line()).as("the line of default: true").isEqualTo(13);
        }
    }

    /** Seed 000's profile table: which permission set each team's profile maps the stack's identity to. */
    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource({
            "devops,core-ue2-auto,TerraformApplyAccess", "devops,plat-ue2-dev,TerraformApplyAccess", "devops,plat-ue2-prod,TerraformApplyAccess",
            "developers,core-ue2-auto,TerraformStateAccess", "developers,plat-ue2-dev,TerraformApplyAccess",
            "developers,plat-ue2-sandbox,TerraformApplyAccess", "developers,plat-ue2-staging,TerraformPlanAccess",
            "developers,plat-ue2-prod,TerraformPlanAccess",
            "managers,core-ue2-root,TerraformApplyAccess", "managers,plat-ue2-dev,TerraformApplyAccess", "managers,plat-ue2-prod,TerraformApplyAccess"})
    void eachProfileMapsTheStacksIdentityToItsPermissionSet(String profile, String stack, String permissionSet) {
        StackAuth auth = StackAuth.forComponent(stacks(profile), "vpc", stack);
        AuthConfig config = AuthConfig.from(auth.node());
        String identity = auth.defaultName().orElseThrow();
        assertThat(config.identity(identity)).isPresent();
        assertThat(config.identity(identity).get().principal().string("name")).contains(permissionSet);
        assertThat(config.identity(identity).get().kind()).isEqualTo("aws/permission-set");
    }
}
