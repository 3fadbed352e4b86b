package atmos.template;

import java.util.Map;

/**
 * A value whose methods templates call, as Gomplate's {@code strings}, {@code conv}, … and Atmos's
 * {@code atmos} namespaces are: {@code {{ strings.ToUpper .x }}} calls a function that returns the
 * namespace, then its method {@code ToUpper}.
 *
 * @param goType the Go type printed in messages, e.g. {@code *funcs.StringFuncs}
 * @param methods the methods by name
 */
public record Namespace(String goType, Map<String, GoFunction> methods) {
    public Namespace {
        methods = Map.copyOf(methods);
    }

    @Override
    public String toString() {
        return "&{}";
    }
}
