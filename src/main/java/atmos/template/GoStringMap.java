package atmos.template;

import java.util.LinkedHashMap;

/**
 * A map whose Go type is {@code map[string]string} (what Sprig's {@code split} returns) rather than
 * {@code map[string]interface {}}. Go will not pass it where a {@code map[string]interface {}} is
 * wanted, and neither does the engine.
 */
public final class GoStringMap extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;
}
