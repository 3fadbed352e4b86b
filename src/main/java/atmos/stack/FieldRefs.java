package atmos.stack;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template that is exactly one field reference ({@code "{{ .locals.tags }}"}, blanks around it
 * allowed), which the Go Atmos replaces by the referenced value itself before rendering text
 * ({@code pkg/template/ast.go ExtractPlainFieldRef}/{@code LookupFieldPath}): a map or list stays
 * one instead of printing as {@code map[a:b]}, a number stays a number. Like Atmos, this only
 * recognises the default {@code {{ }}} delimiters.
 */
final class FieldRefs {
    /** What {@link #lookup} returns when the text is not one field reference, or the path is not in the data. */
    static final Object MISSING = new Object();

    private static final Pattern PLAIN = Pattern.compile("\\s*\\{\\{(?:-\\s)?\\s*((?:\\.[A-Za-z_][A-Za-z0-9_]*)+)\\s*(?:\\s-)?}}\\s*");

    private FieldRefs() {
    }

    static Object lookup(String text, Map<String, Object> data) {
        Matcher m = PLAIN.matcher(text);
        if (!m.matches()) {
            return MISSING;
        }
        Object current = data;
        for (String part : m.group(1).substring(1).split("\\.")) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return MISSING;
            }
            current = map.get(part);
        }
        return current;
    }
}
