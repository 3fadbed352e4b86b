package atmos.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Atmos's merge of configuration layers: maps merge key by key, recursively; scalars and lists from
 * the later layer replace the earlier ones — except {@code commands:} lists, which merge by command
 * name as the Go Atmos merges them ({@link CommandsMerge}). The winning value keeps its own source, so
 * an error points at the file that set it.
 */
public final class DeepMerge {
    private DeepMerge() {
    }

    public static YamlValue merge(YamlValue base, YamlValue over) {
        if (base instanceof YamlValue.Map b && over instanceof YamlValue.Map o) {
            Map<String, YamlValue> entries = new LinkedHashMap<>(b.entries());
            Map<String, Source> sources = new LinkedHashMap<>(b.keySources());
            o.entries().forEach((key, value) -> {
                YamlValue existing = entries.get(key);
                if (key.equals("commands") && existing instanceof YamlValue.Seq a && value instanceof YamlValue.Seq c) {
                    // Custom commands extend each other across imports and fragments, by name (CommandsMerge).
                    entries.put(key, CommandsMerge.merge(a, c));
                } else {
                    entries.put(key, existing == null ? value : merge(existing, value));
                }
                sources.put(key, o.sourceOf(key));
            });
            return new YamlValue.Map(entries, sources, b.source());
        }
        if (over instanceof YamlValue.Scalar s && s.isNull() && s.tag() == null && base instanceof YamlValue.Map) {
            // An empty key in an overlay ("auth:" with nothing under it) must not wipe the base section.
            return base;
        }
        return over;
    }
}
