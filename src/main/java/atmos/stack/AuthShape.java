package atmos.stack;

import atmos.config.Source;
import atmos.config.YamlValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The global {@code auth:} section as Atmos puts it under every Terraform component: the Go
 * {@code AuthConfig} struct written as JSON and read back, so only the fields Atmos knows survive,
 * {@code kind} is always present, false booleans and empty strings are left out, {@code logs} always
 * has {@code file} and {@code level}. Values keep the file and line they were written at.
 */
final class AuthShape {
    private static final List<String> PROVIDER_FIELDS = List.of("kind", "start_url", "url", "region", "username", "password",
            "driver", "provider_type", "download_browser_driver", "browser_type", "browser_executable_path",
            "auto_provision_identities", "session", "console", "default", "spec", "tags");
    private static final List<String> IDENTITY_FIELDS = List.of("kind", "default", "required", "provider", "via", "principal",
            "credentials", "spec", "alias", "env", "session", "emulator", "tags");
    private static final Set<String> OMIT_FALSE = Set.of("default", "required", "download_browser_driver");

    private AuthShape() {
    }

    /** Atmos's global auth map: empty unless providers or identities are configured. */
    static YamlValue.Map globalAuthSection(YamlValue.Map auth) {
        YamlValue.Map providers = Values.map(auth.get("providers"));
        YamlValue.Map identities = Values.map(auth.get("identities"));
        if (auth.get("providers") == null && auth.get("identities") == null) {
            return Values.emptyMap();
        }
        Map<String, YamlValue> out = new LinkedHashMap<>();
        Map<String, Source> sources = new LinkedHashMap<>();
        String realm = Values.string(auth.get("realm"));
        if (realm != null && !realm.isEmpty()) {
            out.put("realm", auth.get("realm"));
        }
        YamlValue.Map logs = Values.map(auth.get("logs"));
        Map<String, YamlValue> l = new LinkedHashMap<>();
        l.put("file", scalarOrEmpty(logs.get("file")));
        l.put("level", scalarOrEmpty(logs.get("level")));
        out.put("logs", new YamlValue.Map(l, Map.of(), logs.source()));
        YamlValue.Map keyring = Values.map(auth.get("keyring"));
        Map<String, YamlValue> k = new LinkedHashMap<>();
        keep(keyring, k, "type");
        keep(keyring, k, "spec");
        out.put("keyring", new YamlValue.Map(k, Map.of(), keyring.source()));
        if (auth.get("console") instanceof YamlValue.Map c && !c.entries().isEmpty()) {
            out.put("console", c);
        }
        out.put("providers", shape(providers, PROVIDER_FIELDS));
        sources.put("providers", auth.sourceOf("providers"));
        out.put("identities", shape(identities, IDENTITY_FIELDS));
        sources.put("identities", auth.sourceOf("identities"));
        if (auth.get("integrations") instanceof YamlValue.Map i && !i.entries().isEmpty()) {
            out.put("integrations", i);
        }
        return new YamlValue.Map(out, sources, auth.source());
    }

    private static YamlValue.Map shape(YamlValue.Map entries, List<String> fields) {
        Map<String, YamlValue> out = new LinkedHashMap<>();
        entries.entries().forEach((name, v) -> {
            YamlValue.Map m = Values.map(v);
            Map<String, YamlValue> e = new LinkedHashMap<>();
            Map<String, Source> s = new LinkedHashMap<>();
            for (String f : fields) {
                YamlValue x = m.get(f);
                if (f.equals("kind")) {
                    e.put(f, scalarOrEmpty(x));
                    s.put(f, m.sourceOf(f));
                    continue;
                }
                if (x == null || empty(x) || OMIT_FALSE.contains(f) && Boolean.FALSE.equals(Values.plain(x))) {
                    continue;
                }
                e.put(f, x);
                s.put(f, m.sourceOf(f));
            }
            out.put(name, new YamlValue.Map(e, s, m.source()));
        });
        return new YamlValue.Map(out, entries.keySources(), entries.source());
    }

    private static boolean empty(YamlValue v) {
        Object p = Values.plain(v);
        return p == null || p instanceof String s && s.isEmpty() || p instanceof Map<?, ?> mm && mm.isEmpty()
                || p instanceof List<?> ll && ll.isEmpty();
    }

    private static void keep(YamlValue.Map from, Map<String, YamlValue> to, String key) {
        YamlValue v = from.get(key);
        if (v != null && !empty(v)) {
            to.put(key, v);
        }
    }

    private static YamlValue scalarOrEmpty(YamlValue v) {
        return v instanceof YamlValue.Scalar s && s.value() != null ? s : YamlValue.Scalar.of("", Values.GENERATED);
    }
}
