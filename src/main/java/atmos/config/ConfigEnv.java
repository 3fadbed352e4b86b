package atmos.config;

import atmos.error.AtmosException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The top-level {@code env:} section: variables Atmos adds to the commands it runs. Evaluated only
 * when a command needs it, and leniently: a value whose function fails ({@code !exec gh auth token}
 * without gh installed) is left out with a warning instead of breaking every command.
 */
public final class ConfigEnv {
    private final YamlValue raw;
    private final ConfigFunctions functions;
    private Map<String, String> values;
    private final List<String> warnings = new ArrayList<>();

    ConfigEnv(YamlValue raw, ConfigFunctions functions) {
        this.raw = raw;
        this.functions = functions;
    }

    static ConfigEnv empty() {
        return new ConfigEnv(null, null);
    }

    /** Every variable, with functions evaluated; failures are skipped (see {@link #warnings()}). */
    public synchronized Map<String, String> values() {
        if (values == null) {
            values = Collections.unmodifiableMap(evaluate(k -> true));
        }
        return values;
    }

    /** Only the ATMOS_* variables (which act as if set in the environment), without running anything else. */
    Map<String, String> atmosVariables() {
        return evaluate(k -> k.startsWith("ATMOS_"));
    }

    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    private Map<String, String> evaluate(java.util.function.Predicate<String> wanted) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!(raw instanceof YamlValue.Map m)) {
            return out;
        }
        YamlValue.Map map = m;
        if (map.entries().size() == 1 && map.entries().containsKey("<<")) {
            map = (YamlValue.Map) functions.evaluate(map);
        }
        map.entries().forEach((k, v) -> {
            if (!wanted.test(k)) {
                return;
            }
            if (!Names.isEnvVarName(k)) {
                // A command could not use it, and a shell reading `auth env` output would run it; validate reports it.
                synchronized (this) {
                    warnings.add("env." + Names.printable(k) + " is not set: not a valid environment variable name");
                }
                return;
            }
            try {
                YamlValue e = functions.evaluate(v);
                if (e instanceof YamlValue.Scalar s && s.value() != null && !ConfigNode.isRawFunction(s)) {
                    out.put(k, s.value());
                }
            } catch (AtmosException ex) {
                synchronized (this) {
                    warnings.add("env." + k + " is not set: " + ex.getMessage());
                }
            }
        });
        return out;
    }
}
