package atmos.cli.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Hides secret values (passwords, keys, tokens) that a configuration may hold, before anything is printed. */
public final class Redaction {
    public static final String MARK = "***REDACTED***";

    private Redaction() {
    }

    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("secret") || k.contains("password") || k.contains("token") || k.contains("private")
                || k.contains("access_key") || k.contains("session_key") || k.equals("credential");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> redact(Map<String, Object> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m) {
                out.put(k, redact((Map<String, Object>) m));
            } else if (v instanceof List<?> l) {
                List<Object> items = new ArrayList<>();
                l.forEach(x -> items.add(x instanceof Map<?, ?> m ? redact((Map<String, Object>) m) : x));
                out.put(k, items);
            } else if (v != null && isSecretKey(k) && !String.valueOf(v).isEmpty()) {
                out.put(k, MARK);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }
}
