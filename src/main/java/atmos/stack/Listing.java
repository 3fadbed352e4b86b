package atmos.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The rows of {@code atmos list components}: unique components across (matching) stacks with their type and stack count. */
final class Listing {
    private Listing() {
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> components(Stacks stacks, String stackGlob) {
        Map<String, Object> described = stacks.describeStacks(new DescribeStacks.Request(null, List.of(), List.of(), List.of(),
                false, false, List.of(), false));
        Map<String, Map<String, Object>> seen = new TreeMap<>();
        for (Map.Entry<String, Object> s : described.entrySet()) {
            if (stackGlob != null && !stackGlob.isEmpty() && !Glob.matches(stackGlob, s.getKey())) {
                continue;
            }
            Map<String, Object> comps = (Map<String, Object>) ((Map<String, Object>) s.getValue()).get("components");
            for (String type : List.of("terraform", "helmfile", "packer")) {
                if (!(comps.get(type) instanceof Map<?, ?> typed)) {
                    continue;
                }
                for (Map.Entry<?, ?> c : new TreeMap<>(typed).entrySet()) {
                    String name = String.valueOf(c.getKey());
                    Map<String, Object> data = (Map<String, Object>) c.getValue();
                    Map<String, Object> metadata = data.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                    String key = name + ":" + type;
                    Map<String, Object> row = seen.get(key);
                    boolean enabled = !(metadata.get("enabled") instanceof Boolean b) || b;
                    boolean locked = metadata.get("locked") instanceof Boolean b && b;
                    if (row == null) {
                        row = new LinkedHashMap<>();
                        row.put("component", name);
                        row.put("type", type);
                        row.put("stack_count", 0L);
                        row.put("enabled", enabled);
                        row.put("locked", locked);
                        row.put("component_type", metadata.get("type") instanceof String t ? t : "real");
                        row.put("component_folder", metadata.get("component") instanceof String f && !f.isEmpty() ? f : name);
                        seen.put(key, row);
                    } else {
                        if (!enabled) {
                            row.put("enabled", false);
                        }
                        if (locked) {
                            row.put("locked", true);
                        }
                    }
                    row.put("stack_count", (Long) row.get("stack_count") + 1);
                }
            }
        }
        return new ArrayList<>(seen.values());
    }
}
