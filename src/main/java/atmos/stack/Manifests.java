package atmos.stack;

import atmos.config.Dotenv;
import atmos.config.Source;
import atmos.config.YamlReader;
import atmos.config.YamlValue;
import atmos.error.AtmosException;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads stack manifests, each file once per run (text and parsed tree are cached by path, so an
 * {@code _defaults.yaml} imported by a thousand stacks is parsed once), and applies the load-time YAML
 * tags as Atmos does: {@code !include}/{@code !include.raw} are replaced by the file they name
 * (YAML, JSON, HCL/tfvars, .env or text), {@code !literal} becomes plain text, {@code !append} lists
 * are marked for appending. The other Atmos functions ({@code !env}, {@code !terraform.state} …) stay
 * tagged until after merging; an unknown tag is an error naming the file.
 */
final class Manifests {
    static final Set<String> FUNCTIONS = Set.of(
            "!exec", "!secret", "!store", "!store.get", "!template", "!terraform.output", "!terraform.state", "!env",
            "!cel", "!repo-root", "!git.root", "!git.sha", "!git.branch", "!git.ref", "!git.repository", "!git.owner",
            "!git.name", "!git.host", "!git.url", "!append", "!cwd", "!unset", "!random", "!literal",
            "!aws.account_id", "!aws.caller_identity_arn", "!aws.caller_identity_user_id", "!aws.region",
            "!aws.organization_id", "!emulator", "!version", "!tags", "!labels", "!labels.keys", "!labels.values",
            "!include", "!include.raw");

    private final StackSettings settings;
    private final YamlReader reader;
    private final Map<Path, String> texts = new ConcurrentHashMap<>();
    private final Map<Path, YamlValue.Map> parsed = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger parses = new java.util.concurrent.atomic.AtomicInteger();

    Manifests(StackSettings settings) {
        this.settings = settings;
        this.reader = new YamlReader(settings.host().cwd());
    }

    /** The file's text, or empty when it does not exist. */
    Optional<String> text(Path file) {
        String cached = texts.get(file);
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            // Bounded like atmos.yaml: a hostile or mistaken 3 GB manifest is an error, not an OutOfMemoryError.
            settings.host().inputs().path(file);
            String t = atmos.config.ConfigLimits.readText(file, "stack manifest " + display(file));
            reads.incrementAndGet();
            texts.put(file, t);
            return Optional.of(t);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw AtmosException.config("cannot read stack manifest " + display(file) + ": " + e.getMessage(), "check the file's permissions");
        }
    }

    /** The parsed, tag-processed manifest as written (cached). */
    YamlValue.Map parsed(Path file, String text) {
        YamlValue.Map cached = parsed.get(file);
        if (cached != null) {
            return cached;
        }
        YamlValue.Map m = parse(text, file);
        parsed.put(file, m);
        return m;
    }

    /** Parses YAML text read from {@code file} (after template rendering, if any) and applies load-time tags. */
    YamlValue.Map parse(String text, Path file) {
        parses.incrementAndGet();
        YamlValue root = reader.parse(text, file);
        if (root instanceof YamlValue.Scalar s && s.isNull()) {
            return YamlValue.Map.empty(s.source());
        }
        if (!(root instanceof YamlValue.Map)) {
            throw AtmosException.config(display(file) + ": invalid stack manifest: the document must be a YAML mapping (key: value)",
                    "check that the file is an Atmos stack manifest");
        }
        return (YamlValue.Map) normalize(root, file);
    }

    /** How many files were read from disk, and how many texts parsed, in this run (each at most once unless rendered). */
    int reads() {
        return reads.get();
    }

    int parses() {
        return parses.get();
    }

    String display(Path file) {
        Path base = settings.stacksBase();
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(base) ? base.relativize(abs).toString() : Source.of(file, 0, 0).display(settings.host().cwd());
    }

    private YamlValue normalize(YamlValue v, Path file) {
        if (v instanceof YamlValue.Map m) {
            Map<String, YamlValue> out = null;
            for (Map.Entry<String, YamlValue> e : m.entries().entrySet()) {
                YamlValue n = normalize(e.getValue(), file);
                if (n != e.getValue()) {
                    if (out == null) {
                        out = new LinkedHashMap<>(m.entries());
                    }
                    out.put(e.getKey(), n);
                }
            }
            return out == null ? m : new YamlValue.Map(out, m.keySources(), m.source());
        }
        if (v instanceof YamlValue.Seq s) {
            List<YamlValue> items = new ArrayList<>(s.items().size());
            boolean changed = false;
            for (YamlValue item : s.items()) {
                YamlValue n = normalize(item, file);
                changed |= n != item;
                items.add(n);
            }
            YamlValue.Seq seq = changed ? new YamlValue.Seq(items, s.source()) : s;
            if ("!append".equals(s.tag())) {
                return new YamlValue.Map(Map.of(Merge.APPEND_KEY, new YamlValue.Seq(seq.items(), s.source())), Map.of(), s.source());
            }
            if (s.tag() != null) {
                checkTag(s.tag(), s.source(), file);
            }
            return seq;
        }
        YamlValue.Scalar sc = (YamlValue.Scalar) v;
        if (sc.tag() == null) {
            return sc;
        }
        checkTag(sc.tag(), sc.source(), file);
        return switch (sc.tag()) {
            case "!literal", "!append" -> new YamlValue.Scalar(sc.value() == null ? "" : sc.value(), null, false, null, sc.source());
            case "!include" -> include(sc, file, false);
            case "!include.raw" -> include(sc, file, true);
            default -> sc;
        };
    }

    private void checkTag(String tag, Source where, Path file) {
        if (!tag.startsWith("!!") && !FUNCTIONS.contains(tag)) {
            throw AtmosException.config("unsupported YAML tag '" + tag + "' found in file '" + display(file) + "' (line " + where.line() + ")",
                    "supported tags are: " + String.join(", ", new java.util.TreeSet<>(FUNCTIONS)));
        }
    }

    // ---------------------------------------------------------------- !include

    private YamlValue include(YamlValue.Scalar sc, Path manifest, boolean raw) {
        String arg = sc.value() == null ? "" : sc.value().strip();
        String path = arg;
        String query = null;
        int space = firstSpaceOutsideQuotes(arg);
        if (space > 0) {
            path = arg.substring(0, space).strip();
            query = arg.substring(space + 1).strip();
        }
        path = unquote(path);
        if (path.isEmpty()) {
            throw AtmosException.config(sc.source().display(settings.host().cwd()) + ": !include needs a file path",
                    "write it as '!include path/to/file.yaml'");
        }
        if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw AtmosException.config(sc.source().display(settings.host().cwd()) + ": remote !include is not supported by atmos-java: " + path,
                    "download the file into the repository and include it by path");
        }
        Path file = findInclude(path, manifest).orElseThrow(() -> AtmosException.config(
                sc.source().display(settings.host().cwd()) + ": !include: could not find local file '" + unquote(arg.split("\\s+")[0])
                        + "' (tried relative to manifest '" + display(manifest) + "' and base path '" + settings.basePath() + "')",
                "paths starting with ./ or ../ are relative to the manifest; others to the working directory, then to base_path"));
        String text;
        try {
            settings.host().inputs().path(file);
            text = atmos.config.ConfigLimits.readText(file, sc.source().display(settings.host().cwd()) + ": !include " + display(file));
        } catch (NoSuchFileException e) {
            throw AtmosException.config(sc.source().display(settings.host().cwd()) + ": cannot read included file " + file + ": not found",
                    "check the path given to !include");
        }
        Object value;
        if (raw) {
            value = text;
        } else {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return query == null ? normalize(reader.parse(text, file), file)
                        : Values.yaml(Query.evaluate(Values.plain(normalize(reader.parse(text, file), file)), query), sc.source());
            } else if (name.endsWith(".json")) {
                try {
                    value = JSON.std.anyFrom(text);
                } catch (IOException e) {
                    throw AtmosException.config(sc.source().display(settings.host().cwd()) + ": included file " + file + " is not valid JSON: "
                            + e.getMessage(), "fix the JSON syntax");
                }
            } else if (name.endsWith(".tfvars") || name.endsWith(".hcl") || name.endsWith(".tf")) {
                value = Tfvars.parse(text, display(file));
            } else if (name.endsWith(".env") || name.startsWith(".env.")) {
                value = Values.plain(Dotenv.parse(text, file));
            } else {
                value = text;
            }
        }
        if (query != null) {
            value = Query.evaluate(value, query);
        }
        return Values.yaml(value, sc.source());
    }

    private Optional<Path> findInclude(String path, Path manifest) {
        Path p = Path.of(path);
        if (p.isAbsolute()) {
            return settings.host().inputs().isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        if (path.startsWith("./") || path.startsWith("../") || path.equals(".") || path.equals("..")) {
            Path rel = manifest.toAbsolutePath().getParent().resolve(path).normalize();
            if (settings.host().inputs().isRegularFile(rel)) {
                return Optional.of(rel);
            }
        } else {
            Path inCwd = settings.host().cwd().resolve(path).normalize();
            if (settings.host().inputs().isRegularFile(inCwd)) {
                return Optional.of(inCwd);
            }
        }
        Path inBase = settings.basePath().resolve(path).normalize();
        return settings.host().inputs().isRegularFile(inBase) ? Optional.of(inBase) : Optional.empty();
    }

    private static int firstSpaceOutsideQuotes(String s) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (Character.isWhitespace(c)) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
