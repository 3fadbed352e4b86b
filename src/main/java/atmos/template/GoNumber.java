package atmos.template;

/**
 * An integer whose Go type is not plain {@code int}: the {@code int64} that Sprig's arithmetic returns,
 * the {@code uint8} that {@code index} yields on a string, the {@code int32} of a rune. Go keeps these
 * types apart ({@code until (add 1 2)} fails because {@code until} wants an {@code int}), so the engine
 * does too. Plain Java {@link Integer} and {@link Long} values are Go {@code int}s.
 *
 * <p>Unsigned types keep their bits in {@link #longValue()}; {@link #toString()} prints them unsigned.
 */
public final class GoNumber extends Number {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final long bits;

    private GoNumber(String type, long bits) {
        this.type = type;
        this.bits = bits;
    }

    /** A Go {@code int64}. */
    public static GoNumber int64(long value) {
        return new GoNumber("int64", value);
    }

    /** A Go {@code uint8} (byte). */
    public static GoNumber uint8(int value) {
        return new GoNumber("uint8", value & 0xff);
    }

    /** A Go {@code int32} (rune). */
    public static GoNumber int32(int value) {
        return new GoNumber("int32", value);
    }

    /** A Go {@code uint64}, given its bits. */
    public static GoNumber uint64(long bits) {
        return new GoNumber("uint64", bits);
    }

    /** The Go type name: {@code int64}, {@code uint8}, … */
    public String type() {
        return type;
    }

    /** Whether the Go type is unsigned. */
    public boolean unsigned() {
        return type.startsWith("u");
    }

    @Override
    public long longValue() {
        return bits;
    }

    @Override
    public int intValue() {
        return (int) bits;
    }

    @Override
    public float floatValue() {
        return (float) doubleValue();
    }

    @Override
    public double doubleValue() {
        if (unsigned() && bits < 0) {
            return Long.toUnsignedString(bits).length() > 0 ? Double.parseDouble(Long.toUnsignedString(bits)) : 0;
        }
        return bits;
    }

    @Override
    public String toString() {
        return unsigned() ? Long.toUnsignedString(bits) : Long.toString(bits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GoNumber n && n.type.equals(type) && n.bits == bits;
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Long.hashCode(bits);
    }
}
