package atmos.text;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Go struct in output: its fields are written in declaration (insertion) order, where a Go map's
 * keys are written sorted. Used for the few places Atmos prints a struct ({@code atmos_cli_config}).
 */
public final class GoStruct extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;

    public GoStruct() {
    }

    public GoStruct(Map<String, Object> fields) {
        super(fields);
    }

    public GoStruct with(String field, Object value) {
        put(field, value);
        return this;
    }
}
