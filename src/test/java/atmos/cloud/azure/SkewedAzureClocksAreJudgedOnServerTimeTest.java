package atmos.cloud.azure;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.credentials.AzureCredentials;
import atmos.credentials.CredentialCodec;
import atmos.testing.AzureWorld;
import atmos.testing.Cli;
import atmos.testing.FakeAzure;
import atmos.testing.RecordingProcessRunner;
import atmos.testing.ShiftedClock;
import atmos.text.JsonText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 7, clock skew, for Azure: the {@code Date} header of every Microsoft identity platform (MSAL's
 * HTTP client) and Azure Resource Manager answer is compared with the local clock; past 60 s the user is
 * warned once per run with the measured skew, and token lifetimes are judged on the server's time, so
 * a command is never handed an ARM token the server already considers expired (a local clock behind)
 * and tokens are not renewed on every run (a local clock ahead).
 *
 * <p>Entra states lifetimes as durations ({@code expires_in}), which is what makes that hold; the
 * token's own {@code exp} claim is on the server's clock, and a judgment made on it would fail both
 * cases below. The fake's clock is the local one moved by ten minutes either way, and both are moved
 * together to let time pass. MSAL inside atmos, and az reading the files atmos writes for it, keep
 * time with the system clock, which the test cannot move: the assertions are about what atmos judges
 * and hands to commands (the ARM token), and letting time pass also ages the expiry in those files by
 * as much, as real time would.
 */
class SkewedAzureClocksAreJudgedOnServerTimeTest {
    static final Duration SKEW = Duration.ofMinutes(10);

    @TempDir
    Path tmp;

    /** The machine's clock as atmos reads it (real time, moved by the test). */
    final ShiftedClock local = new ShiftedClock(Clock.systemUTC());
    final RecordingProcessRunner processes = new RecordingProcessRunner(0);
    AzureWorld world;

    @AfterEach
    void tearDown() {
        if (world != null) {
            world.close();
        }
    }

    /** Entra and ARM running {@code offset} ahead of the local clock (behind when negative), alice approving. */
    private FakeAzure entraAt(Duration offset, Duration accessTokenLifetime) {
        world = new AzureWorld(tmp, local);
        return world.azure.advance(offset).autoApproveDevices(world.alice, Duration.ZERO).accessTokenLifetime(accessTokenLifetime);
    }

    private Cli.Result atmos(String... args) {
        return Cli.with(world.host.build()).systemKeyring(world.keyring).processes(processes).run(args);
    }

    /**
     * Lets {@code d} pass: the local clock (atmos's and, with its offset, the fake's), and the expiry the
     * identity's AZURE_CONFIG_DIR files state on the system clock (which real time would have moved).
     */
    private void letTimePass(Duration d) throws Exception {
        local.advance(d);
        Path file = world.host.home().resolve(".config/atmos/az/azure/azure-dev/dev/msal_token_cache.json");
        if (Files.exists(file)) {
            Matcher m = Pattern.compile("\"(expires_on|extended_expires_on|cached_at)\": \"(\\d+)\"").matcher(Files.readString(file));
            Files.writeString(file, m.replaceAll(r -> "\"" + r.group(1) + "\": \"" + (Long.parseLong(r.group(2)) - d.toSeconds()) + "\""));
        }
    }

    private long tokenCalls() {
        return world.azure.calls().stream().filter(c -> c.path().endsWith("/oauth2/v2.0/token")).count();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** The identity's ARM token expiry as atmos stored it (local time). */
    private Instant storedExpiration() {
        AzureCredentials c = (AzureCredentials) CredentialCodec.decode(world.keyring.get("atmos_az_dev").orElseThrow()).orElseThrow();
        return c.expirationTime();
    }

    /** The {@code exp} claim (server time) of the ARM token the last command was handed in its AZURE_CONFIG_DIR. */
    @SuppressWarnings("unchecked")
    private Instant handedArmTokenExpiry() throws Exception {
        Path dir = Path.of(processes.last().env().get("AZURE_CONFIG_DIR"));
        Map<String, Object> cache = JsonText.parseObject(Files.readString(dir.resolve("msal_token_cache.json")));
        Map<String, Object> tokens = (Map<String, Object>) cache.get("AccessToken");
        String arm = tokens.values().stream().map(t -> (Map<String, Object>) t)
                .filter(t -> String.valueOf(t.get("target")).contains("management")).map(t -> String.valueOf(t.get("secret")))
                .findFirst().orElseThrow(() -> new AssertionError("no ARM token in " + dir));
        return Instant.ofEpochSecond(((Number) Msal.claims(arm).get("exp")).longValue());
    }

    @Test
    void a_local_clock_ten_minutes_behind_never_hands_out_an_arm_token_after_entra_ended_it() throws Exception {
        FakeAzure azure = entraAt(SKEW, Duration.ofHours(1));
        Cli.Result login = atmos("auth", "login");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(count(login.err(), "the local clock is")).as("one warning for many answers\n" + login.err()).isEqualTo(1);
        assertThat(login.err()).containsPattern("the local clock is (10m|9m 59s|10m 1s) behind the clock of 127\\.0\\.0\\.1:\\d+ ");
        assertThat(azure.tokens(FakeAzure.DEVICE_GRANT)).isEqualTo(1);
        assertThat(azure.armCalls("/subscriptions/")).as("ARM's answer measured too").isEqualTo(1);

        // Entra ends the token an hour after its own now; on the local clock, an hour after the local now.
        assertThat(Duration.between(storedExpiration(), local.instant().plus(Duration.ofHours(1))).abs())
                .as("stored expiry is the server's lifetime on the local clock").isLessThan(Duration.ofSeconds(30));
        long calls = tokenCalls();

        // 50 local minutes on, the server has 10 minutes left: still fresh, no call.
        letTimePass(Duration.ofMinutes(50));
        Cli.Result fresh = atmos("auth", "exec", "--", "true");
        assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
        assertThat(tokenCalls()).as("no token call while the server still has 10 minutes").isEqualTo(calls);
        assertThat(handedArmTokenExpiry()).as("the token handed over is valid on the server's clock").isAfter(azure.now());

        // 62 local minutes on, the server's clock is past the end. Judged on the token's exp claim, the local view
        // would still see 8 minutes; atmos renews it with the refresh token (no new sign-in) before handing it out.
        letTimePass(Duration.ofMinutes(12));
        Cli.Result exec = atmos("auth", "exec", "--", "true");
        assertThat(exec.exitCode()).as(exec.toString()).isZero();
        assertThat(azure.tokens("refresh_token")).as("the ARM token was renewed").isGreaterThan(2);
        assertThat(count(exec.err(), "the local clock is")).as("one warning in this run too\n" + exec.err()).isEqualTo(1);
        assertThat(azure.tokens(FakeAzure.DEVICE_GRANT)).as("silently").isEqualTo(1);
        assertThat(handedArmTokenExpiry()).as("the token handed over is valid on the server's clock")
                .isAfter(azure.now().plus(Duration.ofMinutes(55)));
        assertThat(azure.calls()).as("ARM never saw an expired token").noneMatch(c -> "ExpiredAuthenticationToken".equals(c.error()));
    }

    @Test
    void a_local_clock_ten_minutes_ahead_does_not_renew_a_short_token_on_every_run() throws Exception {
        FakeAzure azure = entraAt(SKEW.negated(), Duration.ofMinutes(15));
        Cli.Result login = atmos("auth", "login");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(count(login.err(), "the local clock is")).as(login.err()).isEqualTo(1);
        assertThat(login.err()).containsPattern("the local clock is (10m|9m 59s|10m 1s) ahead of the clock of 127\\.0\\.0\\.1:\\d+ ");
        assertThat(Duration.between(storedExpiration(), local.instant().plus(Duration.ofMinutes(15))).abs())
                .as("stored expiry is the server's 15 minutes on the local clock").isLessThan(Duration.ofSeconds(30));
        long calls = tokenCalls();
        // Judged on the exp claim, the 15-minute token would end 5 local minutes from now, inside the 5-minute
        // refresh margin: every command would renew it. Judged on the server's time it has 15 minutes.
        for (int run = 0; run < 5; run++) {
            Cli.Result r = atmos("auth", "exec", "--", "true");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(handedArmTokenExpiry()).isAfter(azure.now());
            letTimePass(Duration.ofMinutes(1));
        }
        assertThat(tokenCalls()).as("no refresh loop: no token call in five runs").isEqualTo(calls);

        // 11 local minutes on, 4 are left on the server: inside the margin, renewed once.
        letTimePass(Duration.ofMinutes(6));
        Cli.Result renew = atmos("auth", "exec", "--", "true");
        assertThat(renew.exitCode()).as(renew.toString()).isZero();
        assertThat(azure.tokens("refresh_token") - 2).as("one renewal (ARM)").isEqualTo(1);
        Cli.Result after = atmos("auth", "exec", "--", "true");
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(azure.tokens("refresh_token") - 2).as("and not again").isEqualTo(1);
        assertThat(azure.tokens(FakeAzure.DEVICE_GRANT)).isEqualTo(1);
    }
}
