package atmos.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the Go Atmos merges {@code commands:} lists across atmos.yaml, its imports and {@code atmos.d/}
 * fragments ({@code pkg/config/load.go}, mergeCommandArrays): by command name, in the order names are
 * first seen; a later definition's fields replace the earlier's, except nested {@code commands}, which
 * merge the same way. A path-style name ({@code name: "github status"}) is the nested command
 * {@code github → status}. Entries without a name are dropped.
 */
public final class CommandsMerge {
    private CommandsMerge() {
    }

    public static YamlValue.Seq merge(YamlValue.Seq first, YamlValue.Seq second) {
        return new YamlValue.Seq(mergeNormalized(normalize(first.items()), normalize(second.items())), second.source());
    }

    /** The list with path-style names nested and duplicate names merged. */
    public static YamlValue.Seq normalize(YamlValue.Seq commands) {
        return new YamlValue.Seq(normalize(commands.items()), commands.source());
    }

    private static List<YamlValue> normalize(List<YamlValue> items) {
        List<YamlValue> result = new ArrayList<>();
        for (YamlValue item : items) {
            result = mergeNormalized(result, List.of(normalizeDefinition(item)));
        }
        return result;
    }

    private static YamlValue normalizeDefinition(YamlValue item) {
        if (!(item instanceof YamlValue.Map m)) {
            return item;
        }
        Map<String, YamlValue> entries = new LinkedHashMap<>(m.entries());
        if (entries.get("commands") instanceof YamlValue.Seq nested) {
            entries.put("commands", new YamlValue.Seq(normalize(nested.items()), nested.source()));
        }
        String name = name(m);
        String[] path = name == null ? new String[0] : name.strip().split("\\s+");
        if (path.length <= 1) {
            return new YamlValue.Map(entries, m.keySources(), m.source());
        }
        entries.put("name", YamlValue.Scalar.of(path[path.length - 1], m.sourceOf("name")));
        YamlValue current = new YamlValue.Map(entries, m.keySources(), m.source());
        for (int i = path.length - 2; i >= 0; i--) {
            Map<String, YamlValue> parent = new LinkedHashMap<>();
            parent.put("name", YamlValue.Scalar.of(path[i], m.sourceOf("name")));
            parent.put("commands", new YamlValue.Seq(List.of(current), m.source()));
            current = new YamlValue.Map(parent, Map.of(), m.source());
        }
        return current;
    }

    private static List<YamlValue> mergeNormalized(List<YamlValue> first, List<YamlValue> second) {
        Map<String, YamlValue> byName = new LinkedHashMap<>();
        for (List<YamlValue> list : List.of(first, second)) {
            for (YamlValue cmd : list) {
                String name = cmd instanceof YamlValue.Map m ? name(m) : null;
                if (name == null || name.isEmpty()) {
                    continue;
                }
                YamlValue existing = byName.get(name);
                byName.put(name, existing == null ? cmd : mergeDefinitions(existing, cmd));
            }
        }
        return new ArrayList<>(byName.values());
    }

    private static YamlValue mergeDefinitions(YamlValue first, YamlValue second) {
        if (!(first instanceof YamlValue.Map a) || !(second instanceof YamlValue.Map b)) {
            return second;
        }
        Map<String, YamlValue> entries = new LinkedHashMap<>(a.entries());
        Map<String, Source> sources = new LinkedHashMap<>(a.keySources());
        b.entries().forEach((k, v) -> {
            if (k.equals("commands") && entries.get(k) instanceof YamlValue.Seq x && v instanceof YamlValue.Seq y) {
                entries.put(k, merge(x, y));
            } else {
                entries.put(k, v);
            }
            sources.put(k, b.sourceOf(k));
        });
        return new YamlValue.Map(entries, sources, b.source());
    }

    private static String name(YamlValue.Map m) {
        return m.get("name") instanceof YamlValue.Scalar s && s.value() != null ? s.value().strip() : null;
    }
}
