package atmos.text;

import java.util.Map;

/**
 * JSON for maps of strings without the JSON library: {@code auth env --format json} prints one on the
 * cached path (see {@code atmos.snapshot.FastPath}), before anything else is loaded. The output is
 * byte for byte what {@link JsonText#pretty} writes (a test holds them to it).
 */
public final class JsonStrings {
    private JsonStrings() {
    }

    /**
     * A map of strings exactly as {@link JsonText#pretty} writes it, without the JSON library (the cached path of
     * {@code auth env --format json} prints it before anything else is loaded).
     */
    public static String prettyStrings(Map<String, String> map) {
        if (map.isEmpty()) {
            return "{}";
        }
        StringBuilder b = new StringBuilder(64 * map.size()).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : map.entrySet()) {
            b.append(first ? "\n  " : ",\n  ");
            first = false;
            string(b, e.getKey());
            b.append(": ");
            if (e.getValue() == null) {
                b.append("null");
            } else {
                string(b, e.getValue());
            }
        }
        return b.append("\n}").toString();
    }

    /** A JSON string as jackson writes it: short escapes for quote, backslash and \b \t \n \f \r, \\u00XX for other controls. */
    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\f' -> b.append("\\f");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

}
