package atmos.auth.provider;

import atmos.system.Prompter;
import atmos.testing.SamlWorld;
import atmos.testing.ScriptedPrompter;
import atmos.testing.TestHost;
import java.util.List;

/** aws/saml with the Okta driver (the other drivers share the provider; their flows are in SamlFlowTest). */
class SamlProviderContractTest extends ProviderContractTest {
    SamlWorld world;

    @Override
    protected void arrange(TestHost host) {
        world = SamlWorld.start();
        host.clock(world.sts.clock());
        host.write("atmos.yaml", """
                auth:
                  providers:
                    provider: {kind: aws/saml, driver: Okta, url: "%s", region: us-east-1, username: alice@acme.test,
                               spec: {remember_password: false}}
                """.formatted(world.idp.oktaAppUrl()));
    }

    @Override
    protected void arrangeRefusal(TestHost host) {
    }

    @Override
    protected Prompter prompter() {
        return new ScriptedPrompter(true, SamlWorld.PASSWORD);
    }

    @Override
    protected Prompter refusalPrompter() {
        return new ScriptedPrompter(true, "hunter2-wrong");
    }

    @Override
    protected List<String> secrets() {
        return List.of(SamlWorld.PASSWORD, "hunter2-wrong");
    }

    @Override
    protected void stopFakes() {
        world.close();
    }
}
