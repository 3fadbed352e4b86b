package atmos.stack;

import atmos.config.Source;
import atmos.config.YamlValue;
import atmos.error.AtmosException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Atmos's deep merge of stack sections ({@code pkg/merge}): maps merge key by key, later layers win,
 * a null overrides, a value of another type replaces. Lists follow {@code settings.list_merge_strategy}:
 * {@code replace} (default), {@code append} (concatenate), {@code merge} (element-wise: maps at the
 * same index merge, otherwise the earlier element stays, extra elements are added). A list tagged
 * {@code !append} is appended to what the earlier layers hold whatever the strategy. Every value keeps
 * the source it was written at.
 */
enum Merge {
    REPLACE, APPEND, MERGE;

    static final String APPEND_KEY = "__atmos_append__";

    static Merge of(String strategy) {
        return switch (strategy == null || strategy.isEmpty() ? "replace" : strategy) {
            case "replace" -> REPLACE;
            case "append" -> APPEND;
            case "merge" -> MERGE;
            default -> throw AtmosException.config("invalid list merge strategy '" + strategy + "'",
                    "supported list merge strategies are: replace, append, merge");
        };
    }

    /** Merges the layers in order (later wins); empty and missing layers are skipped. */
    YamlValue.Map merge(List<YamlValue.Map> layers) {
        YamlValue.Map merged = null;
        for (YamlValue.Map layer : layers) {
            if (layer == null || layer.entries().isEmpty()) {
                continue;
            }
            if (merged == null) {
                merged = (YamlValue.Map) resolveAppends(layer, null);
            } else {
                merged = mergeMaps(merged, (YamlValue.Map) resolveAppends(layer, merged));
            }
        }
        return merged == null ? Values.emptyMap() : merged;
    }

    YamlValue.Map merge(YamlValue.Map... layers) {
        return merge(java.util.Arrays.asList(layers));
    }

    private YamlValue.Map mergeMaps(YamlValue.Map dst, YamlValue.Map src) {
        Map<String, YamlValue> entries = new LinkedHashMap<>(dst.entries());
        Map<String, Source> sources = new LinkedHashMap<>(dst.keySources());
        for (Map.Entry<String, YamlValue> e : src.entries().entrySet()) {
            String k = e.getKey();
            YamlValue s = e.getValue();
            YamlValue d = entries.get(k);
            YamlValue result;
            if (d == null && !entries.containsKey(k)) {
                result = s;
            } else if (s instanceof YamlValue.Map sm && d instanceof YamlValue.Map dm) {
                result = mergeMaps(dm, sm);
            } else if (d instanceof YamlValue.Seq ds && s instanceof YamlValue.Seq ss && this != REPLACE) {
                result = this == MERGE ? mergeSeqs(ds, ss) : appendSeqs(ds, ss);
            } else {
                result = s;
            }
            entries.put(k, result);
            sources.put(k, src.sourceOf(k));
        }
        return new YamlValue.Map(entries, sources, dst.source());
    }

    private static YamlValue appendSeqs(YamlValue.Seq a, YamlValue.Seq b) {
        List<YamlValue> items = new ArrayList<>(a.items().size() + b.items().size());
        items.addAll(a.items());
        items.addAll(b.items());
        return new YamlValue.Seq(items, b.source());
    }

    private YamlValue mergeSeqs(YamlValue.Seq dst, YamlValue.Seq src) {
        int n = Math.max(dst.items().size(), src.items().size());
        List<YamlValue> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (i < dst.items().size() && i < src.items().size()) {
                YamlValue d = dst.items().get(i);
                YamlValue s = src.items().get(i);
                out.add(d instanceof YamlValue.Map dm && s instanceof YamlValue.Map sm ? mergeMaps(dm, sm) : d);
            } else if (i < dst.items().size()) {
                out.add(dst.items().get(i));
            } else {
                out.add(src.items().get(i));
            }
        }
        return new YamlValue.Seq(out, dst.source());
    }

    /**
     * Resolves {@code !append} lists ({@code {__atmos_append__: [...]}}) against what is merged so far:
     * with the append strategy only the new items are kept (the merge appends them), otherwise the
     * existing list and the new items are concatenated so the override replaces with both.
     */
    private YamlValue resolveAppends(YamlValue v, YamlValue merged) {
        if (!(v instanceof YamlValue.Map m) || !containsAppend(m)) {
            return v;
        }
        Map<String, YamlValue> entries = new LinkedHashMap<>();
        for (Map.Entry<String, YamlValue> e : m.entries().entrySet()) {
            YamlValue value = e.getValue();
            YamlValue existing = merged instanceof YamlValue.Map mm ? mm.get(e.getKey()) : null;
            YamlValue.Seq appended = appendList(value);
            if (appended != null) {
                if (this == APPEND || !(existing instanceof YamlValue.Seq es)) {
                    entries.put(e.getKey(), appended);
                } else {
                    entries.put(e.getKey(), appendSeqs(es, appended));
                }
            } else if (value instanceof YamlValue.Map) {
                entries.put(e.getKey(), resolveAppends(value, existing instanceof YamlValue.Map ? existing : null));
            } else {
                entries.put(e.getKey(), value);
            }
        }
        return new YamlValue.Map(entries, m.keySources(), m.source());
    }

    static YamlValue.Seq appendList(YamlValue v) {
        if (v instanceof YamlValue.Map m && m.entries().size() == 1 && m.get(APPEND_KEY) instanceof YamlValue.Seq s) {
            return s;
        }
        return null;
    }

    private static boolean containsAppend(YamlValue.Map m) {
        for (YamlValue v : m.entries().values()) {
            if (v instanceof YamlValue.Map vm && (appendList(vm) != null || containsAppend(vm))) {
                return true;
            }
        }
        return false;
    }

    /** A map with any leftover {@code !append} wrappers turned into their plain lists. */
    static YamlValue stripAppends(YamlValue v) {
        YamlValue.Seq s = appendList(v);
        if (s != null) {
            return s;
        }
        if (v instanceof YamlValue.Map m && containsAppend(m)) {
            Map<String, YamlValue> entries = new LinkedHashMap<>();
            m.entries().forEach((k, x) -> entries.put(k, stripAppends(x)));
            return new YamlValue.Map(entries, m.keySources(), m.source());
        }
        return v;
    }
}
