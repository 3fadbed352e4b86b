package atmos.text;

/**
 * A value Go prints differently as JSON and as YAML, because its struct carries different
 * {@code json:} and {@code yaml:} tags (omitted fields, field names). Writers pick their side.
 */
public record PerFormat(Object json, Object yaml) {
}
