package atmos.text;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** JSON in and out through jackson-jr: compact for storage, 2-space indented ({@code "k": v}) for people. */
public final class JsonText {
    private static final JSON COMPACT = JSON.std;
    private static final JSON PRETTY = JSON.std.with(new DefaultPrettyPrinter(
                    Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                            .withObjectEmptySeparator("")
                            .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private JsonText() {
    }

    public static String compact(Object value) {
        try {
            return COMPACT.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String pretty(Object value) {
        try {
            return PRETTY.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a JSON object; throws {@link IOException} on malformed input. */
    public static Map<String, Object> parseObject(String text) throws IOException {
        return COMPACT.mapFrom(text);
    }

    public static Object parse(String text) throws IOException {
        return COMPACT.anyFrom(text);
    }
}
