package atmos.config;

import atmos.error.AtmosException;
import java.nio.file.Path;

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

    /** A whole configuration document as a map (empty for an empty file); anything else is an error at its line. */
    static YamlValue.Map document(YamlValue v, Path cwd) {
        if (v instanceof YamlValue.Map m) {
            return m;
        }
        if (v instanceof YamlValue.Scalar s && s.isNull()) {
            return YamlValue.Map.empty(v.source());
        }
        throw AtmosException.config(v.source().display(cwd) + ": the configuration must be a YAML mapping (key: value), not "
                        + describe(v), "check that the file is an atmos.yaml and not a list or a plain value");
    }

    /** A path setting's text, stripped ("" for null); any other type is an error naming the field and its line. */
    static String pathText(YamlValue v, String field, Path cwd) {
        if (v instanceof YamlValue.Scalar s) {
            return s.value() != null ? s.value().strip() : "";
        }
        throw AtmosException.config(v.source().display(cwd) + ": " + field + ": expected a string (got " + describe(v) + ")",
                "write " + field + " as a single path");
    }
}
