package atmos.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Go's builtin template functions ({@code text/template/funcs.go}), with Go's error messages. */
final class Builtins {
    private Builtins() {}

    private static final Map<String, GoFunction> BUILTINS;

    static {
        Map<String, GoFunction> b = new HashMap<>();
        GoType v = GoType.VALUE;
        GoType any = GoType.ANY;
        b.put("and", GoFunction.variadic(a -> a[a.length - 1], v, v));
        b.put("or", GoFunction.variadic(a -> a[a.length - 1], v, v));
        b.put("not", GoFunction.of(a -> !GoValues.isTrue(a[0]), v));
        b.put("len", GoFunction.of(a -> length(a[0]), v));
        b.put("index", GoFunction.variadic(a -> index(a[0], rest(a)), v, v));
        b.put("slice", GoFunction.variadic(a -> slice(a[0], rest(a)), v, v));
        b.put("print", GoFunction.variadic(GoFmt::sprint, any));
        b.put("printf", GoFunction.variadic(a -> GoFmt.sprintf((String) a[0], rest(a)), GoType.STRING, any));
        b.put("println", GoFunction.variadic(GoFmt::sprintln, any));
        b.put("eq", GoFunction.variadic(a -> eq(a[0], rest(a)), v, v));
        b.put("ne", GoFunction.of(a -> !eq(a[0], new Object[] {a[1]}), v, v));
        b.put("lt", GoFunction.of(a -> lt(a[0], a[1]), v, v));
        b.put("le", GoFunction.of(a -> lt(a[0], a[1]) || eq(a[0], new Object[] {a[1]}), v, v));
        b.put("gt", GoFunction.of(a -> !(lt(a[0], a[1]) || eq(a[0], new Object[] {a[1]})), v, v));
        b.put("ge", GoFunction.of(a -> !lt(a[0], a[1]), v, v));
        b.put("html", GoFunction.variadic(a -> htmlEscape(evalArgs(a)), any));
        b.put("js", GoFunction.variadic(a -> jsEscape(evalArgs(a)), any));
        b.put("urlquery", GoFunction.variadic(a -> queryEscape(evalArgs(a)), any));
        b.put("call", GoFunction.variadic(Builtins::call, v, v));
        BUILTINS = Map.copyOf(b);
    }

    /** The builtin of this name, or null. */
    static GoFunction get(String name) {
        return BUILTINS.get(name);
    }

    static boolean has(String name) {
        return BUILTINS.containsKey(name);
    }

    private static Object[] rest(Object[] a) {
        Object[] r = new Object[a.length - 1];
        System.arraycopy(a, 1, r, 0, r.length);
        return r;
    }

    /** An error a builtin returns; the executor reports it as "error calling NAME: MESSAGE". */
    static final class FuncError extends Exception {
        private static final long serialVersionUID = 1L;

        FuncError(String message) {
            super(message, null, false, false);
        }
    }

    // --- len, index, slice ----------------------------------------------------------------------------

    static Object length(Object item) throws FuncError {
        if (item == null) {
            throw new FuncError("reflect: call of reflect.Value.Type on zero Value");
        }
        if (item instanceof String s) {
            return (long) utf8Length(s);
        }
        if (item instanceof List<?> l) {
            return (long) l.size();
        }
        if (item instanceof Map<?, ?> m) {
            return (long) m.size();
        }
        if (item instanceof byte[] b) {
            return (long) b.length;
        }
        throw new FuncError("len of type " + GoValues.typeName(item));
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static int indexArg(Object index, int cap) throws FuncError {
        long x;
        if (index == null) {
            throw new FuncError("cannot index slice/array with nil");
        }
        GoValues.Basic k = GoValues.basicKind(index);
        if (k == GoValues.Basic.INT || k == GoValues.Basic.UINT) {
            x = GoValues.longOf(index);
        } else {
            throw new FuncError("cannot index slice/array with type " + GoValues.typeName(index));
        }
        if (x < 0 || x > cap) {
            throw new FuncError("index out of range: " + x);
        }
        return (int) x;
    }

    static Object index(Object item, Object[] indexes) throws FuncError {
        item = GoValues.unwrap(item);
        if (item == null) {
            throw new FuncError("index of untyped nil");
        }
        for (Object idx : indexes) {
            Object index = GoValues.unwrap(idx);
            if (item == GoValues.NIL_IFACE) {
                throw new FuncError("index of nil pointer");
            }
            if (item instanceof List<?> list) {
                int x = indexArg(index, list.size());
                if (x == list.size()) {
                    throw new FuncError("reflect: slice index out of range");
                }
                item = list instanceof GoSlice ? list.get(x) : GoValues.slot(list.get(x));
            } else if (item instanceof String s) {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                int x = indexArg(index, bytes.length);
                if (x == bytes.length) {
                    throw new FuncError("reflect: string index out of range");
                }
                item = GoNumber.uint8(bytes[x]);
            } else if (item instanceof byte[] bytes) {
                int x = indexArg(index, bytes.length);
                if (x == bytes.length) {
                    throw new FuncError("reflect: slice index out of range");
                }
                item = GoNumber.uint8(bytes[x]);
            } else if (item instanceof Map<?, ?> map) {
                if (index == null) {
                    throw new FuncError("value is nil; should be of type string");
                }
                if (!(index instanceof String key)) {
                    throw new FuncError("value has type " + GoValues.typeName(index) + "; should be string");
                }
                if (map.containsKey(key)) {
                    item = GoValues.slot(map.get(key));
                } else {
                    item = map instanceof GoStringMap ? "" : GoValues.NIL_IFACE;
                }
            } else {
                throw new FuncError("can't index item of type " + GoValues.typeName(item));
            }
        }
        return item;
    }

    static Object slice(Object item, Object[] indexes) throws FuncError {
        item = GoValues.unwrap(item);
        if (item == null) {
            throw new FuncError("slice of untyped nil");
        }
        if (indexes.length > 3) {
            throw new FuncError("too many slice indexes: " + indexes.length);
        }
        int cap;
        byte[] bytes = null;
        if (item instanceof String s) {
            if (indexes.length == 3) {
                throw new FuncError("cannot 3-index slice a string");
            }
            bytes = s.getBytes(StandardCharsets.UTF_8);
            cap = bytes.length;
        } else if (item instanceof List<?> l) {
            cap = l.size();
        } else {
            throw new FuncError("can't slice item of type " + GoValues.typeName(item));
        }
        int[] idx = {0, item instanceof String ? cap : ((List<?>) item).size(), 0};
        for (int i = 0; i < indexes.length; i++) {
            idx[i] = indexArg(GoValues.unwrap(indexes[i]), cap);
        }
        // given item[i:j], make sure i <= j.
        if (idx[0] > idx[1]) {
            throw new FuncError("invalid slice index: " + idx[0] + " > " + idx[1]);
        }
        if (indexes.length == 3 && idx[1] > idx[2]) {
            throw new FuncError("invalid slice index: " + idx[1] + " > " + idx[2]);
        }
        if (bytes != null) {
            return new String(bytes, idx[0], idx[1] - idx[0], StandardCharsets.UTF_8);
        }
        List<?> l = (List<?>) item;
        List<Object> sub = new ArrayList<>(l.subList(idx[0], idx[1]));
        return l instanceof GoSlice g ? GoSlice.of(g.elementType(), sub) : sub;
    }

    // --- comparison -----------------------------------------------------------------------------------

    static boolean eq(Object arg1, Object[] arg2) throws FuncError {
        arg1 = GoValues.unwrap(arg1);
        if (arg2.length == 0) {
            throw new FuncError("missing argument for comparison");
        }
        GoValues.Basic k1 = GoValues.basicKind(arg1);
        for (Object a : arg2) {
            Object arg = GoValues.unwrap(a);
            GoValues.Basic k2 = GoValues.basicKind(arg);
            boolean truth = false;
            if (k1 != k2) {
                // Special case: Can compare integer values regardless of type's sign.
                if (k1 == GoValues.Basic.INT && k2 == GoValues.Basic.UINT) {
                    truth = GoValues.longOf(arg1) >= 0 && GoValues.longOf(arg1) == GoValues.longOf(arg);
                } else if (k1 == GoValues.Basic.UINT && k2 == GoValues.Basic.INT) {
                    truth = GoValues.longOf(arg) >= 0 && GoValues.longOf(arg1) == GoValues.longOf(arg);
                } else if (arg1 != null && arg != null) {
                    throw new FuncError("incompatible types for comparison");
                }
            } else {
                switch (k1) {
                    case BOOL -> truth = arg1.equals(arg);
                    case FLOAT -> truth = ((Number) arg1).doubleValue() == ((Number) arg).doubleValue();
                    case INT, UINT -> truth = GoValues.longOf(arg1) == GoValues.longOf(arg);
                    case STRING -> truth = arg1.equals(arg);
                    default -> {
                        String kind1 = GoValues.kindName(arg1);
                        String kind2 = GoValues.kindName(arg);
                        if (arg1 != null && arg != null && !kind1.equals(kind2)) {
                            throw new FuncError("non-comparable types " + GoFmt.toString(arg1) + ": "
                                    + GoValues.typeName(arg1) + ", " + GoValues.typeName(arg) + ": " + GoFmt.toString(arg));
                        }
                        if (arg1 == null || arg == null) {
                            truth = arg1 == arg;
                        } else {
                            if (arg instanceof List || arg instanceof Map || arg instanceof GoFunction
                                    || arg instanceof byte[]) {
                                throw new FuncError("non-comparable type " + GoFmt.toString(arg) + ": "
                                        + GoValues.typeName(arg));
                            }
                            truth = arg1 == arg || arg1.equals(arg);
                        }
                    }
                }
            }
            if (truth) {
                return true;
            }
        }
        return false;
    }

    static boolean lt(Object arg1, Object arg2) throws FuncError {
        arg1 = GoValues.unwrap(arg1);
        GoValues.Basic k1 = GoValues.basicKind(arg1);
        if (k1 == GoValues.Basic.INVALID) {
            throw new FuncError("invalid type for comparison");
        }
        arg2 = GoValues.unwrap(arg2);
        GoValues.Basic k2 = GoValues.basicKind(arg2);
        if (k2 == GoValues.Basic.INVALID) {
            throw new FuncError("invalid type for comparison");
        }
        if (k1 != k2) {
            // Special case: Can compare integer values regardless of type's sign.
            if (k1 == GoValues.Basic.INT && k2 == GoValues.Basic.UINT) {
                long a = GoValues.longOf(arg1);
                return a < 0 || Long.compareUnsigned(a, GoValues.longOf(arg2)) < 0;
            }
            if (k1 == GoValues.Basic.UINT && k2 == GoValues.Basic.INT) {
                long b = GoValues.longOf(arg2);
                return b >= 0 && Long.compareUnsigned(GoValues.longOf(arg1), b) < 0;
            }
            throw new FuncError("incompatible types for comparison");
        }
        return switch (k1) {
            case BOOL -> throw new FuncError("invalid type for comparison");
            case FLOAT -> ((Number) arg1).doubleValue() < ((Number) arg2).doubleValue();
            case INT -> GoValues.longOf(arg1) < GoValues.longOf(arg2);
            case UINT -> Long.compareUnsigned(GoValues.longOf(arg1), GoValues.longOf(arg2)) < 0;
            case STRING -> GoFmt.compareStrings((String) arg1, (String) arg2) < 0;
            default -> throw new FuncError("invalid type for comparison");
        };
    }

    // --- escaping -------------------------------------------------------------------------------------

    /** Go's evalArgs: a lone string as is, anything else through fmt.Sprint with nil as "<no value>". */
    static String evalArgs(Object[] args) {
        if (args.length == 1 && args[0] instanceof String s) {
            return s;
        }
        Object[] printable = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            printable[i] = args[i] == null ? "<no value>" : args[i];
        }
        return GoFmt.sprint(printable);
    }

    static String htmlEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("&#34;");
                case '\'' -> sb.append("&#39;");
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case 0 -> sb.append('\uFFFD');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String jsEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '"' -> sb.append("\\\"");
                case '<' -> sb.append("\\u003C");
                case '>' -> sb.append("\\u003E");
                case '&' -> sb.append("\\u0026");
                case '=' -> sb.append("\\u003D");
                default -> {
                    if (c < ' ') {
                        sb.append(String.format("\\u%04X", c));
                    } else if (c < 0x80 || GoFmt.isPrint(c)) {
                        sb.appendCodePoint(c);
                    } else {
                        sb.append(String.format("\\u%04X", c));
                    }
                }
            }
        }
        return sb.toString();
    }

    /** url.QueryEscape. */
    static String queryEscape(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 15));
            }
        }
        return sb.toString();
    }

    // --- call -----------------------------------------------------------------------------------------

    /** call: args[0] is the callee's text (added by the executor), args[1] the function value. */
    private static Object call(Object[] args) throws Exception {
        String calleeName = (String) args[0];
        Object fn = GoValues.unwrap(args[1]);
        if (fn == null) {
            throw new FuncError("call of nil");
        }
        if (!(fn instanceof GoFunction f)) {
            throw new FuncError("non-function " + calleeName + " of type " + GoValues.typeName(fn));
        }
        Object[] callArgs = new Object[args.length - 2];
        System.arraycopy(args, 2, callArgs, 0, callArgs.length);
        int want = f.params().size();
        if (f.variadic()) {
            if (callArgs.length < want - 1) {
                throw new FuncError("wrong number of args for " + calleeName + ": got " + callArgs.length
                        + " want at least " + (want - 1));
            }
        } else if (callArgs.length != want) {
            throw new FuncError("wrong number of args for " + calleeName + ": got " + callArgs.length + " want " + want);
        }
        for (int i = 0; i < callArgs.length; i++) {
            GoType t = f.variadic() && i >= want - 1 ? f.params().get(want - 1) : f.params().get(i);
            Object a = callArgs[i];
            if (a == null ? !t.canBeNil() : !t.accepts(a)) {
                throw new FuncError("arg " + i + ": value has type " + GoValues.typeName(a) + "; should be " + t);
            }
        }
        return f.body().call(callArgs);
    }
}
