package atmos.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a .env file ({@code KEY=value}, optional {@code export}, quotes, # comments) into a map. */
public final class Dotenv {
    private Dotenv() {
    }

    public static YamlValue.Map parse(String text, Path file) {
        Map<String, YamlValue> entries = new LinkedHashMap<>();
        Map<String, Source> sources = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring(7).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                boolean dq = value.charAt(0) == '"';
                value = value.substring(1, value.length() - 1);
                if (dq) {
                    value = value.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
                }
            } else {
                int hash = value.indexOf(" #");
                if (hash >= 0) {
                    value = value.substring(0, hash).strip();
                }
            }
            Source src = Source.of(file, i + 1, 1);
            entries.put(key, YamlValue.Scalar.of(value, src));
            sources.put(key, src);
        }
        return new YamlValue.Map(entries, sources, Source.of(file, 1, 1));
    }
}
