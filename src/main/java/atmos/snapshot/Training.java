package atmos.snapshot;

import atmos.Main;
import atmos.exec.ProcessRunner;
import atmos.exec.SystemProcessRunner;
import atmos.system.Host;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Trains the start-up cache of the cached path (hidden command {@value #COMMAND}, run by the launcher and
 * install.sh): {@code prepare DIR} records snapshots of the cached path's commands on a throw-away
 * repository and home in {@code DIR} (one mock identity, one stack, one component: no network, no
 * keyring, no user file); {@code replay DIR} answers them from those snapshots and nothing else, so a JVM
 * that writes its class-data archive while replaying keeps only what the cached path uses (a smaller
 * archive starts faster than one holding the whole program); {@code clean DIR} removes {@code DIR}.
 */
public final class Training {
    /** The hidden first word of the launcher's training runs. */
    public static final String COMMAND = "__warmup-cached";

    private static final String CONFIG = """
            base_path: "."
            components: {terraform: {base_path: components/terraform}}
            stacks: {base_path: stacks, included_paths: ["*.yaml"], name_template: "{{ .vars.stage }}"}
            env: {WARMUP: "1"}
            auth:
              providers: {mock: {kind: mock/aws, region: us-east-1}}
              identities:
                warm: {kind: mock/aws, default: true, via: {provider: mock}, principal: {region: us-east-2}, env: [{key: A, value: b}]}
            """;

    /** The command lines the cached path answers, one of each kind and format. */
    private static final String[][] LINES = {{"auth", "env", "--format", "json"}, {"auth", "env"}, {"auth", "env", "-f", "dotenv"},
            {"auth", "exec", "--", "true"}, {"aws", "credential-process", "-i", "warm"}, {"terraform", "plan", "c", "-s", "dev", "--dry-run"}};

    private Training() {
    }

    /** {@code __warmup-cached prepare|replay|clean DIR}; the exit code. */
    public static int run(Host launched, String[] args) {
        if (args.length != 3) {
            return 2;
        }
        Path dir = Path.of(args[2]).toAbsolutePath();
        try {
            switch (args[1]) {
                case "prepare" -> prepare(dir, launched);
                case "replay" -> replay(dir, launched);
                case "clean" -> delete(dir);
                default -> {
                    return 2;
                }
            }
            return 0;
        } catch (IOException e) {
            return 1;
        }
    }

    /** Writes the repository under {@code dir} and records a snapshot of each command line. */
    public static void prepare(Path dir, Host launched) throws IOException {
        Files.createDirectories(dir.resolve("components/terraform/c"));
        Files.createDirectories(dir.resolve("stacks"));
        Files.createDirectories(dir.resolve("home"));
        Files.writeString(dir.resolve("atmos.yaml"), CONFIG);
        Files.writeString(dir.resolve("components/terraform/c/main.tf"), "");
        Files.writeString(dir.resolve("stacks/dev.yaml"),
                "vars: {stage: dev}\nterraform: {backend_type: local}\ncomponents: {terraform: {c: {vars: {x: 1}}}}\n");
        Main.Wiring wiring = wiring(dir, launched, (command, env, cwd) -> 0);
        PrintStream sink = sink();
        Main.run(wiring, sink, sink, "auth", "login");
        for (String[] line : LINES) {
            Main.run(wiring, sink, sink, line);
        }
    }

    /** Answers each command line from its snapshot (the only code this runs is the cached path's). */
    static void replay(Path dir, Host launched) throws IOException {
        Host host = host(dir, launched);
        PrintStream sink = sink();
        ProcessRunner real = new SystemProcessRunner();
        // As the launcher runs them: auth exec hands its command over (the JVM starts no child), a miss is handed back.
        Path handoff = dir.resolve("handoff");
        for (int round = 0; round < 3; round++) {
            for (String[] line : LINES) {
                Files.writeString(handoff, "");
                if (FastPath.run(host, real, sink, line, handoff) == FastPath.MISS) {
                    FastPath.handMiss(handoff);
                }
            }
        }
    }

    private static Main.Wiring wiring(Path dir, Host launched, ProcessRunner processes) {
        return new Main.Wiring(host(dir, launched), java.io.InputStream.nullInputStream(), null, h -> Optional.empty(), null, processes,
                null, null, new Snapshots.Policy(Duration.ZERO));
    }

    private static Host host(Path dir, Host launched) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.resolve("home").toString());
        env.put("ATMOS_KEYRING_TYPE", "memory");
        env.put("PATH", launched.getenv("PATH").orElse("/usr/bin:/bin"));
        return new Host(env, dir, dir.resolve("home"), Host.Terminals.NONE, launched.clock());
    }

    private static PrintStream sink() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
