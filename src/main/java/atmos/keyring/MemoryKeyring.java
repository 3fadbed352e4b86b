package atmos.keyring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Keeps values in this process only (auth.keyring.type: memory); also the fake used by tests. */
public final class MemoryKeyring implements Keyring {
    private final Map<String, String> values = new TreeMap<>();

    @Override
    public String describe() {
        return "memory (this process only)";
    }

    @Override
    public synchronized Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public synchronized void set(String key, String value) {
        values.put(key, value);
    }

    @Override
    public synchronized void remove(String key) {
        values.remove(key);
    }

    @Override
    public synchronized List<String> keys() {
        return new ArrayList<>(values.keySet());
    }
}
