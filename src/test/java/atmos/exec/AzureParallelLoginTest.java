package atmos.exec;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.AtmosProcess;
import atmos.testing.AzureWorld;
import atmos.testing.Cli;
import atmos.testing.FakeAzure;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten atmos processes (real JVMs, a file keyring) started at once with no Azure session, as ten
 * parallel {@code terraform plan}s would be: one asks for a device code and signs in, the others wait
 * for it and reuse the session it stored.
 */
class AzureParallelLoginTest {
    static final int PROCESSES = 10;

    @TempDir
    Path tmp;

    AzureWorld world;
    Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() {
        world = new AzureWorld(tmp);
        env.putAll(world.env());
        env.put("HOME", world.host.home().toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("ATMOS_KEYRING_TYPE", "file");
        env.put("ATMOS_KEYRING_PASSWORD", "a password for the test keyring");
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void tenProcessesWithNoSessionSignInOnce() throws Exception {
        world.azure.autoApproveDevices(world.alice, Duration.ofSeconds(2));
        List<String> cmd = AtmosProcess.command("auth", "exec", "--", "/bin/sh", "-c", "echo $ARM_SUBSCRIPTION_ID $ARM_USE_CLI");
        ExecutorService pool = Executors.newFixedThreadPool(PROCESSES);
        List<CompletableFuture<Cli.Result>> runs = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                runs.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return AtmosProcess.run(env, world.host.cwd(), "", cmd);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, pool));
            }
            List<Cli.Result> results = new ArrayList<>();
            for (CompletableFuture<Cli.Result> f : runs) {
                results.add(f.get(3, TimeUnit.MINUTES));
            }
            for (Cli.Result r : results) {
                assertThat(r.exitCode()).as(r.toString()).isZero();
                assertThat(r.out().strip()).isEqualTo(world.dev.id() + " true");
            }
            assertThat(world.azure.count("/oauth2/v2.0/devicecode")).as("one device code").isEqualTo(1);
            assertThat(world.azure.tokens(FakeAzure.DEVICE_GRANT)).as("one sign-in").isEqualTo(1);
            assertThat(results.stream().filter(r -> r.err().contains("Waiting for another atmos process")).count())
                    .as("the others said they were waiting").isPositive();
        } finally {
            pool.shutdownNow();
        }
    }
}
