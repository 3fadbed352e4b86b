package atmos.stack;

import atmos.config.ConfigFunctions;
import atmos.config.Source;
import atmos.config.YamlValue;
import atmos.error.AtmosException;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * YAML functions in component sections (and in locals), evaluated after merging as Atmos does:
 * {@code !env}, {@code !exec}, {@code !repo-root}/{@code !git.root}, {@code !cwd}, {@code !random},
 * {@code !template} (its JSON argument decoded), {@code !git.sha}/{@code .branch}/{@code .repository}/{@code .owner}/
 * {@code .name}/{@code .host}/{@code .url} (from the repository's files), {@code !tags} and
 * {@code !labels}/{@code .keys}/{@code .values} (the component's metadata) and {@code !unset} (removes the key).
 *
 * <p>The functions that need what this tool does not reach — Terraform state and outputs, stores,
 * secrets, AWS, CEL, emulators ({@code !terraform.state}, {@code !terraform.output}, {@code !store},
 * {@code !aws.account_id} …) — are an error naming the value's key and file, never a wrong value;
 * {@code --skip NAME} or {@code --process-functions=false} keep them as their text
 * ({@code "!terraform.state vpc .vpc_id"}).
 */
final class StackFunctions {
    private static final List<String> SUPPORTED = List.of("!env", "!exec", "!repo-root", "!git.root", "!cwd", "!random");

    private final StackSettings settings;
    private final ConfigFunctions functions;
    /** The metadata of the component being processed ({@code !tags}, {@code !labels} read it). */
    private Map<?, ?> metadata = Map.of();

    /** Reads Terraform state for !terraform.state / !terraform.output (null: those are not supported here). */
    private final TerraformState state;
    /** The stack of the component being processed (the default stack of !terraform.state). */
    private String currentStack = "";
    private String currentComponent = "";

    StackFunctions(StackSettings settings) {
        this(settings, null);
    }

    StackFunctions(StackSettings settings, TerraformState state) {
        this.settings = settings;
        this.functions = new ConfigFunctions(settings.host(), settings.config().gitRoot());
        this.state = state;
    }

    /** The section with its functions evaluated; {@code sources} (the section as read, may be null) locates errors. */
    Map<String, Object> process(Map<String, Object> section, List<String> skip, YamlValue.Map sources) {
        metadata = section.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
        currentStack = section.get("atmos_stack") instanceof String st ? st : "";
        currentComponent = section.get("atmos_component") instanceof String c ? c : "";
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) walk(section, skip, new ArrayList<>(), sources);
        return out;
    }

    Map<String, Object> process(Map<String, Object> section, List<String> skip) {
        return process(section, skip, null);
    }

    /** One value that may be a function ({@code "!env X"}), as a local's value is evaluated; else the value itself. */
    Object evaluate(Object value, String where) {
        if (value instanceof String s && s.startsWith("!")) {
            return call(s, List.of(), where, null);
        }
        return value;
    }

    private Object walk(Object v, List<String> skip, List<String> path, YamlValue.Map sources) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (isUnset(e.getValue(), skip)) {
                    continue;
                }
                path.add(String.valueOf(e.getKey()));
                out.put(String.valueOf(e.getKey()), walk(e.getValue(), skip, path, sources));
                path.remove(path.size() - 1);
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                Object x = l.get(i);
                if (!isUnset(x, skip)) {
                    path.add("[" + i + "]");
                    out.add(walk(x, skip, path, sources));
                    path.remove(path.size() - 1);
                }
            }
            return out;
        }
        if (v instanceof String s && s.startsWith("!")) {
            return call(s, skip, String.join(".", path).replace(".[", "["), sources == null ? null : locate(sources, path));
        }
        return v;
    }

    private static boolean isUnset(Object v, List<String> skip) {
        return v instanceof String s && s.startsWith("!unset") && !skipped("!unset", skip);
    }

    private Object call(String s, List<String> skip, String where, Source source) {
        String tag = s.split("\\s", 2)[0];
        if (skipped(tag, skip)) {
            return s;
        }
        if (SUPPORTED.contains(tag)) {
            String args = s.substring(tag.length()).strip();
            YamlValue result = functions.evaluate(new YamlValue.Scalar(args, tag, false, null, Source.synthetic(s)));
            return Values.plain(result instanceof YamlValue.Scalar sc && sc.envVar() != null
                    ? new YamlValue.Scalar(sc.value(), null, false, null, sc.source()) : result);
        }
        if (tag.startsWith("!git.") && !tag.equals("!git.root")) {
            return git(tag, s.substring(tag.length()).strip(), where);
        }
        switch (tag) {
            case "!tags" -> {
                return strings(metadata.get("tags"));
            }
            case "!labels" -> {
                return labels();
            }
            case "!labels.keys" -> {
                return new ArrayList<>(labels().keySet());
            }
            case "!labels.values" -> {
                return new ArrayList<>(labels().values());
            }
            default -> {
            }
        }
        if (state != null && TerraformState.handles(tag)) {
            String at = source != null && source.isFile() ? source.display(settings.host().cwd()) + ": " : "";
            return state.read(tag, s.substring(tag.length()).strip(), currentComponent, currentStack, at, where);
        }
        if (tag.equals("!template")) {
            String arg = s.substring(tag.length()).strip();
            try {
                return JSON.std.anyFrom(arg);
            } catch (IOException | RuntimeException e) {
                return arg; // not JSON: the text itself, as Atmos returns it
            }
        }
        if (Manifests.FUNCTIONS.contains(tag)) {
            String at = source != null && source.isFile() ? source.display(settings.host().cwd()) + ": " : "";
            throw AtmosException.config(at + "the YAML function " + tag + " is not supported by atmos-java (" + why(tag) + "): "
                            + (where.isEmpty() ? "" : where + ": ") + s,
                    "see the stack without it: --skip " + tag.substring(1) + " (keeps the text) or --process-functions=false");
        }
        return s; // a plain string that starts with '!'
    }

    /** {@code !git.sha}, {@code !git.branch} … from the repository's files; the argument is the default when it cannot be read. */
    private Object git(String tag, String dflt, String where) {
        // HEAD moves with every commit and checkout, outside anything a snapshot could key on
        settings.host().inputs().unrepeatable(tag + " reads the repository's HEAD");
        java.util.Optional<GitInfo> repo = GitInfo.at(settings.config().gitRoot());
        java.util.Optional<String> value = repo.flatMap(r -> switch (tag) {
            case "!git.sha", "!git.ref" -> r.sha();
            case "!git.branch" -> r.branch();
            case "!git.url" -> r.url();
            case "!git.host" -> r.remote().map(x -> x[0]);
            case "!git.owner" -> r.remote().map(x -> x[1]);
            case "!git.name" -> r.remote().map(x -> x[2]);
            case "!git.repository" -> r.remote().map(x -> x[1] + "/" + x[2]);
            default -> java.util.Optional.empty();
        }).filter(v -> !v.isEmpty());
        if (value.isPresent()) {
            return value.get();
        }
        if (!dflt.isEmpty()) {
            return dflt;
        }
        throw AtmosException.config(tag + " could not be resolved" + (where.isEmpty() ? "" : " for " + where) + ": "
                        + (repo.isEmpty() ? "not inside a git repository" : "the repository has no such information (detached HEAD, no origin remote?)"),
                "give a default after the function: '" + tag + " unknown'");
    }

    /** {@code metadata.labels} as strings, by key. */
    private Map<String, Object> labels() {
        Map<String, Object> out = new java.util.TreeMap<>();
        if (metadata.get("labels") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        return new LinkedHashMap<>(out);
    }

    private static List<Object> strings(Object v) {
        List<Object> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            l.forEach(x -> out.add(x == null ? "" : String.valueOf(x)));
        } else if (v instanceof String str && !str.isEmpty()) {
            out.add(str);
        }
        return out;
    }

    private static String why(String tag) {
        if (tag.startsWith("!terraform.")) {
            return "it reads the component's Terraform state";
        }
        if (tag.startsWith("!store") || tag.equals("!secret")) {
            return "it reads an external store";
        }
        if (tag.startsWith("!aws.")) {
            return "it calls AWS";
        }
        return "not implemented";
    }

    /** Where the value at {@code path} was written, when the section keeps it. */
    private static Source locate(YamlValue.Map root, List<String> path) {
        YamlValue v = root;
        for (String p : path) {
            if (v instanceof YamlValue.Map m && m.get(p) != null) {
                v = m.get(p);
            } else if (v instanceof YamlValue.Seq seq && p.startsWith("[")) {
                int i = Integer.parseInt(p.substring(1, p.length() - 1));
                if (i >= seq.items().size()) {
                    return null;
                }
                v = seq.items().get(i);
            } else {
                return null;
            }
        }
        return v.source();
    }

    private static boolean skipped(String tag, List<String> skip) {
        String bare = tag.substring(1);
        for (String k : skip) {
            String t = k.strip();
            if (t.equals(tag) || t.equals(bare)) {
                return true;
            }
        }
        return false;
    }
}
