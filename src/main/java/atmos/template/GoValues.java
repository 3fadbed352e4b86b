package atmos.template;

import java.math.BigInteger;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * Go's view of the plain Java values templates run on: what YAML loads into ({@code Map}, {@code List},
 * {@code String}, {@code Integer}/{@code Long}, {@code Double}, {@code Boolean}, {@code null}) plus the
 * few typed values functions return ({@link GoNumber}, {@link GoSlice}, {@link GoStringMap},
 * {@link ZonedDateTime} as {@code time.Time}, {@link Duration} as {@code time.Duration},
 * {@link Namespace}).
 *
 * <p>Java {@code null} is Go's invalid value (no value at all); {@link #NIL_IFACE} is a nil held in an
 * interface slot (a map entry or list element whose value is null). Go treats the two differently in a
 * few places: {@code .a.b} through a present-but-null {@code a} is an error in every mode, through an
 * absent one only with {@code missingkey=error}.
 */
final class GoValues {
    private GoValues() {}

    /** A nil stored in an {@code interface {}} slot. Never escapes the engine. */
    static final Object NIL_IFACE = new Object() {
        @Override
        public String toString() {
            return "<nil>";
        }
    };

    /** Whether the value is one Go sees as an {@code int}. */
    static boolean isGoInt(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte;
    }

    /** Go's {@code %T}. */
    static String typeName(Object v) {
        if (v == null || v == NIL_IFACE) {
            return "<nil>";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (isGoInt(v)) {
            return "int";
        }
        if (v instanceof Double) {
            return "float64";
        }
        if (v instanceof GoNumber n) {
            return n.type();
        }
        if (v instanceof Float) {
            return "float32";
        }
        if (v instanceof BigInteger) {
            return "uint64";
        }
        if (v instanceof GoSlice s) {
            return s.goType();
        }
        if (v instanceof List) {
            return "[]interface {}";
        }
        if (v instanceof GoStringMap) {
            return "map[string]string";
        }
        if (v instanceof Map) {
            return "map[string]interface {}";
        }
        if (v instanceof byte[]) {
            return "[]uint8";
        }
        if (v instanceof ZonedDateTime) {
            return "time.Time";
        }
        if (v instanceof Duration) {
            return "time.Duration";
        }
        if (v instanceof Namespace ns) {
            return ns.goType();
        }
        if (v instanceof GoFunction) {
            return "func(...interface {}) (interface {}, error)";
        }
        return v.getClass().getName();
    }

    /** Go's {@code reflect.Kind} name, as Sprig's {@code kindOf} prints it. */
    static String kindName(Object v) {
        if (v == null || v == NIL_IFACE) {
            return "invalid";
        }
        if (v instanceof GoNumber n) {
            return n.type();
        }
        if (v instanceof Duration) {
            return "int64";
        }
        if (v instanceof BigInteger) {
            return "uint64";
        }
        if (v instanceof List || v instanceof byte[]) {
            return "slice";
        }
        if (v instanceof Map) {
            return "map";
        }
        if (v instanceof ZonedDateTime) {
            return "struct";
        }
        if (v instanceof Namespace) {
            return "ptr";
        }
        if (v instanceof GoFunction) {
            return "func";
        }
        String t = typeName(v);
        return t.contains(".") ? "struct" : t;
    }

    /** The basic kinds Go's comparison functions know. */
    enum Basic { INVALID, BOOL, INT, UINT, FLOAT, STRING }

    static Basic basicKind(Object v) {
        if (v instanceof String) {
            return Basic.STRING;
        }
        if (v instanceof Boolean) {
            return Basic.BOOL;
        }
        if (isGoInt(v) || v instanceof Duration) {
            return Basic.INT;
        }
        if (v instanceof GoNumber n) {
            return n.unsigned() ? Basic.UINT : Basic.INT;
        }
        if (v instanceof BigInteger) {
            return Basic.UINT;
        }
        if (v instanceof Double || v instanceof Float) {
            return Basic.FLOAT;
        }
        return Basic.INVALID;
    }

    /** The integer value of an int-kind or uint-kind value (uints as bits). */
    static long longOf(Object v) {
        if (v instanceof Duration d) {
            return d.toNanos();
        }
        return ((Number) v).longValue();
    }

    /** Go's isTrue, for a value already taken out of its interface; always meaningful here. */
    static boolean isTrue(Object v) {
        if (v == null || v == NIL_IFACE) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v instanceof byte[] b) {
            return b.length > 0;
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof Float f) {
            return f != 0;
        }
        if (v instanceof BigInteger b) {
            return b.signum() != 0;
        }
        if (v instanceof Duration d) {
            return !d.isZero();
        }
        if (v instanceof Number n) {
            return n.longValue() != 0;
        }
        return true; // structs, non-nil pointers and functions
    }

    /** Go's indirectInterface: the value held by an interface, or invalid (null) for a nil one. */
    static Object unwrap(Object v) {
        return v == NIL_IFACE ? null : v;
    }

    /** Wraps a null stored in an interface slot. */
    static Object slot(Object v) {
        return v == null ? NIL_IFACE : v;
    }
}
