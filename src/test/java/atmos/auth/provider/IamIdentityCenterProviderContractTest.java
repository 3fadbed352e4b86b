package atmos.auth.provider;

import atmos.system.Prompter;
import atmos.testing.FakeAwsSso;
import atmos.testing.FakeSts;
import atmos.testing.ScriptedPrompter;
import atmos.testing.TestHost;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

/** aws/iam-identity-center (device code, approved at once) held to the same contract. */
class IamIdentityCenterProviderContractTest extends ProviderContractTest {
    FakeSts sts;
    FakeAwsSso sso;

    @Override
    protected void arrange(TestHost host) {
        sts = FakeSts.start();
        sso = FakeAwsSso.builder().sts(sts).pollInterval(Duration.ofSeconds(1)).build();
        sso.addUser("alice");
        sso.autoApproveDevices(Duration.ZERO);
        host.clock(sso.clock()).env("AWS_ENDPOINT_URL_SSO_OIDC", sso.oidcEndpoint()).env("AWS_ENDPOINT_URL_SSO", sso.portalEndpoint());
        host.write("atmos.yaml", """
                auth:
                  providers:
                    provider: {kind: aws/iam-identity-center, region: us-east-1, start_url: "%s"}
                """.formatted(sso.startUrl()));
    }

    @Override
    protected void arrangeRefusal(TestHost host) {
        try (ServerSocket s = new ServerSocket(0)) {
            host.env("AWS_ENDPOINT_URL_SSO_OIDC", "http://127.0.0.1:" + s.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
        sso.close();
        sts.close();
    }
}
