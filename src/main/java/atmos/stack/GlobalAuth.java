package atmos.stack;

import atmos.config.YamlValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The global auth section Atmos shows for a component whose own {@code auth:} is empty
 * ({@code buildGlobalAuthSection}): providers, identities, integrations, logs and keyring when set,
 * the realm only when configured explicitly.
 */
final class GlobalAuth {
    private GlobalAuth() {
    }

    static Map<String, Object> section(StackSettings settings) {
        YamlValue.Map auth = settings.globalAuth();
        Map<String, Object> shaped = Values.plainMap(AuthShape.globalAuthSection(auth));
        Map<String, Object> out = new LinkedHashMap<>();
        if (shaped.get("providers") instanceof Map<?, ?> p && !p.isEmpty()) {
            out.put("providers", p);
        }
        if (shaped.get("identities") instanceof Map<?, ?> i && !i.isEmpty()) {
            out.put("identities", i);
        }
        if (shaped.get("integrations") != null) {
            out.put("integrations", shaped.get("integrations"));
        }
        Map<String, Object> logs = Values.plainMap(auth.get("logs"));
        String level = logs.get("level") instanceof String s ? s : "";
        String file = logs.get("file") instanceof String s ? s : "";
        if (!level.isEmpty() || !file.isEmpty()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("level", level);
            l.put("file", file);
            out.put("logs", l);
        }
        Map<String, Object> keyring = Values.plainMap(auth.get("keyring"));
        if (keyring.get("type") instanceof String t && !t.isEmpty()) {
            out.put("keyring", keyring);
        }
        String realm = Values.string(auth.get("realm"));
        if (realm != null && !realm.isEmpty()) {
            out.put("realm", realm);
        } else {
            settings.host().getenv("ATMOS_AUTH_REALM").ifPresent(r -> out.put("realm", r));
        }
        return out;
    }
}
