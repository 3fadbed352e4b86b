package atmos.config;

/** How messages name the type of a configuration value: "expected a map (got a string)". */
public final class Types {
    private Types() {
    }

    /** {@code a map}, {@code a list}, {@code a string}, {@code a number}, {@code a boolean}, {@code nothing}, {@code the function !x}. */
    public static String describe(YamlValue value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof YamlValue.Map) {
            return "a map";
        }
        if (value instanceof YamlValue.Seq) {
            return "a list";
        }
        YamlValue.Scalar s = (YamlValue.Scalar) value;
        if (s.value() == null) {
            return "nothing";
        }
        if (ConfigNode.isRawFunction(s)) {
            return "the function " + s.tag();
        }
        if (s.plain()) {
            String v = s.value();
            if (v.matches("[-+]?[0-9][0-9_]*(\\.[0-9]*)?([eE][-+]?[0-9]+)?")) {
                return "a number";
            }
            if (v.matches("(?i)true|false|yes|no|on|off")) {
                return "a boolean";
            }
        }
        return "a string";
    }
}
