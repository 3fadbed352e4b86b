package atmos.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.cloud.aws.AwsFiles;
import atmos.credentials.CredentialCodec;
import atmos.keyring.FileKeyring;
import atmos.testing.AtmosProcess;
import atmos.testing.Cli;
import atmos.testing.SsoWorld;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 4, concurrency: fifty atmos processes (each its own JVM, as from fifty shells) started
 * together, mixing login, exec, whoami and logout on the same and on different identities, sharing
 * one file keyring, one set of AWS files and one IAM Identity Center provider: no corrupt file, no lost
 * entry, one interactive sign-in for the provider (counted on the fake), every process done within a
 * bound. A lock holder killed with SIGKILL while others wait releases the lock to the next one.
 *
 * <p>{@code exec/ParallelLoginTest} covers the simpler cases (twenty identical processes, a waiter that
 * gives up after {@code ATMOS_AUTH_LOCK_TIMEOUT}).
 */
class FiftyProcessesAtOnceTest {
    static final String PASSWORD = "a password for the test keyring";

    @TempDir
    Path tmp;

    SsoWorld world;
    Path opened;

    @BeforeEach
    void setUp() throws Exception {
        world = SsoWorld.start(tmp, "many", "{name: plat-dev}", Duration.ofHours(8));
        world.sso.assign(world.alice, "800000000001", "ReadOnlyAccess");
        world.env.put("ATMOS_KEYRING_PASSWORD", PASSWORD);
        opened = world.recordingBrowser();
        Files.writeString(world.work.resolve("atmos.yaml"), """
                auth:
                  realm: many
                  keyring: {type: file}
                  providers:
                    acme-sso: {kind: aws/iam-identity-center, region: us-east-1, start_url: "%s"}
                    m: {kind: mock}
                  identities:
                    plat-dev/terraform:
                      kind: aws/permission-set
                      via: {provider: acme-sso}
                      principal: {name: TerraformApplyAccess, account: {name: plat-dev}}
                    plat-dev/readonly:
                      kind: aws/permission-set
                      via: {provider: acme-sso}
                      principal: {name: ReadOnlyAccess, account: {name: plat-dev}}
                    mock-a: {kind: mock, via: {provider: m}}
                    mock-b: {kind: mock, via: {provider: m}}
                    mock-gone: {kind: mock, via: {provider: m}}
                """.formatted(world.sso.startUrl()));
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private static List<String> atmos(String... args) {
        return AtmosProcess.command(args);
    }

    @Test
    void fifty_processes_mixing_commands_corrupt_nothing_lose_nothing_and_sign_in_once() throws Exception {
        assertThat(world.atmos("", "auth", "login", "-i", "mock-gone").exitCode()).isZero();
        world.sso.autoApproveDevices(Duration.ofMillis(500));
        record Job(List<String> command, List<Integer> allowed) {
        }
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            jobs.add(new Job(atmos("auth", "exec", "-i", "plat-dev/terraform", "--", "true"), List.of(0)));
            jobs.add(new Job(atmos("auth", "exec", "-i", "plat-dev/readonly", "--", "true"), List.of(0)));
        }
        for (int i = 0; i < 8; i++) {
            // Logged in or not yet, depending on who is first: both are fine answers, nothing else is.
            jobs.add(new Job(atmos("auth", "whoami", "-i", "plat-dev/terraform"), List.of(0, 4)));
            jobs.add(new Job(atmos("auth", "login", "-i", "mock-a"), List.of(0)));
        }
        for (int i = 0; i < 5; i++) {
            jobs.add(new Job(atmos("auth", "exec", "-i", "mock-b", "--", "true"), List.of(0)));
            jobs.add(new Job(atmos("auth", "logout", "-i", "mock-gone"), List.of(0)));
        }
        assertThat(jobs).hasSize(50);
        Collections.shuffle(jobs, new java.util.Random(15));

        ExecutorService pool = Executors.newFixedThreadPool(jobs.size());
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Cli.Result>> runs = new ArrayList<>();
        try {
            for (Job job : jobs) {
                runs.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                        return AtmosProcess.run(world.env, world.work, "", job.command());
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, pool));
            }
            start.countDown();
            for (int i = 0; i < jobs.size(); i++) {
                // Each process is bounded by AtmosProcess (60 s); this is the bound on the whole storm.
                Cli.Result r = runs.get(i).get(5, TimeUnit.MINUTES);
                assertThat(jobs.get(i).allowed()).as(String.join(" ", jobs.get(i).command().subList(6, jobs.get(i).command().size())) + "\n" + r)
                        .contains(r.exitCode());
                assertThat(r.err()).doesNotContain("\tat ").doesNotContain("damaged");
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(world.sso.count("StartDeviceAuthorization")).as("one interactive sign-in for the provider").isEqualTo(1);
        assertThat(SsoWorld.opened(opened)).as("one browser tab").hasSize(1);

        // The keyring: every item decrypts; every identity logged in is there, the logged-out one is not.
        Path keyringDir = world.home.resolve(".local/share/atmos/keyring");
        FileKeyring keyring = new FileKeyring(keyringDir, d -> PASSWORD.toCharArray());
        List<String> keys = keyring.keys();
        for (String key : keys) {
            assertThat(CredentialCodec.decode(keyring.get(key).orElseThrow())).as(key).isPresent();
        }
        assertThat(keys).contains("atmos_many_acme-sso", "atmos_many_plat-dev/terraform", "atmos_many_plat-dev/readonly",
                "atmos_many_mock-a", "atmos_many_mock-b").doesNotContain("atmos_many_mock-gone");

        // The shared AWS files: both profiles of the provider, each complete; no temporary file left behind.
        Path config = world.home.resolve(".config/atmos");
        AwsFiles files = new AwsFiles(config, config.resolve("many/aws"), w -> {
            throw new AssertionError("damaged: " + w);
        });
        for (String profile : List.of("plat-dev/terraform", "plat-dev/readonly")) {
            assertThat(files.read("acme-sso", profile)).as(profile).hasValueSatisfying(c -> assertThat(c.isSession()).isTrue());
        }
        try (Stream<Path> all = Files.walk(world.home)) {
            assertThat(all.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).as("left-over temporary files").isEmpty();
        }
        for (String id : List.of("plat-dev/terraform", "plat-dev/readonly", "mock-a", "mock-b")) {
            Cli.Result next = world.atmos("", "auth", "exec", "-i", id, "--", "true");
            assertThat(next.exitCode()).as("the next run works: " + id + "\n" + next).isZero();
        }
        assertThat(world.sso.count("StartDeviceAuthorization")).isEqualTo(1);
    }

    @Test
    void the_lock_holder_killed_while_others_wait_hands_the_sign_in_to_one_of_them() throws Exception {
        List<String> login = atmos("auth", "login", "--provider", "acme-sso");
        Process holder = AtmosProcess.start(world.env, world.work, login);
        holder.getOutputStream().close();
        List<Process> waiters = new ArrayList<>();
        try {
            awaitCondition(() -> world.sso.count("StartDeviceAuthorization") == 1, "the holder started its sign-in");
            for (int i = 0; i < 3; i++) {
                Process w = AtmosProcess.start(world.env, world.work, login);
                w.getOutputStream().close();
                waiters.add(w);
            }
            for (Process w : waiters) {
                // Read stderr until the waiter says it waits: then it is blocked on the holder's lock.
                BufferedReader err = new BufferedReader(new InputStreamReader(w.getErrorStream(), StandardCharsets.UTF_8));
                CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
                    try {
                        for (String line = err.readLine(); line != null; line = err.readLine()) {
                            if (line.contains("Waiting for another atmos process to finish logging in to acme-sso")) {
                                return true;
                            }
                        }
                        return false;
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
                assertThat(waiting.get(60, TimeUnit.SECONDS)).as("the waiter waits for the holder").isTrue();
            }
            assertThat(world.sso.count("StartDeviceAuthorization")).isEqualTo(1);

            holder.destroyForcibly(); // SIGKILL: no shutdown hook, no unlock; the OS drops the lock with the process
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            world.sso.autoApproveDevices(Duration.ZERO);
            world.sso.approveAllPendingDevices();
            for (Process w : waiters) {
                assertThat(w.waitFor(60, TimeUnit.SECONDS)).as("no waiter hangs").isTrue();
                assertThat(w.exitValue()).isZero();
            }
            assertThat(world.sso.count("StartDeviceAuthorization")).as("one waiter signed in, the others reused its session")
                    .isEqualTo(2);
        } finally {
            holder.destroyForcibly();
            waiters.forEach(Process::destroyForcibly);
        }
        Cli.Result next = world.atmos("", "auth", "exec", "-i", "plat-dev/terraform", "--", "true");
        assertThat(next.exitCode()).as(next.toString()).isZero();
    }

    static void awaitCondition(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
