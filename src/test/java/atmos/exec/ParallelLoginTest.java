package atmos.exec;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.AtmosProcess;
import atmos.testing.Cli;
import atmos.testing.FakeAwsSso;
import atmos.testing.SsoWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many atmos processes started at once with no session: exactly one of them signs in (one device
 * authorization, one browser tab, one token), the others wait and reuse what it stored; a holder killed
 * mid-login leaves nothing corrupt and the next process takes over.
 */
class ParallelLoginTest {
    static final int PROCESSES = 20;

    @TempDir
    Path tmp;

    SsoWorld world;
    FakeAwsSso sso;
    Map<String, String> env;
    Path work;
    Path opened;

    @BeforeEach
    void setUp() throws Exception {
        // Access tokens live 5m10s: fresh for the first ten seconds, then within the 5-minute refresh margin.
        world = SsoWorld.start(tmp, "par", "{name: plat-dev}", Duration.ofSeconds(310));
        sso = world.sso;
        env = world.env;
        work = world.work;
        opened = world.recordingBrowser();
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private List<Cli.Result> runAll(List<String> command) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PROCESSES);
        try {
            List<CompletableFuture<Cli.Result>> runs = new ArrayList<>();
            for (int i = 0; i < PROCESSES; i++) {
                runs.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return AtmosProcess.run(env, work, "", command);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, pool));
            }
            List<Cli.Result> results = new ArrayList<>();
            for (CompletableFuture<Cli.Result> f : runs) {
                results.add(f.get(3, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private List<String> browserOpens() throws Exception {
        return SsoWorld.opened(opened);
    }

    @Test
    void twentyProcessesWithNoSessionSignInOnce() throws Exception {
        sso.autoApproveDevices(Duration.ofSeconds(2));
        List<String> cmd = AtmosProcess.command("auth", "exec", "--", "/usr/bin/aws", "sts", "get-caller-identity",
                "--endpoint-url", world.sts.endpoint(), "--output", "text", "--query", "Arn");
        List<Cli.Result> results = runAll(cmd);
        for (Cli.Result r : results) {
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out().strip()).startsWith("arn:aws:sts::800000000001:assumed-role/AWSReservedSSO_TerraformApplyAccess_")
                    .endsWith("/alice");
        }
        assertThat(sso.count("StartDeviceAuthorization")).isEqualTo(1);
        assertThat(sso.successCount("CreateToken", FakeAwsSso.DEVICE_CODE_GRANT)).isEqualTo(1);
        assertThat(sso.count("RegisterClient")).isEqualTo(1);
        assertThat(sso.successCount("GetRoleCredentials")).isEqualTo(1);
        assertThat(browserOpens()).hasSize(1);
        assertThat(results.stream().filter(r -> r.err().contains("Waiting for another atmos process")).count())
                .as("the others said they were waiting").isPositive();

        // The SSO session is about to expire and the role session is gone: again exactly one process
        // renews it, with the refresh token and no browser.
        Cli.Result logout = AtmosProcess.run(env, work, "", AtmosProcess.command("auth", "logout", "-i", "plat-dev/terraform"));
        assertThat(logout.exitCode()).as(logout.toString()).isZero();
        Thread.sleep(Duration.ofSeconds(11).toMillis());
        List<Cli.Result> again = runAll(cmd);
        again.forEach(r -> assertThat(r.exitCode()).as(r.toString()).isZero());
        assertThat(sso.successCount("CreateToken", FakeAwsSso.REFRESH_TOKEN_GRANT)).isEqualTo(1);
        assertThat(sso.count("StartDeviceAuthorization")).isEqualTo(1);
        assertThat(sso.successCount("GetRoleCredentials")).isEqualTo(2);
        assertThat(browserOpens()).hasSize(1);
    }

    @Test
    void aProcessWaitingTooLongForAnotherLoginGivesUpClearly() throws Exception {
        Process first = AtmosProcess.start(env, work, AtmosProcess.command("auth", "login", "--provider", "acme-sso"));
        first.getOutputStream().close();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sso.count("StartDeviceAuthorization") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Map<String, String> impatient = new HashMap<>(env);
            impatient.put("ATMOS_AUTH_LOCK_TIMEOUT", "2s");
            Cli.Result second = AtmosProcess.run(impatient, work, "", AtmosProcess.command("auth", "login", "--provider", "acme-sso"));
            assertThat(second.exitCode()).isEqualTo(4);
            assertThat(second.err()).contains("Waiting for another atmos process to finish logging in to acme-sso")
                    .contains("error: gave up after 2s waiting for another atmos process to finish logging in to acme-sso")
                    .contains("hint: finish or cancel the sign-in in the other terminal");
            assertThat(sso.count("StartDeviceAuthorization")).isEqualTo(1);
        } finally {
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void killingTheProcessThatIsSigningInLetsTheNextOneTakeOver() throws Exception {
        List<String> cmd = AtmosProcess.command("auth", "login", "--provider", "acme-sso");
        Process first = AtmosProcess.start(env, work, cmd);
        first.getOutputStream().close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sso.count("StartDeviceAuthorization") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sso.count("StartDeviceAuthorization")).isEqualTo(1);
        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        sso.autoApproveDevices(Duration.ZERO);
        Cli.Result second = AtmosProcess.run(env, work, "", cmd);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(sso.count("StartDeviceAuthorization")).isEqualTo(2);
        Path keyring = tmp.resolve("home/.local/share/atmos/keyring");
        try (Stream<Path> files = Files.list(keyring)) {
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith("atmos_par_"))
                    .contains("atmos_par_acme-sso");
        }
        Cli.Result whoami = AtmosProcess.run(env, work, "", AtmosProcess.command("auth", "exec", "--", "true"));
        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
    }
}
