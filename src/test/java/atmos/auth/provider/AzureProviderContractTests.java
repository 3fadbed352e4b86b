package atmos.auth.provider;

import atmos.system.Prompter;
import atmos.testing.FakeAzure;
import atmos.testing.FakeGithubOidc;
import atmos.testing.ScriptedPrompter;
import atmos.testing.TestCa;
import atmos.testing.TestHost;
import com.microsoft.aad.msal4j.DeviceCodeFlowParameters;
import com.microsoft.aad.msal4j.PublicClientApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The four Azure provider kinds held to the provider contract, each against FakeAzure over https. */
final class AzureProviderContractTests {
    private AzureProviderContractTests() {
    }

    /** FakeAzure with contoso and alice, and the host pointed at it (the test CA through SSL_CERT_FILE). */
    abstract static class Base extends ProviderContractTest {
        TestCa ca;
        FakeAzure azure;
        FakeAzure.Tenant contoso;
        FakeAzure.User alice;

        void start(TestHost host) {
            ca = TestCa.create();
            azure = FakeAzure.start(ca);
            contoso = azure.tenant("contoso.onmicrosoft.com", "Contoso");
            alice = azure.user(contoso, "alice@contoso.onmicrosoft.com", "Alice");
            host.env("SSL_CERT_FILE", ca.writePem(tmp.resolve("ca.pem")).toString()).env("AZURE_AUTHORITY_HOST", azure.authorityHost())
                    .env("AZURE_RESOURCE_MANAGER_ENDPOINT", azure.armEndpoint());
        }

        @Override
        protected Prompter prompter() {
            return new ScriptedPrompter(false);
        }

        @Override
        protected List<String> secrets() {
            return List.of();
        }

        @Override
        protected void stopFakes() {
            azure.close();
        }
    }

    static class DeviceCode extends Base {
        @Override
        protected void arrange(TestHost host) {
            start(host);
            azure.autoApproveDevices(alice, Duration.ZERO);
            host.write("atmos.yaml", "auth:\n  providers:\n    provider: {kind: azure/device-code, spec: {tenant_id: \"" + contoso.id() + "\"}}\n");
        }

        @Override
        protected void arrangeRefusal(TestHost host) {
            host.write("atmos.yaml", "auth:\n  providers:\n    provider: {kind: azure/device-code, spec: {tenant_id: fabrikam.onmicrosoft.com}}\n");
        }
    }

    /** Without a browser (the engine's context has none) the interactive kind signs in with a device code. */
    static class Interactive extends DeviceCode {
        @Override
        protected void arrange(TestHost host) {
            super.arrange(host);
            host.write("atmos.yaml", "auth:\n  providers:\n    provider: {kind: azure/interactive, spec: {tenant_id: \"" + contoso.id() + "\"}}\n");
        }

        @Override
        protected void arrangeRefusal(TestHost host) {
            azure.autoApproveDevices(null, Duration.ZERO).deviceCodeLifetime(Duration.ofSeconds(2));
        }
    }

    static class Oidc extends Base {
        FakeGithubOidc github;

        @Override
        protected void arrange(TestHost host) {
            start(host);
            github = FakeGithubOidc.start(Clock.systemUTC());
            github.actionsEnv().forEach(host::env);
            FakeAzure.App app = azure.app(contoso, "ci", new FakeAzure.Federated(github.issuer(), github.subject(), "api://AzureADTokenExchange"));
            host.write("atmos.yaml", "auth:\n  providers:\n    provider: {kind: azure/oidc, spec: {tenant_id: \"" + contoso.id()
                    + "\", client_id: \"" + app.clientId() + "\"}}\n");
        }

        @Override
        protected void arrangeRefusal(TestHost host) {
            host.env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ghs_not-the-token-of-this-job");
        }

        @Override
        protected List<String> secrets() {
            return List.of(github.requestToken(), "ghs_not-the-token-of-this-job");
        }

        @Override
        protected void stopFakes() {
            github.close();
            super.stopFakes();
        }
    }

    /** An az session made the way az makes it (MSAL, az's client id, the unified cache schema) in ~/.azure. */
    static class Cli extends Base {
        @Override
        protected void arrange(TestHost host) {
            start(host);
            azure.autoApproveDevices(alice, Duration.ZERO);
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setCertificateEntry("ca", ca.root());
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                SSLContext trust = SSLContext.getInstance("TLS");
                trust.init(null, tmf.getTrustManagers(), null);
                PublicClientApplication az = PublicClientApplication.builder(FakeAzure.AZURE_CLI)
                        .authority(azure.authorityHost() + "/" + contoso.id() + "/").instanceDiscovery(false)
                        .sslSocketFactory(trust.getSocketFactory()).build();
                az.acquireToken(DeviceCodeFlowParameters.builder(Set.of("https://management.core.windows.net//.default"), dc -> {
                }).build()).get(60, TimeUnit.SECONDS);
                Path dir = Files.createDirectories(host.home().resolve(".azure"));
                Files.writeString(dir.resolve("msal_token_cache.json"), az.tokenCache().serialize());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            host.write("atmos.yaml", "auth:\n  providers:\n    provider: {kind: azure/cli, spec: {tenant_id: \"" + contoso.id() + "\"}}\n");
        }

        @Override
        protected void arrangeRefusal(TestHost host) {
            try {
                Files.delete(host.home().resolve(".azure/msal_token_cache.json"));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
