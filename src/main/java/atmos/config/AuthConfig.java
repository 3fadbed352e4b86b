package atmos.config;

import atmos.error.AtmosException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The merged {@code auth:} section (atmos.yaml, fragments, imports and active profiles), with every
 * supported YAML function evaluated. Providers and identities keep the order they were written in and
 * are looked up case-insensitively, as Atmos does.
 */
public record AuthConfig(
        Map<String, ProviderConfig> providers,
        Map<String, IdentityConfig> identities,
        ConfigNode node) {

    public AuthConfig {
        providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        identities = Collections.unmodifiableMap(new LinkedHashMap<>(identities));
    }

    public static AuthConfig from(ConfigNode auth) {
        Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        ConfigNode p = auth.child("providers");
        for (String name : p.keys()) {
            YamlValue raw = p.raw().get(name);
            // Atmos reads providers through Viper, which nests dotted keys (session.duration: 1h); identities
            // it reads raw, where a dotted key stays a key (validate explains it).
            ConfigNode n = ConfigNode.of(raw instanceof YamlValue.Map m ? nestDottedKeys(m) : raw, p.path(name), p.source(name));
            providers.put(name, new ProviderConfig(name, n.string("kind").orElse(""), n));
        }
        Map<String, IdentityConfig> identities = new LinkedHashMap<>();
        ConfigNode i = auth.child("identities");
        for (String name : i.keys()) {
            ConfigNode n = i.child(name);
            identities.put(name, new IdentityConfig(name, n.string("kind").orElse(""), n));
        }
        return new AuthConfig(providers, identities, auth);
    }

    /** {@code a.b: v} becomes {@code a: {b: v}}, merged with what {@code a} already holds. */
    static YamlValue.Map nestDottedKeys(YamlValue.Map map) {
        if (map.entries().keySet().stream().noneMatch(k -> k.indexOf('.') > 0)
                && map.entries().values().stream().noneMatch(v -> v instanceof YamlValue.Map)) {
            return map;
        }
        YamlValue result = YamlValue.Map.empty(map.source());
        for (Map.Entry<String, YamlValue> e : map.entries().entrySet()) {
            YamlValue value = e.getValue() instanceof YamlValue.Map m ? nestDottedKeys(m) : e.getValue();
            String[] parts = e.getKey().split("\\.", -1);
            Source keySource = map.sourceOf(e.getKey());
            if (parts.length > ConfigLimits.MAX_DEPTH) {
                // Each dot nests one level; the nested value is walked and merged recursively later.
                throw AtmosException.config(keySource.display(null) + ": key has more than " + ConfigLimits.MAX_DEPTH
                                + " dotted parts, more nesting than allowed", "write the key without so many dots");
            }
            for (int i = parts.length - 1; i >= 1; i--) {
                value = new YamlValue.Map(Map.of(parts[i], value), Map.of(parts[i], keySource), keySource);
            }
            result = DeepMerge.merge(result, new YamlValue.Map(Map.of(parts[0], value), Map.of(parts[0], keySource), map.source()));
        }
        return (YamlValue.Map) result;
    }

    public Optional<IdentityConfig> identity(String name) {
        IdentityConfig exact = identities.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return identities.values().stream().filter(c -> c.key().equals(lower)).findFirst();
    }

    public Optional<ProviderConfig> provider(String name) {
        ProviderConfig exact = providers.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return providers.values().stream().filter(c -> c.key().equals(lower)).findFirst();
    }

    public Optional<String> realm() {
        return node.string("realm");
    }

    public ConfigNode logs() {
        return node.child("logs");
    }

    public ConfigNode keyring() {
        return node.child("keyring");
    }

    public boolean isEmpty() {
        return providers.isEmpty() && identities.isEmpty();
    }
}
