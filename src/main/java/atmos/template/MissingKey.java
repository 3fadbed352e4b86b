package atmos.template;

import java.util.Locale;

/**
 * What a field lookup does with a map key that is not there: Go's {@code missingkey} option.
 *
 * <p>Atmos executes stack manifests with {@link #ERROR} and switches to {@link #DEFAULT} only where it
 * is told to ignore missing template values ({@code internal/exec/template_utils.go}); it never uses
 * {@link #ZERO}. The lookup applies to field chains ({@code .vars.x}) only: {@code index} returns the
 * map's zero value (a nil that prints {@code <no value>}) in every mode.
 */
public enum MissingKey {
    /** The lookup yields no value; printed as {@code <no value>}. Go's default ({@code missingkey=invalid} too). */
    DEFAULT,
    /** The lookup yields the zero value of the map's element type (nil for YAML maps, so {@code <no value>}). */
    ZERO,
    /** Execution stops: {@code map has no entry for key "x"}. */
    ERROR;

    /** Parses Go's option text: {@code missingkey=default|invalid|zero|error}. */
    public static MissingKey parse(String option) {
        String v = option.toLowerCase(Locale.ROOT);
        if (v.startsWith("missingkey=")) {
            v = v.substring("missingkey=".length());
        }
        return switch (v) {
            case "default", "invalid" -> DEFAULT;
            case "zero" -> ZERO;
            case "error" -> ERROR;
            default -> throw new IllegalArgumentException("unrecognized option: " + option);
        };
    }
}
