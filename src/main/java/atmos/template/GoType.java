package atmos.template;

/**
 * The Go type of a function parameter, as far as the engine needs it: to check arguments the way Go's
 * reflection does ({@code wrong type for value; expected string; got int}) and to turn literals into
 * values ({@code expected integer; found "x"}).
 */
public final class GoType {
    enum Kind { ANY, VALUE, STRING, INT, INT64, FLOAT64, BOOL, OTHER }

    /** {@code interface {}}: any value, nil included. */
    public static final GoType ANY = new GoType("interface {}", Kind.ANY, true);
    /** {@code reflect.Value}: any value; what Go's builtins such as {@code eq} and {@code index} take. */
    public static final GoType VALUE = new GoType("reflect.Value", Kind.VALUE, true);
    public static final GoType STRING = new GoType("string", Kind.STRING, false);
    /** Go {@code int}: a Java {@link Integer} or {@link Long}. */
    public static final GoType INT = new GoType("int", Kind.INT, false);
    /** Go {@code int64}: a {@link GoNumber#int64}. */
    public static final GoType INT64 = new GoType("int64", Kind.INT64, false);
    public static final GoType FLOAT64 = new GoType("float64", Kind.FLOAT64, false);
    public static final GoType BOOL = new GoType("bool", Kind.BOOL, false);
    /** {@code []interface {}}: a plain {@link java.util.List}. */
    public static final GoType LIST = new GoType("[]interface {}", Kind.OTHER, true);
    /** {@code []string}: a {@link GoSlice} of strings. */
    public static final GoType STRINGS = new GoType("[]string", Kind.OTHER, true);
    /** {@code map[string]interface {}}: a plain {@link java.util.Map}. */
    public static final GoType MAP = new GoType("map[string]interface {}", Kind.OTHER, true);
    /** {@code time.Time}: a {@link java.time.ZonedDateTime}. */
    public static final GoType TIME = new GoType("time.Time", Kind.OTHER, false);

    private final String name;
    final Kind kind;
    private final boolean nillable;

    private GoType(String name, Kind kind, boolean nillable) {
        this.name = name;
        this.kind = kind;
        this.nillable = nillable;
    }

    /** Go's canBeNil: whether an untyped nil may stand for this type. */
    boolean canBeNil() {
        return nillable;
    }

    /** Whether a (non-nil) value of this Java object's Go type is assignable to this type. */
    boolean accepts(Object value) {
        return kind == Kind.ANY || kind == Kind.VALUE || name.equals(GoValues.typeName(value));
    }

    @Override
    public String toString() {
        return name;
    }
}
