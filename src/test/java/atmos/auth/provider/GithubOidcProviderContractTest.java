package atmos.auth.provider;

import atmos.system.Prompter;
import atmos.testing.FakeGithubOidc;
import atmos.testing.ScriptedPrompter;
import atmos.testing.TestHost;
import java.time.Clock;
import java.util.List;

class GithubOidcProviderContractTest extends ProviderContractTest {
    FakeGithubOidc github;

    @Override
    protected void arrange(TestHost host) {
        github = FakeGithubOidc.start(Clock.systemUTC());
        github.actionsEnv().forEach(host::env);
        host.clock(Clock.systemUTC());
        host.write("atmos.yaml", """
                auth:
                  providers:
                    provider: {kind: github/oidc, region: us-east-1, spec: {audience: sts.amazonaws.com}}
                """);
    }

    @Override
    protected void arrangeRefusal(TestHost host) {
        host.env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ghs_not-the-token-of-this-job");
    }

    @Override
    protected Prompter prompter() {
        return new ScriptedPrompter(false);
    }

    @Override
    protected List<String> secrets() {
        return List.of(github.requestToken(), "ghs_not-the-token-of-this-job");
    }

    @Override
    protected void stopFakes() {
        github.close();
    }
}
