package atmos.cli.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.exec.SystemProcessRunner;
import atmos.testing.Cli;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bundled example: which identity and permission set each team runs each stack with, and a whole offline plan. */
class AcmeTerraformTest {
    static final Path ACME = Path.of(System.getProperty("atmos.project.dir", ".")).resolve("examples/acme").toAbsolutePath();

    @TempDir
    Path tmp;

    /** Seed 000's profile table, through {@code atmos terraform plan vpc -s <stack> --dry-run}. */
    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource({
            "devops,core-ue2-auto,TerraformApplyAccess", "devops,core-ue2-root,TerraformApplyAccess",
            "devops,plat-ue2-dev,TerraformApplyAccess", "devops,plat-ue2-staging,TerraformApplyAccess",
            "devops,plat-ue2-prod,TerraformApplyAccess",
            "developers,core-ue2-auto,TerraformStateAccess", "developers,core-ue2-network,TerraformStateAccess",
            "developers,plat-ue2-dev,TerraformApplyAccess", "developers,plat-ue2-sandbox,TerraformApplyAccess",
            "developers,plat-ue2-staging,TerraformPlanAccess", "developers,plat-ue2-prod,TerraformPlanAccess",
            "managers,core-ue2-security,TerraformApplyAccess", "managers,plat-ue2-dev,TerraformApplyAccess",
            "managers,plat-ue2-prod,TerraformApplyAccess"})
    void a_dry_run_plan_names_the_identity_and_permission_set_of_the_profile_table(String profile, String stack, String permissionSet) {
        TestHost host = new TestHost(tmp).cwd(ACME).env("ATMOS_PROFILE", profile).env("ATMOS_KEYRING_TYPE", "memory");
        Cli.Result r = Cli.run(host.build(), "terraform", "plan", "vpc", "-s", stack, "--dry-run");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String[] parts = stack.split("-");
        String identity = parts[0] + "-" + parts[2] + "/terraform";
        assertThat(r.out()).contains("Identity:   " + identity + " (aws/permission-set, permission set " + permissionSet
                + ", account " + parts[0] + "-" + parts[2] + ")").contains("Chain:      acme-sso → " + identity)
                .contains("terraform plan -var-file " + stack + "-vpc.terraform.tfvars.json -out " + stack + "-vpc.planfile");
    }

    @Test
    void the_demo_profile_runs_a_whole_plan_offline_through_the_stand_in() throws Exception {
        Path copy = atmos.testing.Acme.copyTo(tmp.resolve("acme"));
        Path standin = tmp.resolve("terraform");
        Files.copy(Path.of(getClass().getResource("/terraform/standin.sh").toURI()), standin);
        standin.toFile().setExecutable(true);
        Path log = tmp.resolve("standin.log");
        TestHost host = new TestHost(tmp).cwd(copy).env("ATMOS_PROFILE", "demo").env("ATMOS_KEYRING_TYPE", "memory")
                .env("ATMOS_COMPONENTS_TERRAFORM_COMMAND", standin.toString()).env("STANDIN_LOG", log.toString());
        Cli.Result r = Cli.with(host.build()).processes(new SystemProcessRunner()).run("terraform", "plan", "vpc", "-s", "plat-ue2-dev");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).contains("ARGV [plan] [-var-file] [plat-ue2-dev-vpc.terraform.tfvars.json] [-out] [plat-ue2-dev-vpc.planfile]",
                "ENV AWS_PROFILE=plat-dev/terraform", "CWD " + copy.resolve("components/terraform/vpc"));
        assertThat(lines).anyMatch(l -> l.startsWith("VARFILE") && l.contains("\"ipv4_primary_cidr_block\": \"10.0.0.0/18\"")
                && l.contains("\"tenant\": \"plat\""));
    }
}
