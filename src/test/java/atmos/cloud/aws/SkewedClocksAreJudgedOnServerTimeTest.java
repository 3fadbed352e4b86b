package atmos.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.credentials.CredentialCodec;
import atmos.credentials.Credentials;
import atmos.keyring.MemoryKeyring;
import atmos.system.ClockSkew;
import atmos.testing.Cli;
import atmos.testing.FakeAwsSso;
import atmos.testing.FakeSts;
import atmos.testing.RecordingProcessRunner;
import atmos.testing.ShiftedClock;
import atmos.testing.TestHost;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 7, clock skew: the local clock is compared with the {@code Date} header of STS, IAM
 * Identity Center and OIDC responses; past 60 s the user is warned once with the measured skew, and
 * expiry is judged on the server's time, so credentials are never used after they expired (a local
 * clock behind) and never fetched again on every run (a local clock ahead).
 *
 * <p>The fakes answer with their own clock in {@code Date}: here that clock is the local one moved by
 * ten minutes either way, and both are moved together to let time pass.
 */
class SkewedClocksAreJudgedOnServerTimeTest {
    static final Duration SKEW = Duration.ofMinutes(10);

    @TempDir
    Path tmp;

    /** The machine's clock as atmos reads it (real time, moved by the test). */
    final ShiftedClock local = new ShiftedClock(Clock.systemUTC());
    final MemoryKeyring keyring = new MemoryKeyring();
    final RecordingProcessRunner processes = new RecordingProcessRunner(0);
    final List<AutoCloseable> fakes = new ArrayList<>();
    TestHost host;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable f : fakes) {
            f.close();
        }
        // The SDK learns a JVM-wide offset from skewed Date headers; leave none for the next test.
        software.amazon.awssdk.core.SdkGlobalTime.setGlobalTimeOffset(0);
    }

    /** STS running {@code offset} ahead of the local clock (behind when negative), a user and a role. */
    private FakeSts stsAt(Duration offset, String roleDuration) {
        FakeSts sts = FakeSts.start(local);
        fakes.add(sts);
        sts.advance(offset);
        FakeSts.User user = sts.addUser("111111111111", "ci");
        FakeSts.AccessKey key = sts.createAccessKey(user);
        sts.role("arn:aws:iam::999999999999:role/Deploy").trust(user).create();
        host = new TestHost(tmp).clock(local).env("AWS_ENDPOINT_URL_STS", sts.endpoint());
        host.write("atmos.yaml", """
                auth:
                  identities:
                    ci:
                      kind: aws/user
                      credentials: {region: us-east-1}
                    deploy:
                      kind: aws/assume-role
                      via: {identity: ci}
                      principal: {assume_role: "arn:aws:iam::999999999999:role/Deploy", duration: %s}
                """.formatted(roleDuration));
        Cli.Result configured = atmos(key.accessKeyId() + "\n" + key.secretAccessKey() + "\n\n\n", "auth", "user", "configure", "-i", "ci");
        assertThat(configured.exitCode()).as(configured.toString()).isZero();
        return sts;
    }

    private Cli.Result atmos(String stdin, String... args) {
        return Cli.with(host.build()).stdin(stdin).systemKeyring(keyring).processes(processes).run(args);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private Instant storedExpiration(String key) {
        Credentials c = CredentialCodec.decode(keyring.get(key).orElseThrow()).orElseThrow();
        return c.expiration().orElseThrow();
    }

    @Test
    void a_local_clock_ten_minutes_behind_never_uses_a_session_after_the_server_ended_it() {
        FakeSts sts = stsAt(SKEW, "1h");
        Cli.Result login = atmos("", "auth", "login", "-i", "deploy");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(count(login.err(), "the local clock is")).as("one warning for several responses\n" + login.err()).isEqualTo(1);
        // The Date header has a resolution of one second.
        assertThat(login.err()).containsPattern("the local clock is (10m|9m 59s|10m 1s) behind the clock of 127\\.0\\.0\\.1:");
        assertThat(sts.successCount("GetSessionToken") + sts.successCount("AssumeRole")).as("two calls measured").isEqualTo(2);

        // STS ends the session an hour after its own now; stored in local time, that is an hour after the local now.
        Instant stored = storedExpiration("atmos_deploy");
        Instant expectedLocal = local.instant().plus(Duration.ofHours(1));
        assertThat(Duration.between(stored, expectedLocal).abs()).as("stored expiry is the server's, moved to the local clock")
                .isLessThan(Duration.ofSeconds(30));

        // 50 local minutes on, the server has 10 minutes left: still fresh, no call.
        local.advance(Duration.ofMinutes(50));
        assertThat(atmos("", "auth", "exec", "-i", "deploy", "--", "true").exitCode()).isZero();
        assertThat(sts.successCount("AssumeRole")).isEqualTo(1);

        // 62 local minutes on, the server's clock is past the end: the naive local view (8 minutes left) would
        // hand out an expired session; atmos assumes the role again.
        local.advance(Duration.ofMinutes(12));
        Cli.Result exec = atmos("", "auth", "exec", "-i", "deploy", "--", "true");
        assertThat(exec.exitCode()).as(exec.toString()).isZero();
        assertThat(sts.successCount("AssumeRole")).as("a new session, not the expired one").isEqualTo(2);
    }

    @Test
    void a_local_clock_ten_minutes_ahead_does_not_fetch_a_short_session_again_on_every_run() {
        FakeSts sts = stsAt(SKEW.negated(), "15m");
        Cli.Result login = atmos("", "auth", "login", "-i", "deploy");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.err()).containsPattern("the local clock is (10m|9m 59s|10m 1s) ahead of the clock of 127\\.0\\.0\\.1:");
        // Naively the 15-minute session ends 5 local minutes from now, inside the 5-minute refresh margin: every
        // command would assume the role again. Judged on the server's time it has 15 minutes.
        for (int run = 0; run < 5; run++) {
            Cli.Result r = atmos("", "auth", "exec", "-i", "deploy", "--", "true");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            local.advance(Duration.ofMinutes(1));
        }
        assertThat(sts.successCount("AssumeRole")).as("no refresh loop").isEqualTo(1);
        assertThat(sts.successCount("GetSessionToken")).isEqualTo(1);
    }

    @Test
    void iam_identity_center_role_credentials_are_judged_on_the_portal_clock() {
        FakeSts sts = FakeSts.start(local);
        fakes.add(sts);
        sts.advance(SKEW);
        FakeAwsSso sso = FakeAwsSso.builder().clock(sts.clock()).sts(sts).pollInterval(Duration.ofSeconds(1))
                .roleSessionDuration(Duration.ofHours(1)).build();
        fakes.add(sso);
        FakeAwsSso.PortalUser alice = sso.addUser("alice");
        sso.addAccount("800000000001", "plat-dev", "dev@acme.test");
        sso.assign(alice, "800000000001", "TerraformApplyAccess");
        sso.autoApproveDevices(Duration.ZERO);
        host = new TestHost(tmp).clock(local).env("AWS_ENDPOINT_URL_SSO_OIDC", sso.oidcEndpoint())
                .env("AWS_ENDPOINT_URL_SSO", sso.portalEndpoint()).env("AWS_ENDPOINT_URL_STS", sts.endpoint());
        host.write("atmos.yaml", """
                auth:
                  providers:
                    acme-sso: {kind: aws/iam-identity-center, region: us-east-1, start_url: "%s"}
                  identities:
                    dev:
                      kind: aws/permission-set
                      via: {provider: acme-sso}
                      principal: {name: TerraformApplyAccess, account: {id: "800000000001"}}
                """.formatted(sso.startUrl()));
        Cli.Result login = atmos("", "auth", "login", "-i", "dev");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(count(login.err(), "the local clock is")).as(login.err()).isEqualTo(1);
        Instant stored = storedExpiration("atmos_dev");
        assertThat(Duration.between(stored, local.instant().plus(Duration.ofHours(1))).abs())
                .as("the portal's expiry, moved to the local clock").isLessThan(Duration.ofSeconds(30));

        local.advance(Duration.ofMinutes(58)); // the portal's clock is past the end; naively 12 minutes are left
        Cli.Result exec = atmos("", "auth", "exec", "-i", "dev", "--", "true");
        assertThat(exec.exitCode()).as(exec.toString()).isZero();
        assertThat(sso.successCount("GetRoleCredentials")).as("new role credentials, not the expired ones").isEqualTo(2);
    }

    @Test
    void a_skew_within_a_minute_is_latency_and_changes_nothing() {
        Clock at = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
        List<String> warnings = new ArrayList<>();
        ClockSkew skew = new ClockSkew(at, warnings::add);
        skew.observe(date(Instant.parse("2026-11-23T10:00:59Z")), "sts");
        skew.observe(date(Instant.parse("2026-11-23T09:59:01Z")), "sts");
        skew.observe("not a date", "sts");
        skew.observe(null, "sts");
        assertThat(skew.skew()).isZero();
        assertThat(skew.toLocal(Instant.parse("2026-11-23T11:00:00Z"))).isEqualTo(Instant.parse("2026-11-23T11:00:00Z"));
        assertThat(warnings).isEmpty();

        skew.observe(date(Instant.parse("2026-11-23T10:02:00Z")), "sts");
        skew.observe(date(Instant.parse("2026-11-23T10:03:00Z")), "sso");
        assertThat(skew.skew()).as("half a second added for the header's resolution, rounded").isEqualTo(Duration.ofSeconds(181));
        assertThat(skew.toLocal(Instant.parse("2026-11-23T11:00:00Z"))).isEqualTo(Instant.parse("2026-11-23T10:56:59Z"));
        assertThat(warnings).as("warned once").hasSize(1);
        assertThat(warnings.get(0)).contains("2m 1s behind the clock of sts");
    }

    private static String date(Instant t) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).format(t);
    }
}
