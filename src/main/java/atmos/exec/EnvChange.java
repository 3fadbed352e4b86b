package atmos.exec;

import java.util.Map;
import java.util.Set;

/** Variables to set and to remove; the caller applies them to a copy of the parent environment. */
public record EnvChange(Map<String, String> set, Set<String> remove) {
    public EnvChange {
        set = Map.copyOf(set);
        remove = Set.copyOf(remove);
    }
}
