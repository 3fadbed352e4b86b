package atmos.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.testing.Engine;
import atmos.testing.FakeSts;
import atmos.testing.ScriptedPrompter;
import atmos.testing.TestHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials cached for a chain are not used once its settings changed: a role ARN edited in atmos.yaml
 * must not keep handing out the old account's session until it expires. Only the steps whose settings
 * (or whose earlier steps' settings) changed are authenticated again; settings that do not change the
 * principal (default, env, tags, session length) keep the cache; and entries cached without a
 * fingerprint (by the Go Atmos, or before fingerprints existed) are trusted as before.
 */
class ChangedSettingsAreNotServedFromCacheTest {
    static final String ADMIN = "arn:aws:iam::222222222222:role/Admin";
    static final String DEPLOY = "arn:aws:iam::333333333333:role/Deploy";
    static final String OTHER = "arn:aws:iam::444444444444:role/Deploy";
    static final String ADMIN2 = "arn:aws:iam::555555555555:role/Admin";

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
        FakeSts.Role admin = sts.role(ADMIN).trust(user).maxSessionDuration(Duration.ofHours(4)).create();
        FakeSts.Role admin2 = sts.role(ADMIN2).trust(user).maxSessionDuration(Duration.ofHours(4)).create();
        sts.role(DEPLOY).trust(admin).trust(admin2).create();
        sts.role(OTHER).trust(admin).create();
        host = new TestHost(tmp).clock(sts.clock()).env("AWS_ENDPOINT_URL_STS", sts.endpoint())
                .env("DEV_KEY_ID", key.accessKeyId()).env("DEV_SECRET", key.secretAccessKey());
        config(ADMIN, DEPLOY, "", "");
    }

    /** {@code deployExtra}: more settings of deploy; {@code extra}: more identities. */
    void config(String admin, String deploy, String deployExtra, String extra) {
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
                    admin:
                      kind: aws/assume-role
                      via: {identity: dev}
                      principal: {assume_role: "%s", duration: 3h}
                    deploy:
                      kind: aws/assume-role
                      via: {identity: admin}
                      principal: {assume_role: "%s"}
                %s%s""".formatted(mfa.serialNumber(), admin, deploy, deployExtra.indent(6), extra.indent(4)));
    }

    @AfterEach
    void tearDown() {
        sts.close();
    }

    /** A fresh engine each time, as each atmos process has, sharing the keyring and the AWS files. */
    Engine engine() {
        return new Engine(host.build(), KindRegistry.builtIn(), keyring, new ScriptedPrompter(true, sts.currentMfaCode(mfa)));
    }

    List<String> assumed() {
        return sts.calls("AssumeRole").stream().map(c -> c.parameters().get("RoleArn")).toList();
    }

    @Test
    void anEditedRoleArnIsAssumedAtOnceNotWhenTheOldSessionExpires() {
        engine().service.session("deploy");
        config(ADMIN, OTHER, "", "");
        Engine e = engine();
        AuthService.Session s = e.service.session("deploy");
        assertThat(s.fromCache()).isFalse();
        assertThat(assumed()).containsExactly(ADMIN, DEPLOY, OTHER);
        assertThat(sts.count("GetSessionToken")).as("the user's session is unchanged: no second MFA code").isEqualTo(1);
        assertThat(e.service.cached("deploy")).isPresent();
        assertThat(engine().service.session("deploy").fromCache()).as("cached again, under the new settings").isTrue();
    }

    @Test
    void aChangeEarlierInTheChainRenewsEveryStepAfterIt() {
        engine().service.session("deploy");
        config(ADMIN2, DEPLOY, "", "");
        assertThat(engine().service.status("deploy")).as("auth list shows it as not logged in").isEmpty();
        assertThat(engine().service.session("deploy").fromCache()).isFalse();
        assertThat(assumed()).containsExactly(ADMIN, DEPLOY, ADMIN2, DEPLOY);
        assertThat(sts.count("GetSessionToken")).isEqualTo(1);
    }

    @Test
    void settingsThatDoNotChangeThePrincipalKeepTheCache() {
        engine().service.session("deploy");
        config(ADMIN, DEPLOY, """
                default: true
                env: [{key: TF_VAR_x, value: y}]
                session: {duration: 2h}
                """, """
                other:
                  kind: aws/assume-role
                  via: {identity: admin}
                  principal: {assume_role: "%s"}
                """.formatted(OTHER));
        AuthService.Session s = engine().service.session("deploy");
        assertThat(s.fromCache()).isTrue();
        assertThat(assumed()).containsExactly(ADMIN, DEPLOY);
    }

    @Test
    void entriesCachedWithoutAFingerprintAreTrustedAsBefore() throws IOException {
        engine().service.session("deploy");
        Path fingerprints = host.build().home().resolve(".local/state/atmos/fingerprints");
        assertThat(fingerprints).isDirectory();
        try (Stream<Path> all = Files.walk(fingerprints)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isRegularFile(p)) {
                    assertThat(Files.readString(p)).matches("[0-9a-f]{64}\n");
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-------");
                } else {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rwx------");
                }
                Files.delete(p);
            }
        }
        assertThat(engine().service.session("deploy").fromCache()).isTrue();
        assertThat(assumed()).containsExactly(ADMIN, DEPLOY);
    }
}
