package atmos.bench;

import atmos.testing.AtmosProcess;
import atmos.testing.Cli;
import atmos.testing.FakeAwsSso;
import atmos.testing.SsoWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The IAM Identity Center benchmark (run by bench/run): cold login, warm {@code auth env} with a
 * cached permission-set chain, and 20 processes starting together with no session — wall times and
 * the calls the fakes saw. Uses the real launcher and jar, a private HOME and fakes on 127.0.0.1.
 */
public final class SsoBench {
    private SsoBench() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]).toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path out = repo.resolve("bench/results/sso.md");
        Path tmp = Files.createTempDirectory("atmos-bench");
        try (SsoWorld world = SsoWorld.start(tmp, "bench", "{name: plat-dev}", Duration.ofHours(8))) {
            FakeAwsSso sso = world.sso;
            sso.autoApproveDevices(Duration.ZERO);
            Path opened = world.recordingBrowser();
            Map<String, String> env = world.env;
            Path work = world.work;
            Path home = world.home;
            String atmos = repo.resolve("bin/atmos").toString();
            run(env, work, atmos, "version");
            for (int i = 0; i < 240 && Files.exists(home.resolve(".cache/atmos-java/training")); i++) {
                Thread.sleep(500);
            }
            String jdk = run(env, work, atmos, "version").out().lines().reduce((a, b) -> b).orElse("?");

            List<Double> cold = new ArrayList<>();
            for (int i = 0; i < Math.max(3, runs / 3); i++) {
                run(env, work, atmos, "auth", "logout", "--all");
                cold.add(time(() -> check(run(env, work, atmos, "auth", "login"))));
            }
            check(run(env, work, atmos, "auth", "login"));
            List<Double> warm = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                warm.add(time(() -> check(run(env, work, atmos, "auth", "env"))));
            }
            List<Double> warmExec = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                warmExec.add(time(() -> check(run(env, work, atmos, "auth", "exec", "--", "true"))));
            }

            run(env, work, atmos, "auth", "logout", "--all");
            Files.deleteIfExists(opened);
            sso.clearCalls();
            int n = 20;
            ExecutorService pool = Executors.newFixedThreadPool(n);
            Instant start = Instant.now();
            List<CompletableFuture<Cli.Result>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(CompletableFuture.supplyAsync(() -> run(env, work, atmos, "auth", "exec", "--", "true"), pool));
            }
            int failures = 0;
            for (CompletableFuture<Cli.Result> f : all) {
                if (f.get(5, TimeUnit.MINUTES).exitCode() != 0) {
                    failures++;
                }
            }
            double parallel = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            pool.shutdownNow();
            int opens = Files.exists(opened) ? Files.readAllLines(opened).size() : 0;

            StringBuilder md = new StringBuilder();
            md.append("# IAM Identity Center (").append(Instant.now().toString(), 0, 16).append("Z, ")
                    .append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(jdk).append(")\n\n");
            md.append("Fakes of SSO OIDC, the SSO portal and STS on 127.0.0.1 (device flow approved at once, poll interval 1 s);")
                    .append(" the launcher in bin/; file keyring.\n\n");
            md.append("| measure | mean (s) | min (s) | max (s) | runs |\n|---|---|---|---|---|\n");
            row(md, "cold `auth login` (register, device authorization, one 1 s poll, GetRoleCredentials)", cold);
            row(md, "warm `auth env` (cached permission-set chain)", warm);
            row(md, "warm `auth exec -- true`", warmExec);
            md.append("\n20 processes `auth exec -- true` started together with no session: ").append(String.format("%.2f", parallel))
                    .append(" s wall time, ").append(failures).append(" failures.\n\n");
            md.append("| call | count |\n|---|---|\n");
            for (String action : List.of("RegisterClient", "StartDeviceAuthorization", "CreateToken", "ListAccounts", "GetRoleCredentials")) {
                md.append("| ").append(action).append(" | ").append(sso.count(action)).append(" |\n");
            }
            md.append("| browser opened | ").append(opens).append(" |\n");
            Files.createDirectories(out.getParent());
            Files.writeString(out, md.toString());
            System.out.print(md);
        }
    }

    private static void row(StringBuilder md, String name, List<Double> t) {
        double mean = t.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double min = t.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = t.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        md.append(String.format("| %s | %.3f | %.3f | %.3f | %d |%n", name, mean, min, max, t.size()));
    }

    private static Cli.Result run(Map<String, String> env, Path work, String... cmd) {
        try {
            return AtmosProcess.run(env, work, "", List.of(cmd));
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    private static void check(Cli.Result r) {
        if (r.exitCode() != 0) {
            throw new IllegalStateException("atmos failed: " + r);
        }
    }

    private static double time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }
}
