package atmos.template;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A list whose Go type is a typed slice such as {@code []string} or {@code []int} rather than
 * {@code []interface {}}: what {@code splitList}, {@code keys}, {@code until} and friends return.
 * Immutable. Any other {@link List} is a Go {@code []interface {}}.
 */
public final class GoSlice extends AbstractList<Object> implements RandomAccess {
    private final String elementType;
    private final Object[] items;

    private GoSlice(String elementType, Object[] items) {
        this.elementType = elementType;
        this.items = items;
    }

    /** A {@code []string}. */
    public static GoSlice ofStrings(List<String> items) {
        return new GoSlice("string", items.toArray());
    }

    /** A {@code []int} of Java longs. */
    public static GoSlice ofInts(List<Long> items) {
        return new GoSlice("int", items.toArray());
    }

    /** A slice of the given Go element type; the caller guarantees the items have that type. */
    public static GoSlice of(String elementType, List<?> items) {
        return new GoSlice(elementType, items.toArray());
    }

    /** The Go element type, e.g. {@code string}. */
    public String elementType() {
        return elementType;
    }

    /** The Go type, e.g. {@code []string}. */
    public String goType() {
        return "[]" + elementType;
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }
}
