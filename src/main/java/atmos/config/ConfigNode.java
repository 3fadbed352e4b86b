package atmos.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of one mapping in the configuration with its dotted path
 * ({@code auth.identities.admin.principal}), so every accessor can say where a value came from and
 * every message can name the field. Missing or non-map values read as an empty node.
 */
public final class ConfigNode {
    private final YamlValue.Map map;
    private final String path;
    private final Source anchor;

    private ConfigNode(YamlValue.Map map, String path, Source anchor) {
        this.map = map;
        this.path = path;
        this.anchor = anchor;
    }

    /**
     * A view of {@code value} (empty unless it is a map). {@code keySource} is where the key naming this
     * node was written: problems about the node as a whole (a missing field) point there.
     */
    public static ConfigNode of(YamlValue value, String path, Source keySource) {
        if (value instanceof YamlValue.Map m) {
            return new ConfigNode(m, path, keySource);
        }
        Source own = value != null ? value.source() : keySource;
        return new ConfigNode(YamlValue.Map.empty(own), path, keySource != null ? keySource : own);
    }

    public static ConfigNode empty(String path) {
        return new ConfigNode(YamlValue.Map.empty(Source.synthetic("(built-in default)")), path, null);
    }

    public String path() {
        return path;
    }

    public String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public YamlValue.Map raw() {
        return map;
    }

    /** Where this node was named (its key's line), else where its content starts. */
    public Source source() {
        return anchor != null && anchor.isFile() ? anchor : map.source();
    }

    public Source source(String key) {
        return map.sourceOf(key);
    }

    public Set<String> keys() {
        return map.entries().keySet();
    }

    public boolean isEmpty() {
        return map.entries().isEmpty();
    }

    public boolean has(String key) {
        return map.entries().containsKey(key);
    }

    public Optional<YamlValue> value(String key) {
        return Optional.ofNullable(map.get(key));
    }

    public boolean isMap(String key) {
        return map.get(key) instanceof YamlValue.Map;
    }

    /**
     * The scalar's text, stripped; empty when missing, null, blank, not a scalar, or an unevaluated YAML
     * function (validation reports those; they are never used as values).
     */
    public Optional<String> string(String key) {
        if (map.get(key) instanceof YamlValue.Scalar s && s.value() != null && !s.value().isBlank() && !isRawFunction(s)) {
            return Optional.of(s.value().strip());
        }
        return Optional.empty();
    }

    /** A tagged scalar no function evaluated ({@code !store …} and the like). */
    public static boolean isRawFunction(YamlValue.Scalar s) {
        return s.tag() != null && s.envVar() == null;
    }

    /** True when the value at {@code key} is an unevaluated YAML function. */
    public boolean isRawFunction(String key) {
        return map.get(key) instanceof YamlValue.Scalar s && isRawFunction(s);
    }

    /** The scalar at {@code key}, if the value is one. */
    public Optional<YamlValue.Scalar> scalar(String key) {
        return map.get(key) instanceof YamlValue.Scalar s ? Optional.of(s) : Optional.empty();
    }

    /** The environment variable an {@code !env} value at {@code key} came from, if any. */
    public Optional<String> envVar(String key) {
        return scalar(key).map(YamlValue.Scalar::envVar);
    }

    /** YAML booleans as Go's yaml.v3 reads them into a bool: true/false, yes/no, on/off, any case. */
    public boolean bool(String key) {
        return string(key).map(ConfigNode::truthy).orElse(false);
    }

    public static boolean truthy(String v) {
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "y", "1" -> true;
            default -> false;
        };
    }

    public ConfigNode child(String key) {
        Source keySource = map.entries().containsKey(key) ? map.sourceOf(key) : source();
        return ConfigNode.of(map.get(key), path(key), keySource);
    }

    /** A list of strings; a single scalar or a comma-separated string counts as a list, as in Atmos. */
    public List<String> strings(String key) {
        YamlValue v = map.get(key);
        List<String> out = new ArrayList<>();
        if (v instanceof YamlValue.Seq s) {
            for (YamlValue item : s.items()) {
                if (item instanceof YamlValue.Scalar sc && sc.value() != null && !sc.value().isBlank()) {
                    out.add(sc.value().strip());
                }
            }
        } else if (v instanceof YamlValue.Scalar sc && sc.value() != null) {
            for (String part : sc.value().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    /** Plain Java data (maps, lists, strings, booleans, numbers) for rendering as JSON or YAML. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> plain() {
        return (Map<String, Object>) Json.toPlain(map);
    }
}
