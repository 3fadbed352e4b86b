package atmos.cloud.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.error.AtmosException;
import atmos.testing.TestHost;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Go Atmos's Azure environment rules, clouds and endpoints, and the config directory names. */
class AzureEnvironmentTest {
    @TempDir
    Path tmp;

    @Test
    void theCliPathSetsNoTenantTheOidcPathDoesAndSovereignCloudsAreNamed() {
        AzureEnvironment.Change cli = AzureEnvironment.prepare(new AzureEnvironment.Settings("sub", "tenant", "eastus", "rg", "public",
                false, null, null, "/cfg"));
        assertThat(cli.set()).containsExactly(java.util.Map.entry("AZURE_SUBSCRIPTION_ID", "sub"), java.util.Map.entry("ARM_SUBSCRIPTION_ID", "sub"),
                java.util.Map.entry("AZURE_LOCATION", "eastus"), java.util.Map.entry("ARM_LOCATION", "eastus"),
                java.util.Map.entry("AZURE_RESOURCE_GROUP", "rg"), java.util.Map.entry("ARM_USE_CLI", "true"),
                java.util.Map.entry("AZURE_CONFIG_DIR", "/cfg"));
        AzureEnvironment.Change oidc = AzureEnvironment.prepare(new AzureEnvironment.Settings("sub", "tenant", null, null, "china",
                true, "app", "/token", null));
        assertThat(oidc.set()).containsEntry("ARM_TENANT_ID", "tenant").containsEntry("AZURE_TENANT_ID", "tenant")
                .containsEntry("ARM_USE_OIDC", "true").containsEntry("ARM_CLIENT_ID", "app").containsEntry("AZURE_CLIENT_ID", "app")
                .containsEntry("AZURE_FEDERATED_TOKEN_FILE", "/token").containsEntry("ARM_OIDC_TOKEN_FILE_PATH", "/token")
                .containsEntry("ARM_ENVIRONMENT", "china").containsEntry("AZURE_ENVIRONMENT", "china").doesNotContainKeys("ARM_USE_CLI", "AZURE_CONFIG_DIR");
        assertThat(cli.remove()).containsExactlyInAnyOrderElementsOf(List.of("AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET",
                "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_USERNAME", "AZURE_PASSWORD", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_SUBSCRIPTION_ID",
                "AZURE_TENANT_ID", "AZURE_LOCATION", "AZURE_REGION", "AZURE_CONFIG_DIR", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET",
                "ARM_CLIENT_CERTIFICATE_PATH", "ARM_SUBSCRIPTION_ID", "ARM_TENANT_ID", "ARM_USE_MSI", "ARM_USE_CLI", "ARM_USE_OIDC"));
    }

    @Test
    void cloudsAndTheirOverrides() {
        assertThat(CloudEnvironment.named(Optional.empty())).isEqualTo(CloudEnvironment.PUBLIC);
        assertThat(CloudEnvironment.named(Optional.of("USGovernment")).loginHost()).isEqualTo("login.microsoftonline.us");
        assertThatThrownBy(() -> CloudEnvironment.named(Optional.of("germany"))).isInstanceOf(AtmosException.class)
                .hasMessage("unknown cloud_environment \"germany\"");
        Endpoints china = Endpoints.of(CloudEnvironment.CHINA, new TestHost(tmp).build());
        assertThat(china.authority("t")).isEqualTo("https://login.chinacloudapi.cn/t/");
        assertThat(china.resourceManager()).hasToString("https://management.chinacloudapi.cn/");
        assertThat(china.microsoftAuthority()).isTrue();
        Endpoints custom = Endpoints.of(CloudEnvironment.PUBLIC, new TestHost(tmp).env("AZURE_AUTHORITY_HOST", "https://login.example.test:8443/")
                .env("AZURE_RESOURCE_MANAGER_ENDPOINT", "https://arm.example.test").build());
        assertThat(custom.authority("t")).isEqualTo("https://login.example.test:8443/t/");
        assertThat(custom.cacheEnvironment()).isEqualTo("login.example.test");
        assertThat(custom.resourceManager()).hasToString("https://arm.example.test/");
        assertThat(custom.microsoftAuthority()).as("instance discovery off").isFalse();
        assertThat(Endpoints.of(CloudEnvironment.PUBLIC, new TestHost(tmp).env("AZURE_AUTHORITY_HOST", "https://login.microsoftonline.com:8443").build())
                .microsoftAuthority()).as("Microsoft's name on another port is not Microsoft's").isFalse();
        assertThatThrownBy(() -> Endpoints.of(CloudEnvironment.PUBLIC, new TestHost(tmp).env("AZURE_AUTHORITY_HOST", "http://login.example.test").build()))
                .isInstanceOf(AtmosException.class).hasMessageContaining("AZURE_AUTHORITY_HOST must be an https URL");
    }

    @Test
    void identityNamesBecomeOneSafeDirectoryName() {
        assertThat(AzureCliFiles.dirName("plat-dev/terraform")).isEqualTo("plat-dev%2Fterraform");
        assertThat(AzureCliFiles.dirName("..")).isEqualTo("%2E.");
        assertThat(AzureCliFiles.dirName(".hidden")).isEqualTo("%2Ehidden");
        assertThat(AzureCliFiles.dirName("a b:ü")).isEqualTo("a%20b%3A%C3%BC");
        assertThatThrownBy(() -> new AzureCliFiles(tmp, tmp.resolve("azure")).providerDir("../x")).isInstanceOf(AtmosException.class);
    }
}
