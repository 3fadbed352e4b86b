package atmos.template;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * An immutable set of named functions, Go's {@code template.FuncMap}. Later additions override earlier
 * ones, as {@code lo.Assign} does when Atmos merges Gomplate's, Sprig's and its own functions. A
 * function named like a builtin ({@code slice}, {@code and}, …) replaces the builtin, as in Go.
 */
public final class Functions {
    private static final Functions NONE = new Functions(Map.of());

    private final Map<String, GoFunction> map;

    private Functions(Map<String, GoFunction> map) {
        this.map = map;
    }

    /** No functions beyond Go's builtins. */
    public static Functions none() {
        return NONE;
    }

    /** These functions. */
    public static Functions of(Map<String, GoFunction> functions) {
        return new Functions(Map.copyOf(functions));
    }

    /** This set plus one function (replacing one of the same name). */
    public Functions with(String name, GoFunction function) {
        Map<String, GoFunction> m = new HashMap<>(map);
        m.put(name, function);
        return new Functions(Collections.unmodifiableMap(m));
    }

    /** This set plus a namespace: {@code name} becomes a function returning it, so {@code name.Method} works. */
    public Functions withNamespace(String name, Namespace namespace) {
        return with(name, GoFunction.of(args -> namespace));
    }

    /** This set overridden by {@code other}. */
    public Functions plus(Functions other) {
        if (other.map.isEmpty()) {
            return this;
        }
        if (map.isEmpty()) {
            return other;
        }
        Map<String, GoFunction> m = new HashMap<>(map);
        m.putAll(other.map);
        return new Functions(Collections.unmodifiableMap(m));
    }

    /** The function of this name, or null. */
    public GoFunction get(String name) {
        return map.get(name);
    }

    public boolean has(String name) {
        return map.containsKey(name);
    }

    public Set<String> names() {
        return map.keySet();
    }
}
