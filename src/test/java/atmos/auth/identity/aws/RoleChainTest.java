package atmos.auth.identity.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.auth.AuthService;
import atmos.auth.KindRegistry;
import atmos.credentials.AwsCredentials;
import atmos.error.AtmosException;
import atmos.keyring.MemoryKeyring;
import atmos.testing.Engine;
import atmos.testing.FakeSts;
import atmos.testing.ScriptedPrompter;
import atmos.testing.TestHost;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Role chains through the real SDK against the fake STS: durations, chaining limits, AssumeRoot, keys from !env. */
class RoleChainTest {
    @TempDir
    Path tmp;

    FakeSts sts;
    FakeSts.AccessKey key;
    FakeSts.Role admin;
    TestHost host;

    @BeforeEach
    void setUp() {
        sts = FakeSts.start();
        FakeSts.User user = sts.addUser("111111111111", "ci");
        key = sts.createAccessKey(user);
        admin = sts.role("arn:aws:iam::222222222222:role/Admin").trust(user).maxSessionDuration(Duration.ofHours(4)).create();
        sts.role("arn:aws:iam::333333333333:role/Deploy").trust(admin).maxSessionDuration(Duration.ofHours(4)).create();
        sts.enableCentralizedRootAccess("222222222222", "444444444444");
        host = new TestHost(tmp).clock(sts.clock()).env("AWS_ENDPOINT_URL_STS", sts.endpoint())
                .env("CI_KEY_ID", key.accessKeyId()).env("CI_SECRET", key.secretAccessKey());
        host.write("atmos.yaml", """
                auth:
                  realm: chain
                  identities:
                    ci:
                      kind: aws/user
                      credentials:
                        access_key_id: !env CI_KEY_ID
                        secret_access_key: !env CI_SECRET
                        region: eu-west-1
                    admin:
                      kind: aws/assume-role
                      via: {identity: ci}
                      principal: {assume_role: "arn:aws:iam::222222222222:role/Admin", duration: 3h}
                    deploy:
                      kind: aws/assume-role
                      via: {identity: admin}
                      principal: {assume_role: "arn:aws:iam::333333333333:role/Deploy", duration: 3h, session_name: deploy-bot}
                    root-audit:
                      kind: aws/assume-root
                      via: {identity: admin}
                      principal:
                        target_principal: "444444444444"
                        task_policy_arn: arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials
                """);
    }

    @AfterEach
    void tearDown() {
        sts.close();
    }

    private Engine engine() {
        return new Engine(host.build(), KindRegistry.builtIn(), new MemoryKeyring(), new ScriptedPrompter(false));
    }

    @Test
    void keysFromEnvTagsLogInWithoutAnyKeyring() {
        AuthService.Session s = engine().service.login("ci", false);
        assertThat(((AwsCredentials) s.credentials()).region()).isEqualTo("eu-west-1");
        assertThat(sts.calls("GetSessionToken").get(0).parameters()).doesNotContainKey("SerialNumber");
    }

    @Test
    void aRoleFromAnIamUserSessionMayLastLongerThanAnHour() {
        engine().service.login("admin", false);
        assertThat(sts.calls("AssumeRole").get(0).parameters()).containsEntry("DurationSeconds", "10800");
    }

    @Test
    void aChainedRoleSessionIsClampedToOneHourWithAWarning() {
        Engine e = engine();
        AuthService.Session s = e.service.login("deploy", false);
        assertThat(sts.calls("AssumeRole").get(1).parameters()).containsEntry("DurationSeconds", "3600")
                .containsEntry("RoleSessionName", "deploy-bot");
        assertThat(e.notices).anyMatch(n -> n.contains("exceeds the 1h AWS allows for chained role sessions"));
        assertThat(s.expiration().orElseThrow()).isBetween(sts.now().plus(Duration.ofHours(1)).minusSeconds(5), sts.now().plus(Duration.ofHours(1)));
    }

    @Test
    void assumeRootSessionsLastFifteenMinutesOnTheTargetAccount() {
        AuthService.Session s = engine().service.login("root-audit", false);
        assertThat(sts.calls("AssumeRoot").get(0).parameters()).containsEntry("DurationSeconds", "900")
                .containsEntry("TargetPrincipal", "444444444444")
                .containsEntry("TaskPolicyArn.arn", "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials");
        assertThat(s.expiration().orElseThrow()).isBetween(sts.now().plus(Duration.ofMinutes(15)).minusSeconds(5), sts.now().plus(Duration.ofMinutes(15)));
    }

    @Test
    void anUntrustedRoleIsAClearErrorNamingTheChain() {
        host.write("atmos.yaml", """
                auth:
                  identities:
                    ci:
                      kind: aws/user
                      credentials: {access_key_id: !env CI_KEY_ID, secret_access_key: !env CI_SECRET}
                    nope:
                      kind: aws/assume-role
                      via: {identity: ci}
                      principal: {assume_role: "arn:aws:iam::333333333333:role/Deploy"}
                """);
        assertThatThrownBy(() -> engine().service.login("nope", false))
                .isInstanceOf(AtmosException.class)
                .hasMessageContaining("cannot assume role arn:aws:iam::333333333333:role/Deploy as \"nope\" (step ci → nope)")
                .hasMessageContaining("AccessDenied")
                .satisfies(ex -> assertThat(((AtmosException) ex).hint()).contains("trust policy"))
                .hasMessageNotContaining(key.secretAccessKey());
    }

    @Test
    void aCachedParentSessionIsReusedForEveryChildRole() {
        Engine e = engine();
        e.service.login("deploy", false);
        engine().service.login("root-audit", false);
        assertThat(sts.count("GetSessionToken")).isEqualTo(1);
        assertThat(sts.count("AssumeRole")).isEqualTo(2);
    }
}
