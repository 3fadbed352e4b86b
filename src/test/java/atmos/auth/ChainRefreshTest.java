package atmos.auth;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * What a 3-step chain (IAM user with MFA → role → role) costs in STS calls, counted on the fake: one per
 * step cold, none while the last step is fresh, only the steps that expired otherwise; and
 * {@code --min-ttl}, which renews the identity when it would expire sooner.
 */
class ChainRefreshTest {
    @TempDir
    Path tmp;

    FakeSts sts;
    FakeSts.MfaDevice mfa;
    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();

    @BeforeEach
    void setUp() {
        sts = FakeSts.start();
        sts.rejectMfaCodeReuse(false);
        FakeSts.User user = sts.addUser("111111111111", "dev");
        FakeSts.AccessKey key = sts.createAccessKey(user);
        mfa = sts.enableVirtualMfa(user);
        FakeSts.Role admin = sts.role("arn:aws:iam::222222222222:role/Admin").trust(user).maxSessionDuration(Duration.ofHours(4)).create();
        sts.role("arn:aws:iam::333333333333:role/Deploy").trust(admin).maxSessionDuration(Duration.ofHours(4)).create();
        host = new TestHost(tmp).clock(sts.clock()).env("AWS_ENDPOINT_URL_STS", sts.endpoint())
                .env("DEV_KEY_ID", key.accessKeyId()).env("DEV_SECRET", key.secretAccessKey());
        host.write("atmos.yaml", """
                auth:
                  identities:
                    dev:
                      kind: aws/user
                      credentials:
                        access_key_id: !env DEV_KEY_ID
                        secret_access_key: !env DEV_SECRET
                        mfa_arn: %s
                        region: eu-west-1
                      session: {duration: 12h}
                    admin:
                      kind: aws/assume-role
                      via: {identity: dev}
                      principal: {assume_role: "arn:aws:iam::222222222222:role/Admin", duration: 3h}
                    deploy:
                      kind: aws/assume-role
                      via: {identity: admin}
                      principal: {assume_role: "arn:aws:iam::333333333333:role/Deploy"}
                """.formatted(mfa.serialNumber()));
    }

    @AfterEach
    void tearDown() {
        sts.close();
    }

    /** A fresh engine each time, as each atmos process has, sharing the keyring and the AWS files. */
    Engine engine() {
        return new Engine(host.build(), KindRegistry.builtIn(), keyring, new ScriptedPrompter(true, sts.currentMfaCode(mfa)));
    }

    int calls() {
        return sts.count("GetSessionToken") + sts.count("AssumeRole");
    }

    @Test
    void aColdThreeStepChainMakesOneStsCallPerStep() {
        engine().service.session("deploy");
        assertThat(sts.count("GetSessionToken")).isEqualTo(1);
        assertThat(sts.calls("GetSessionToken").get(0).parameters()).containsEntry("SerialNumber", mfa.serialNumber());
        assertThat(sts.count("AssumeRole")).isEqualTo(2);
    }

    @Test
    void aWarmChainWhoseLastStepIsFreshMakesNone() {
        engine().service.session("deploy");
        int before = calls();
        AuthService.Session again = engine().service.session("deploy");
        assertThat(again.fromCache()).isTrue();
        assertThat(calls()).isEqualTo(before);
    }

    @Test
    void anExpiredLastStepIsDerivedAgainFromTheFreshStepBeforeIt() {
        engine().service.session("deploy");
        int userSessions = sts.count("GetSessionToken");
        int roles = sts.count("AssumeRole");
        sts.advance(Duration.ofMinutes(58)); // deploy (1h, chained) is within its 5 minutes; admin (3h) and dev (12h) are not
        engine().service.session("deploy");
        assertThat(sts.count("GetSessionToken")).isEqualTo(userSessions);
        assertThat(sts.count("AssumeRole")).isEqualTo(roles + 1);
        assertThat(sts.calls("AssumeRole").get(roles).parameters()).containsEntry("RoleArn", "arn:aws:iam::333333333333:role/Deploy");
    }

    @Test
    void minTtlRenewsTheIdentityWhenItWouldExpireSoonerAndOnlyThen() {
        engine().service.session("admin");
        int roles = sts.count("AssumeRole");
        AuthService.Session enough = engine().service.session("admin", Duration.ofHours(2));
        assertThat(enough.fromCache()).isTrue();
        assertThat(sts.count("AssumeRole")).isEqualTo(roles);
        sts.advance(Duration.ofMinutes(90)); // 1h30 left: less than the 2h asked
        Engine e = engine();
        AuthService.Session renewed = e.service.session("admin", Duration.ofHours(2));
        assertThat(renewed.fromCache()).isFalse();
        assertThat(sts.count("AssumeRole")).isEqualTo(roles + 1);
        assertThat(sts.count("GetSessionToken")).as("the user's session is still fresh: no second MFA code").isEqualTo(1);
        assertThat(renewed.expiration().orElseThrow()).isAfter(sts.now().plus(Duration.ofHours(2)));
        assertThat(e.notices).noneMatch(n -> n.contains("--min-ttl"));
    }

    @Test
    void minTtlLongerThanTheIdentityCanLastRenewsOnceAndSaysSo() {
        engine().service.session("deploy");
        int roles = sts.count("AssumeRole");
        Engine e = engine();
        AuthService.Session s = e.service.session("deploy", Duration.ofHours(3));
        assertThat(sts.count("AssumeRole")).isEqualTo(roles + 1);
        assertThat(s.expiration().orElseThrow()).isBefore(sts.now().plus(Duration.ofHours(3)));
        assertThat(e.notices).anyMatch(n -> n.contains("sooner than --min-ttl 3h") && n.contains("deploy"));
    }
}
