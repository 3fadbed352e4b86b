package atmos.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A configuration value as read from YAML, immutable, remembering where it was written so that
 * validation can point at a file and line. Maps keep insertion order (users see their own order back).
 */
public sealed interface YamlValue permits YamlValue.Map, YamlValue.Seq, YamlValue.Scalar {

    Source source();

    /** A mapping; {@code keySources} tells where each key was written (the line users look for). */
    record Map(java.util.Map<String, YamlValue> entries, java.util.Map<String, Source> keySources, Source source)
            implements YamlValue {
        public Map {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keySources = Collections.unmodifiableMap(new LinkedHashMap<>(keySources));
        }

        public static Map empty(Source source) {
            return new Map(java.util.Map.of(), java.util.Map.of(), source);
        }

        public YamlValue get(String key) {
            return entries.get(key);
        }

        /** The source of a key, falling back to the value's and then the map's own source. */
        public Source sourceOf(String key) {
            Source s = keySources.get(key);
            if (s != null) {
                return s;
            }
            YamlValue v = entries.get(key);
            return v != null ? v.source() : source;
        }
    }

    /**
     * A sequence. {@code tag} is its explicit local tag ({@code !append} in stack manifests) or null.
     */
    record Seq(List<YamlValue> items, Source source, String tag) implements YamlValue {
        public Seq {
            items = List.copyOf(items);
        }

        public Seq(List<YamlValue> items, Source source) {
            this(items, source, null);
        }
    }

    /**
     * A scalar. {@code value} is null for YAML null. {@code tag} is the explicit local tag written in the
     * file ({@code !env}, {@code !terraform.state} …) or null. {@code plain} is true when the scalar was
     * written without quotes, so {@code true} and {@code "true"} can be told apart. {@code envVar} names
     * the environment variable an {@code !env} value came from, so errors can name it.
     */
    record Scalar(String value, String tag, boolean plain, String envVar, Source source) implements YamlValue {

        public static Scalar of(String value, Source source) {
            return new Scalar(value, null, false, null, source);
        }

        public boolean isNull() {
            return value == null;
        }

        /** True for an {@code !env} value whose variable was unset (and had no default). */
        public boolean isUnsetEnv() {
            return envVar != null && (value == null || value.isEmpty());
        }
    }
}
