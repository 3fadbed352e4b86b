package atmos.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Atmos's merge of configuration layers: maps merge key by key, recursively; scalars and lists from
 * the later layer replace the earlier ones. The winning value keeps its own source, so an error
 * points at the file that set it.
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
                entries.put(key, existing == null ? value : merge(existing, value));
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
