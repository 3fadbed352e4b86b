package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.system.Host;
import atmos.testing.Cli;
import atmos.testing.TestHost;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListCommandTest {
    @TempDir
    Path tmp;

    TestHost host;

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp);
        host.write("atmos.yaml", """
                auth:
                  providers:
                    acme-sso:
                      kind: aws/iam-identity-center
                      region: us-east-1
                      start_url: https://acme.awsapps.com/start
                      tags: [sso]
                  identities:
                    core-identity/admin:
                      kind: aws/permission-set
                      default: true
                      via: {provider: acme-sso}
                      principal: {name: AdministratorAccess, account: {name: core-identity}}
                    plat-prod/admin:
                      kind: aws/assume-role
                      alias: prod
                      via: {identity: core-identity/admin}
                      principal: {assume_role: "arn:aws:iam::999999999999:role/Admin"}
                    breakglass:
                      kind: aws/user
                      tags: [emergency]
                      credentials:
                        access_key_id: AKIAIOSFODNN7EXAMPLE
                        secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
                """);
    }

    private Cli.Result list(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "auth";
        all[1] = "list";
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(host.build(), all);
    }

    @Test
    void treeIsTheDefaultWhenStdoutIsNotATerminal() {
        Cli.Result r = list();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("""
                Authentication Configuration
                ├── acme-sso (aws/iam-identity-center)
                │   ├── Region: us-east-1
                │   ├── Start URL: https://acme.awsapps.com/start
                │   └── Identities
                │       └── core-identity/admin (aws/permission-set) [DEFAULT]
                │           ├── Principal
                │           │   ├── account
                │           │   │   └── name: core-identity
                │           │   └── name: AdministratorAccess
                │           └── plat-prod/admin (aws/assume-role) [ALIAS: prod]
                │               └── Principal
                │                   └── assume_role: arn:aws:iam::999999999999:role/Admin
                └── Standalone Identities
                    └── breakglass (aws/user)
                """);
    }

    @Test
    void tableIsTheDefaultOnATerminalAndShowsChains() {
        host.terminals(new Host.Terminals(false, true, false)).env("NO_COLOR", "1");
        Cli.Result r = list();
        assertThat(r.out()).contains("PROVIDERS", "IDENTITIES")
                .contains("acme-sso  aws/iam-identity-center  us-east-1  https://acme.awsapps.com/start\n")
                .containsPattern("plat-prod/admin\\s+aws/assume-role\\s+acme-sso → core-identity/admin → plat-prod/admin\\s+prod")
                .containsPattern("core-identity/admin\\s+aws/permission-set\\s+acme-sso → core-identity/admin\\s+✓");
    }

    @Test
    void jsonCarriesTheConfigAndChainsButNeverSecrets() {
        Cli.Result r = list("--format", "json");
        assertThat(r.out()).contains("\"chain\": [\n        \"acme-sso\",\n        \"core-identity/admin\",\n        \"plat-prod/admin\"\n      ]")
                .contains("\"secret_access_key\": \"***REDACTED***\"")
                .doesNotContain("wJalrXUtnFEMI").doesNotContain("AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void yamlIsAvailableToo() {
        Cli.Result r = list("-f", "yaml");
        assertThat(r.out()).contains("identities:\n  breakglass:\n    kind: aws/user").doesNotContain("wJalrXUtnFEMI");
    }

    @Test
    void mermaidDrawsProvidersIdentitiesAndEdges() {
        Cli.Result r = list("-f", "mermaid");
        assertThat(r.out()).startsWith("graph LR\n")
                .contains("  p_acme_sso[\"acme-sso<br/>aws/iam-identity-center\"]\n")
                .contains("  p_acme_sso --> i_core_identity_admin\n")
                .contains("  i_core_identity_admin --> i_plat_prod_admin\n")
                .contains("  class i_core_identity_admin default\n");
    }

    @Test
    void graphvizAndMarkdownAreAvailable() {
        assertThat(list("-f", "graphviz").out()).startsWith("digraph AuthConfig {").contains("\"p:acme-sso\" -> \"i:core-identity/admin\";");
        assertThat(list("-f", "markdown").out()).startsWith("# Authentication Configuration\n\n```mermaid\ngraph LR");
    }

    @Test
    void providersAndIdentitiesCanBeListedAlone() {
        assertThat(list("--providers", "-f", "json").out()).contains("\"providers\"").doesNotContain("\"identities\"");
        assertThat(list("--identities=breakglass", "-f", "json").out()).contains("\"breakglass\"").doesNotContain("plat-prod");
        Cli.Result both = list("--providers", "--identities");
        assertThat(both.exitCode()).isEqualTo(2);
        Cli.Result missing = list("--identities=nobody");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("identity \"nobody\" not found");
    }

    @Test
    void namesAndTagsFilterTheListing() {
        assertThat(list("-f", "json", "plat-*").out()).contains("plat-prod/admin").doesNotContain("breakglass").doesNotContain("core-identity/admin\": {");
        assertThat(list("-f", "json", "--tags", "emergency").out()).contains("breakglass").doesNotContain("plat-prod");
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        Cli.Result r = list("-f", "xml");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("invalid format \"xml\"");
    }

    @Test
    void anEmptyConfigurationSaysSo() {
        host.write("atmos.yaml", "auth: {}\n");
        assertThat(list().out()).isEqualTo("No providers or identities configured.\n");
    }
}
