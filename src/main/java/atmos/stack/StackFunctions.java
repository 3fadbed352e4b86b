package atmos.stack;

import atmos.config.ConfigFunctions;
import atmos.config.Source;
import atmos.config.YamlValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * YAML functions in component sections, evaluated after merging as Atmos does: {@code !env},
 * {@code !exec}, {@code !repo-root}/{@code !git.root}, {@code !cwd}, {@code !random} and {@code !unset}
 * (removes the key). Functions this tool does not implement ({@code !terraform.state},
 * {@code !terraform.output}, {@code !store}, {@code !template}, {@code !aws.*} …) are kept as their
 * text ({@code "!terraform.state vpc .vpc_id"}), as {@code --process-functions=false} shows them.
 */
final class StackFunctions {
    private static final List<String> SUPPORTED = List.of("!env", "!exec", "!repo-root", "!git.root", "!cwd", "!random");

    private final ConfigFunctions functions;

    StackFunctions(StackSettings settings) {
        this.functions = new ConfigFunctions(settings.host(), settings.config().gitRoot());
    }

    Map<String, Object> process(Map<String, Object> section, List<String> skip) {
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) walk(section, skip);
        return out;
    }

    private Object walk(Object v, List<String> skip) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (isUnset(e.getValue(), skip)) {
                    continue;
                }
                out.put(String.valueOf(e.getKey()), walk(e.getValue(), skip));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                if (!isUnset(x, skip)) {
                    out.add(walk(x, skip));
                }
            }
            return out;
        }
        if (v instanceof String s && s.startsWith("!")) {
            return call(s, skip);
        }
        return v;
    }

    private static boolean isUnset(Object v, List<String> skip) {
        return v instanceof String s && s.startsWith("!unset") && !skipped("!unset", skip);
    }

    private Object call(String s, List<String> skip) {
        for (String tag : SUPPORTED) {
            if ((s.equals(tag) || s.startsWith(tag + " ")) && !skipped(tag, skip)) {
                String args = s.substring(tag.length()).strip();
                YamlValue result = functions.evaluate(new YamlValue.Scalar(args, tag, false, null, Source.synthetic(s)));
                return Values.plain(result instanceof YamlValue.Scalar sc && sc.envVar() != null
                        ? new YamlValue.Scalar(sc.value(), null, false, null, sc.source()) : result);
            }
        }
        return s;
    }

    private static boolean skipped(String tag, List<String> skip) {
        String bare = tag.substring(1);
        for (String k : skip) {
            String t = k.strip();
            if (t.equals(tag) || t.equals(bare)) {
                return true;
            }
        }
        return false;
    }
}
