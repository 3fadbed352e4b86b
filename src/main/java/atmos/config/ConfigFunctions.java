package atmos.config;

import atmos.error.AtmosException;
import atmos.exec.BoundedCommand;
import atmos.system.Host;
import atmos.text.Durations;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Atmos YAML functions that make sense while loading atmos.yaml: {@code !env}, {@code !exec},
 * {@code !include}, {@code !include.raw}, {@code !repo-root} / {@code !git.root}, {@code !cwd} and
 * {@code !random}. They are evaluated only on the sections this tool reads (auth, profiles, base_path,
 * imports…), so a config whose stacks section is full of {@code !terraform.state} still loads.
 * Any other tag is left raw; inside {@code auth:} validation reports it.
 *
 * <p>Evaluation keeps values that aliases share shared (each distinct node is evaluated once), included
 * files are read within {@link ConfigLimits}, and {@code !exec} runs under a time limit
 * ({@value ConfigLimits#EXEC_TIMEOUT_ENV}, default 60s) and an output limit (1 MiB), past which the
 * command and every process it started are killed.
 */
public final class ConfigFunctions {
    public static final Set<String> SUPPORTED = Set.of(
            "!env", "!exec", "!include", "!include.raw", "!repo-root", "!git.root", "!cwd", "!random");

    private final Host host;
    private final Path gitRoot;
    private final YamlReader reader;

    public ConfigFunctions(Host host, Path gitRoot) {
        this(host, gitRoot, new YamlReader(host.cwd()));
    }

    /** Functions whose {@code !include}s are read by {@code reader} (and so charged to its load's budget). */
    public ConfigFunctions(Host host, Path gitRoot, YamlReader reader) {
        this.host = host;
        this.gitRoot = gitRoot;
        this.reader = reader;
    }

    private String at(Source src) {
        return src.display(host.cwd());
    }

    /** Evaluates every supported function in {@code value}, recursively; other values are returned as they are. */
    public YamlValue evaluate(YamlValue value) {
        return evaluate(value, new IdentityHashMap<>());
    }

    /**
     * One pass: a value reached again through an alias gets the result of its first evaluation (one
     * {@code !exec} run, one copy), and a subtree without functions is returned as it is, so a file
     * that is small because it shares nodes stays small.
     */
    private YamlValue evaluate(YamlValue value, Map<YamlValue, YamlValue> done) {
        YamlValue known = done.get(value);
        if (known != null) {
            return known;
        }
        YamlValue result = evaluateOnce(value, done);
        done.put(value, result);
        return result;
    }

    private YamlValue evaluateOnce(YamlValue value, Map<YamlValue, YamlValue> done) {
        if (value instanceof YamlValue.Map m) {
            Map<String, YamlValue> out = new LinkedHashMap<>();
            boolean changed = false;
            for (Map.Entry<String, YamlValue> e : m.entries().entrySet()) {
                YamlValue v = evaluate(e.getValue(), done);
                changed |= v != e.getValue();
                out.put(e.getKey(), v);
            }
            return changed ? new YamlValue.Map(out, m.keySources(), m.source()) : m;
        }
        if (value instanceof YamlValue.Seq s) {
            List<YamlValue> out = new ArrayList<>();
            boolean changed = false;
            for (YamlValue item : s.items()) {
                YamlValue v = evaluate(item, done);
                changed |= v != item;
                out.add(v);
            }
            return changed ? new YamlValue.Seq(out, s.source(), s.tag()) : s;
        }
        YamlValue.Scalar sc = (YamlValue.Scalar) value;
        if (sc.tag() == null || sc.envVar() != null || !SUPPORTED.contains(sc.tag())) {
            return sc;
        }
        String raw = sc.value() == null ? "" : sc.value();
        Source src = sc.source();
        return switch (sc.tag()) {
            case "!env" -> env(raw, src);
            case "!exec" -> exec(raw, src);
            case "!include" -> include(raw, src, false);
            case "!include.raw" -> include(raw, src, true);
            case "!repo-root", "!git.root" -> repoRoot(raw, src);
            case "!cwd" -> cwd(raw, src);
            case "!random" -> random(raw, src);
            default -> sc;
        };
    }

    private YamlValue env(String raw, Source src) {
        List<String> args = Args.split(raw);
        if (args.isEmpty() || args.size() > 2) {
            throw AtmosException.config(at(src) + ": !env takes a variable name and an optional default, got \"" + raw + "\"",
                    "write it as '!env NAME' or '!env NAME default'");
        }
        String name = args.get(0);
        String value = host.env().get(name);
        if (value == null || (value.isEmpty() && !host.env().containsKey(name))) {
            value = args.size() == 2 ? args.get(1) : "";
        }
        return new YamlValue.Scalar(value.strip(), "!env", false, name, src);
    }

    private YamlValue exec(String raw, Source src) {
        if (raw.isBlank()) {
            throw AtmosException.config(at(src) + ": !exec needs a command", "write it as '!exec some-command args'");
        }
        host.inputs().unrepeatable("!exec " + raw);
        Duration limit = execTimeout();
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", raw).directory(host.cwd().toFile());
        pb.environment().clear();
        pb.environment().putAll(host.env());
        BoundedCommand.Outcome run;
        try {
            run = BoundedCommand.run(pb, limit, ConfigLimits.MAX_EXEC_OUTPUT);
        } catch (IOException e) {
            throw AtmosException.config(at(src) + ": !exec could not start the shell: " + e.getMessage(), "check that 'sh' is installed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AtmosException(atmos.error.ExitCode.INTERRUPTED, "interrupted", null);
        }
        if (run.timedOut()) {
            throw AtmosException.config(at(src) + ": !exec did not finish within " + Durations.human(limit),
                    "the command and the processes it started were stopped; make it faster, or set "
                            + ConfigLimits.EXEC_TIMEOUT_ENV + " to a longer time limit (default "
                            + Durations.human(ConfigLimits.DEFAULT_EXEC_TIMEOUT) + ")");
        }
        if (run.outputTooLarge()) {
            throw AtmosException.config(at(src) + ": !exec printed more than " + ConfigLimits.mib(ConfigLimits.MAX_EXEC_OUTPUT),
                    "the command was stopped; a YAML function's output may be at most "
                            + ConfigLimits.mib(ConfigLimits.MAX_EXEC_OUTPUT) + ": print only the value needed");
        }
        if (run.exitCode() != 0) {
            String firstErr = run.stderr().strip().lines().findFirst().orElse("");
            throw AtmosException.config(at(src) + ": !exec command exited with code " + run.exitCode()
                            + (firstErr.isEmpty() ? "" : " (" + firstErr + ")"),
                    "run the command by hand to see why it fails");
        }
        String text = run.stdout().replaceAll("\\n+$", "");
        return fromJsonOrText(text, src);
    }

    /** {@value ConfigLimits#EXEC_TIMEOUT_ENV} when set (seconds or a Go duration), else the default. */
    private Duration execTimeout() {
        return host.getenv(ConfigLimits.EXEC_TIMEOUT_ENV).map(v -> {
            try {
                return Durations.parse(v);
            } catch (IllegalArgumentException e) {
                throw AtmosException.config(ConfigLimits.EXEC_TIMEOUT_ENV + ": " + e.getMessage(),
                        "set " + ConfigLimits.EXEC_TIMEOUT_ENV + " to seconds (90) or a Go duration (90s, 5m), or unset it for the default of "
                                + Durations.human(ConfigLimits.DEFAULT_EXEC_TIMEOUT));
            }
        }).orElse(ConfigLimits.DEFAULT_EXEC_TIMEOUT);
    }

    /** Mirrors Atmos: command output that is a JSON object or list becomes structured data. */
    private YamlValue fromJsonOrText(String text, Source src) {
        String t = text.strip();
        if (t.startsWith("{") || t.startsWith("[")) {
            Object parsed;
            try {
                parsed = JSON.std.anyFrom(t);
            } catch (IOException | RuntimeException notJson) {
                return new YamlValue.Scalar(text, null, false, null, src);
            }
            if (Json.depth(parsed) > ConfigLimits.MAX_DEPTH) {
                throw AtmosException.config(at(src) + ": !exec output is nested more than " + ConfigLimits.MAX_DEPTH + " levels deep",
                        "print flatter JSON; maps and lists may nest at most " + ConfigLimits.MAX_DEPTH + " levels");
            }
            return reader.adopt(Json.toYaml(parsed, src));
        }
        return new YamlValue.Scalar(text, null, false, null, src);
    }

    private YamlValue include(String raw, Source src, boolean rawText) {
        List<String> args = Args.split(raw);
        if (args.isEmpty()) {
            throw AtmosException.config(at(src) + ": !include needs a file path", "write it as '!include path/to/file.yaml'");
        }
        if (args.size() > 1) {
            throw AtmosException.config(at(src) + ": !include queries are not supported by atmos-java: " + raw,
                    "include the whole file, or move the value into its own file");
        }
        Path file = resolveInclude(args.get(0), src);
        String text;
        try {
            // Checked for size before reading: the include names this line, not only the file.
            text = ConfigLimits.readText(file, at(src) + ": " + (rawText ? "!include.raw " : "!include ") + args.get(0));
        } catch (NoSuchFileException e) {
            throw AtmosException.config(at(src) + ": included file not found: " + args.get(0), "check the path given to !include");
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (rawText) {
            return reader.adopt(new YamlValue.Scalar(text, null, false, null, src));
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) {
            return reader.parse(text, file);
        }
        if (name.endsWith(".env")) {
            return reader.adopt(Dotenv.parse(text, file));
        }
        return reader.adopt(new YamlValue.Scalar(text, null, false, null, src));
    }

    /** Atmos resolves relative include paths against the working directory; we also try the declaring file's directory. */
    private Path resolveInclude(String path, Source src) {
        if (path.matches("^[a-z][a-z0-9+.-]*://.*")) {
            throw AtmosException.config(at(src) + ": remote !include is not supported by atmos-java: " + path,
                    "download the file into the repository and include it by path");
        }
        Path p = host.expandHome(path);
        if (host.inputs().isRegularFile(p)) {
            return p;
        }
        if (src.isFile() && !Path.of(path).isAbsolute()) {
            Path sibling = src.file().toAbsolutePath().getParent().resolve(path).normalize();
            if (host.inputs().isRegularFile(sibling)) {
                return sibling;
            }
            p = Files.exists(p) ? p : sibling;
        }
        if (Files.exists(p)) {
            // A FIFO would block the read until some writer came; a device (/dev/zero) never ends: neither is read.
            throw AtmosException.config(at(src) + ": included path " + path + " is not a regular file ("
                            + (Files.isDirectory(p) ? "a directory" : "a pipe, socket or device") + ")",
                    "!include takes a YAML, JSON, .env or text file");
        }
        throw AtmosException.config(at(src) + ": included file not found: " + path,
                "paths given to !include are relative to the working directory or to the file that includes them");
    }

    private YamlValue repoRoot(String raw, Source src) {
        List<String> args = Args.split(raw);
        if (gitRoot != null) {
            return new YamlValue.Scalar(gitRoot.toString(), null, false, null, src);
        }
        if (!args.isEmpty()) {
            return new YamlValue.Scalar(args.get(0), null, false, null, src);
        }
        throw AtmosException.config(at(src) + ": !repo-root: " + host.cwd() + " is not inside a git repository",
                "run atmos inside the repository, or give a default: '!repo-root /path'");
    }

    private YamlValue cwd(String raw, Source src) {
        List<String> args = Args.split(raw);
        Path p = args.isEmpty() ? host.cwd() : host.cwd().resolve(args.get(0)).normalize();
        return new YamlValue.Scalar(p.toString(), null, false, null, src);
    }

    private YamlValue random(String raw, Source src) {
        host.inputs().unrepeatable("!random");
        List<String> args = Args.split(raw);
        long min = 0;
        long max = 65535;
        try {
            if (args.size() == 1) {
                max = Long.parseLong(args.get(0));
            } else if (args.size() == 2) {
                min = Long.parseLong(args.get(0));
                max = Long.parseLong(args.get(1));
            } else if (args.size() > 2) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw AtmosException.config(at(src) + ": !random takes up to two integers, got \"" + raw + "\"", "write '!random 100' or '!random 1 6'");
        }
        if (min >= max) {
            throw AtmosException.config(at(src) + ": !random needs min < max", "swap the two numbers");
        }
        long n = min + (long) (new SecureRandom().nextDouble() * (max - min + 1));
        return new YamlValue.Scalar(Long.toString(Math.min(n, max)), null, true, null, src);
    }

    /** Splits function arguments like Atmos: whitespace separated, '…' or "…" quoted, doubled quotes escape. */
    static final class Args {
        private Args() {
        }

        static List<String> split(String input) {
            List<String> out = new ArrayList<>();
            int i = 0;
            int n = input.length();
            while (i < n) {
                char c = input.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                StringBuilder b = new StringBuilder();
                if (c == '\'' || c == '"') {
                    char q = c;
                    i++;
                    while (i < n) {
                        char d = input.charAt(i);
                        if (d == q) {
                            if (i + 1 < n && input.charAt(i + 1) == q) {
                                b.append(q);
                                i += 2;
                                continue;
                            }
                            i++;
                            break;
                        }
                        b.append(d);
                        i++;
                    }
                } else {
                    while (i < n && !Character.isWhitespace(input.charAt(i))) {
                        b.append(input.charAt(i));
                        i++;
                    }
                }
                out.add(b.toString());
            }
            return out;
        }
    }
}
