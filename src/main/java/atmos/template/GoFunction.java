package atmos.template;

import java.util.List;

/**
 * A function templates can call, with the Go signature the engine checks arguments against, exactly as
 * Go's {@code text/template} checks them by reflection: the argument count, each argument's type, and
 * how literals turn into values.
 *
 * <p>The body receives the arguments flat: the fixed ones, then any variadic ones. An {@code
 * interface {}} argument that is nil arrives as {@code null}. Whatever the body throws becomes the
 * template error {@code error calling NAME: MESSAGE}. A {@code null} result is a nil {@code interface {}}.
 *
 * @param params the parameter types; when {@code variadic}, the last one is the element type of the
 *     variadic tail
 * @param variadic whether the last parameter repeats
 * @param body the implementation
 */
public record GoFunction(List<GoType> params, boolean variadic, Body body) {

    /** The implementation of a function. */
    @FunctionalInterface
    public interface Body {
        Object call(Object[] args) throws Exception;
    }

    public GoFunction {
        params = List.copyOf(params);
        if (variadic && params.isEmpty()) {
            throw new IllegalArgumentException("a variadic function needs its element type");
        }
    }

    /** A function of fixed arity. */
    public static GoFunction of(Body body, GoType... params) {
        return new GoFunction(List.of(params), false, body);
    }

    /** A function whose last parameter (given as its element type) repeats. */
    public static GoFunction variadic(Body body, GoType... params) {
        return new GoFunction(List.of(params), true, body);
    }
}
