package atmos.exec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to turn a parent environment into a child's: variables to set and to remove, in order. Kept as
 * a recipe (not as the resulting map) so that it can be applied to another parent later: the
 * snapshot's fast path replays it on the environment it starts with.
 */
public final class EnvRecipe {
    /** One step: set {@code name} to {@code value}, or remove it ({@code value} null). */
    public record Op(String name, String value) {
        public boolean isRemove() {
            return value == null;
        }
    }

    private final List<Op> ops = new ArrayList<>();

    public EnvRecipe put(String name, String value) {
        ops.add(new Op(name, value == null ? "" : value));
        return this;
    }

    public EnvRecipe remove(String name) {
        ops.add(new Op(name, null));
        return this;
    }

    public List<Op> ops() {
        return List.copyOf(ops);
    }

    /** A new map: {@code parent} with every step applied in order; the parent is not changed. */
    public Map<String, String> applyTo(Map<String, String> parent) {
        Map<String, String> env = new LinkedHashMap<>(parent);
        for (Op op : ops) {
            if (op.isRemove()) {
                env.remove(op.name());
            } else {
                env.put(op.name(), op.value());
            }
        }
        return env;
    }
}
