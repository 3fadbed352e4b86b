package atmos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Azure CLI ({@code apt-get install azure-cli}) run for real against {@link FakeAzure}: it
 * reaches "login.microsoftonline.com" and "management.azure.com" through {@link FakeProxy}, which only
 * knows the fakes under those names, and trusts the test CA through {@code REQUESTS_CA_BUNDLE}.
 */
public final class AzCli {
    public static final Path AZ = Path.of("/usr/bin/az");

    private final Map<String, String> env = new HashMap<>();

    public AzCli(Path home, Path configDir, FakeProxy proxy, Path caFile) {
        env.put("HOME", home.toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("AZURE_CONFIG_DIR", configDir.toString());
        env.put("HTTPS_PROXY", proxy.url());
        env.put("REQUESTS_CA_BUNDLE", caFile.toString());
        env.put("AZURE_CORE_COLLECT_TELEMETRY", "false");
        env.put("AZURE_CORE_NO_COLOR", "true");
        env.put("AZURE_CORE_SURVEY_MESSAGE", "false");
        env.put("AZURE_EXTENSION_USE_DYNAMIC_INSTALL", "no");
    }

    /** Skips the test where az is missing, unless CI=true: there it fails, so CI cannot pass without it. */
    public static void requireInstalled() {
        if (Files.isExecutable(AZ)) {
            return;
        }
        String message = "needs Debian's azure-cli (apt-get install -y azure-cli)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    public AzCli env(String k, String v) {
        env.put(k, v);
        return this;
    }

    /** Runs {@code az args…} (2 minutes at most). */
    public Cli.Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(AZ.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = AtmosProcess.drain(p.getInputStream());
        CompletableFuture<String> err = AtmosProcess.drain(p.getErrorStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("az did not finish within 120s: " + cmd);
        }
        try {
            return new Cli.Result(p.exitValue(), out.get(), err.get());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
