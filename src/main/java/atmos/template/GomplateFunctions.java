package atmos.template;

import static atmos.template.GoType.ANY;
import static atmos.template.GoType.INT;
import static atmos.template.GoType.MAP;
import static atmos.template.GoType.STRING;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Gomplate v3 functions Atmos puts under Sprig's ({@code gomplate.CreateFuncs}): the namespaces
 * {@code strings}, {@code conv}, {@code coll}, {@code data}, {@code math}, {@code test}, {@code time},
 * {@code uuid}, {@code base64}, {@code crypto}, {@code regexp}, {@code path}, {@code filepath}, and the
 * top-level aliases Sprig does not shadow ({@code toJSON}, {@code required}, {@code replaceAll}, …).
 * Not provided: datasources ({@code ds}, {@code datasource}, {@code include}), YAML/TOML/CSV, AWS, GCP,
 * network, file and sockaddr functions.
 */
final class GomplateFunctions {
    private GomplateFunctions() {}

    static Functions create(TemplateOptions options) {
        Map<String, GoFunction> top = new HashMap<>();

        // strings
        Map<String, GoFunction> str = new HashMap<>();
        str.put("ReplaceAll", GoFunction.of(a -> GoStrings.replaceAll(toStr(a[2]), (String) a[0], (String) a[1]), STRING, STRING, ANY));
        str.put("Contains", GoFunction.of(a -> toStr(a[1]).contains((String) a[0]), STRING, ANY));
        str.put("HasPrefix", GoFunction.of(a -> toStr(a[1]).startsWith((String) a[0]), STRING, ANY));
        str.put("HasSuffix", GoFunction.of(a -> toStr(a[1]).endsWith((String) a[0]), STRING, ANY));
        str.put("Repeat", GoFunction.of(a -> {
            int n = Cast.i(a[0]);
            if (n < 0) {
                throw new Builtins.FuncError("negative count " + n);
            }
            return toStr(a[1]).repeat(n);
        }, INT, ANY));
        str.put("Split", GoFunction.of(a -> GoSlice.ofStrings(GoStrings.goSplit(toStr(a[1]), (String) a[0], -1)), STRING, ANY));
        str.put("SplitN", GoFunction.of(a -> GoSlice.ofStrings(GoStrings.goSplit(toStr(a[2]), (String) a[0],
                Cast.i(a[1]))), STRING, INT, ANY));
        str.put("Trim", GoFunction.of(a -> GoStrings.trim(toStr(a[1]), (String) a[0]), STRING, ANY));
        str.put("TrimPrefix", GoFunction.of(a -> {
            String s = toStr(a[1]);
            return s.startsWith((String) a[0]) ? s.substring(((String) a[0]).length()) : s;
        }, STRING, ANY));
        str.put("TrimSuffix", GoFunction.of(a -> {
            String s = toStr(a[1]);
            return s.endsWith((String) a[0]) ? s.substring(0, s.length() - ((String) a[0]).length()) : s;
        }, STRING, ANY));
        str.put("Title", GoFunction.of(a -> casesTitle(toStr(a[0])), ANY));
        str.put("ToUpper", GoFunction.of(a -> GoStrings.upper(toStr(a[0])), ANY));
        str.put("ToLower", GoFunction.of(a -> GoStrings.lower(toStr(a[0])), ANY));
        str.put("TrimSpace", GoFunction.of(a -> GoStrings.trimSpace(toStr(a[0])), ANY));
        str.put("Trunc", GoFunction.of(a -> {
            int n = Cast.i(a[0]);
            String s = toStr(a[1]);
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return n < 0 || b.length <= n ? s : new String(b, 0, n, StandardCharsets.UTF_8);
        }, INT, ANY));
        str.put("Indent", GoFunction.variadic(GomplateFunctions::indent, ANY));
        str.put("Quote", GoFunction.of(a -> GoFmt.quote(toStr(a[0])), ANY));
        str.put("Squote", GoFunction.of(a -> "'" + toStr(a[0]).replace("'", "''") + "'", ANY));
        str.put("ShellQuote", GoFunction.of(a -> {
            if (a[0] instanceof List<?> l) {
                List<String> parts = new ArrayList<>();
                for (Object o : l) {
                    parts.add(shellQuote(toStr(GoValues.unwrap(o))));
                }
                return String.join(" ", parts);
            }
            return shellQuote(toStr(a[0]));
        }, ANY));
        str.put("RuneCount", GoFunction.variadic(a -> {
            StringBuilder sb = new StringBuilder();
            for (Object o : a) {
                sb.append(toStr(o));
            }
            return (long) sb.codePointCount(0, sb.length());
        }, ANY));
        Namespace strings = new Namespace("*funcs.StringFuncs", str);
        top.put("strings", GoFunction.of(a -> strings));
        top.put("replaceAll", str.get("ReplaceAll"));
        top.put("title", str.get("Title"));
        top.put("toUpper", str.get("ToUpper"));
        top.put("toLower", str.get("ToLower"));
        top.put("trimSpace", str.get("TrimSpace"));
        top.put("indent", str.get("Indent"));
        top.put("quote", str.get("Quote"));
        top.put("shellQuote", str.get("ShellQuote"));
        top.put("squote", str.get("Squote"));
        top.put("contains", GoFunction.of(a -> ((String) a[0]).contains((String) a[1]), STRING, STRING));
        top.put("hasPrefix", GoFunction.of(a -> ((String) a[0]).startsWith((String) a[1]), STRING, STRING));
        top.put("hasSuffix", GoFunction.of(a -> ((String) a[0]).endsWith((String) a[1]), STRING, STRING));
        top.put("split", GoFunction.of(a -> GoSlice.ofStrings(GoStrings.goSplit((String) a[0], (String) a[1], -1)), STRING, STRING));
        top.put("splitN", GoFunction.of(a -> GoSlice.ofStrings(GoStrings.goSplit((String) a[0], (String) a[1],
                Cast.i(a[2]))), STRING, STRING, INT));
        top.put("trim", GoFunction.of(a -> GoStrings.trim((String) a[0], (String) a[1]), STRING, STRING));

        // conv
        Map<String, GoFunction> conv = new HashMap<>();
        conv.put("Bool", GoFunction.of(a -> toBool(a[0]), ANY));
        conv.put("ToBool", conv.get("Bool"));
        conv.put("ToString", GoFunction.of(a -> toStr(a[0]), ANY));
        conv.put("ToStrings", GoFunction.variadic(a -> {
            List<String> out = new ArrayList<>();
            for (Object o : a) {
                out.add(toStr(o));
            }
            return GoSlice.ofStrings(out);
        }, ANY));
        conv.put("ToInt64", GoFunction.of(a -> GoNumber.int64(toInt64(a[0])), ANY));
        conv.put("ToInt", GoFunction.of(a -> toInt64(a[0]), ANY));
        conv.put("ToFloat64", GoFunction.of(a -> toFloat64(a[0]), ANY));
        conv.put("Atoi", GoFunction.of(a -> {
            Long v = GoStrconv.parseInt64(toStr(a[0]));
            return v == null ? 0L : v;
        }, ANY));
        conv.put("Default", GoFunction.of(a -> GoValues.isTrue(a[1]) ? a[1] : a[0], ANY, ANY));
        conv.put("Join", GoFunction.of(a -> {
            if (!(a[0] instanceof List<?> l)) {
                throw new Builtins.FuncError("input to Join must be an array");
            }
            List<String> parts = new ArrayList<>();
            for (Object o : l) {
                parts.add(toStr(GoValues.unwrap(o)));
            }
            return String.join((String) a[1], parts);
        }, ANY, STRING));
        conv.put("Has", GoFunction.of(a -> has(a[0], a[1]), ANY, ANY));
        conv.put("Slice", GoFunction.variadic(a -> new ArrayList<>(List.of(a)), ANY));
        Namespace convNs = new Namespace("*funcs.ConvFuncs", conv);
        top.put("conv", GoFunction.of(a -> convNs));
        top.put("bool", conv.get("Bool"));
        top.put("join", conv.get("Join"));
        top.put("default", conv.get("Default"));

        // coll
        Map<String, GoFunction> coll = new HashMap<>();
        coll.put("Slice", conv.get("Slice"));
        coll.put("Has", conv.get("Has"));
        coll.put("Dict", GoFunction.variadic(a -> {
            Map<String, Object> d = new LinkedHashMap<>();
            for (int k = 0; k < a.length; k += 2) {
                d.put(toStr(a[k]), k + 1 < a.length ? a[k + 1] : "");
            }
            return d;
        }, ANY));
        coll.put("Keys", GoFunction.variadic(a -> {
            List<String> keys = new ArrayList<>();
            for (Object m : a) {
                for (Object k : Cast.sortedKeys(Cast.map(m))) {
                    keys.add(String.valueOf(k));
                }
            }
            return GoSlice.ofStrings(keys);
        }, MAP));
        coll.put("Values", GoFunction.variadic(a -> {
            List<Object> values = new ArrayList<>();
            for (Object m : a) {
                Map<?, ?> map = Cast.map(m);
                for (Object k : Cast.sortedKeys(map)) {
                    values.add(map.get(k));
                }
            }
            return values;
        }, MAP));
        coll.put("Append", GoFunction.of(a -> {
            List<Object> l = new ArrayList<>(listArg(a[1]));
            l.add(a[0]);
            return l;
        }, ANY, ANY));
        coll.put("Prepend", GoFunction.of(a -> {
            List<Object> l = new ArrayList<>();
            l.add(a[0]);
            l.addAll(listArg(a[1]));
            return l;
        }, ANY, ANY));
        coll.put("Uniq", GoFunction.of(a -> {
            List<Object> out = new ArrayList<>();
            for (Object o : listArg(a[0])) {
                boolean seen = false;
                for (Object x : out) {
                    seen |= Cast.deepEqual(x, o);
                }
                if (!seen) {
                    out.add(o);
                }
            }
            return out;
        }, ANY));
        coll.put("Reverse", GoFunction.of(a -> {
            List<Object> l = new ArrayList<>(listArg(a[0]));
            java.util.Collections.reverse(l);
            return l;
        }, ANY));
        coll.put("Merge", GoFunction.variadic(a -> {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int k = a.length - 1; k >= 0; k--) {
                mergeOver(out, Cast.map(a[k]));
            }
            return out;
        }, MAP, MAP));
        coll.put("Sort", GoFunction.variadic(GomplateFunctions::sort, ANY));
        coll.put("Flatten", GoFunction.variadic(a -> {
            int depth = a.length == 2 ? Cast.i(a[0]) : -1;
            List<Object> out = new ArrayList<>();
            flatten(listArg(a[a.length - 1]), depth, out);
            return out;
        }, ANY));
        coll.put("Pick", GoFunction.variadic(a -> pickOmit(a, true), ANY));
        coll.put("Omit", GoFunction.variadic(a -> pickOmit(a, false), ANY));
        Namespace collNs = new Namespace("*funcs.CollFuncs", coll);
        top.put("coll", GoFunction.of(a -> collNs));
        top.put("has", coll.get("Has"));
        top.put("slice", coll.get("Slice"));
        top.put("dict", coll.get("Dict"));
        top.put("keys", coll.get("Keys"));
        top.put("values", coll.get("Values"));
        top.put("append", coll.get("Append"));
        top.put("prepend", coll.get("Prepend"));
        top.put("uniq", coll.get("Uniq"));
        top.put("reverse", coll.get("Reverse"));
        top.put("merge", coll.get("Merge"));
        top.put("sort", coll.get("Sort"));
        top.put("flatten", coll.get("Flatten"));

        // data
        Map<String, GoFunction> data = new HashMap<>();
        data.put("JSON", GoFunction.of(a -> {
            Object v = GoJson.decode(toStr(a[0]));
            if (!(v instanceof Map)) {
                throw new Builtins.FuncError("unable to unmarshal JSON object " + toStr(a[0]));
            }
            return v;
        }, ANY));
        data.put("JSONArray", GoFunction.of(a -> {
            Object v = GoJson.decode(toStr(a[0]));
            if (!(v instanceof List)) {
                throw new Builtins.FuncError("unable to unmarshal JSON array " + toStr(a[0]));
            }
            return v;
        }, ANY));
        data.put("ToJSON", GoFunction.of(a -> GoJson.encode(a[0], true, ""), ANY));
        data.put("ToJSONPretty", GoFunction.of(a -> GoJson.encode(a[1], true, (String) a[0]), STRING, ANY));
        Namespace dataNs = new Namespace("*funcs.DataFuncs", data);
        top.put("data", GoFunction.of(a -> dataNs));
        top.put("json", data.get("JSON"));
        top.put("jsonArray", data.get("JSONArray"));
        top.put("toJSON", data.get("ToJSON"));
        top.put("toJSONPretty", data.get("ToJSONPretty"));

        // math
        Map<String, GoFunction> math = new HashMap<>();
        math.put("Add", GoFunction.variadic(a -> arith(a, '+'), ANY));
        math.put("Mul", GoFunction.variadic(a -> arith(a, '*'), ANY));
        math.put("Sub", GoFunction.of(a -> arith(a, '-'), ANY, ANY));
        math.put("Div", GoFunction.of(a -> {
            double d = toFloat64(a[1]);
            if (d == 0) {
                throw new Builtins.FuncError("divide by zero");
            }
            return toFloat64(a[0]) / d;
        }, ANY, ANY));
        math.put("Rem", GoFunction.of(a -> GoNumber.int64(toInt64(a[0]) % toInt64(a[1])), ANY, ANY));
        math.put("Pow", GoFunction.of(a -> {
            double r = Math.pow(toFloat64(a[0]), toFloat64(a[1]));
            return isInt(a[0]) && isInt(a[1]) ? (Object) GoNumber.int64((long) r) : (Object) r;
        }, ANY, ANY));
        math.put("Max", GoFunction.variadic(a -> minMax(a, true), ANY, ANY));
        math.put("Min", GoFunction.variadic(a -> minMax(a, false), ANY, ANY));
        math.put("Abs", GoFunction.of(a -> isInt(a[0]) ? (Object) GoNumber.int64(Math.abs(toInt64(a[0])))
                : (Object) Math.abs(toFloat64(a[0])), ANY));
        math.put("Ceil", GoFunction.of(a -> Math.ceil(toFloat64(a[0])), ANY));
        math.put("Floor", GoFunction.of(a -> Math.floor(toFloat64(a[0])), ANY));
        math.put("Round", GoFunction.of(a -> {
            double v = toFloat64(a[0]);
            return v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5);
        }, ANY));
        math.put("Seq", GoFunction.variadic(a -> {
            if (a.length == 0) {
                throw new Builtins.FuncError("math.Seq must be given at least an 'end' value");
            }
            long start = 1;
            long end;
            long step = 1;
            if (a.length == 1) {
                end = toInt64(a[0]);
            } else {
                start = toInt64(a[0]);
                end = toInt64(a[1]);
                if (a.length > 2) {
                    step = toInt64(a[2]);
                }
            }
            if (end < start && step > 0) {
                step = -step;
            }
            List<Object> out = new ArrayList<>();
            if (step != 0) {
                for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
                    out.add(GoNumber.int64(v));
                }
            }
            return GoSlice.of("int64", out);
        }, ANY));
        math.put("IsInt", GoFunction.of(a -> isInt(a[0]), ANY));
        math.put("IsFloat", GoFunction.of(a -> a[0] instanceof Double || a[0] instanceof Float, ANY));
        math.put("IsNum", GoFunction.of(a -> isInt(a[0]) || a[0] instanceof Double || a[0] instanceof Float, ANY));
        Namespace mathNs = new Namespace("*funcs.MathFuncs", math);
        top.put("math", GoFunction.of(a -> mathNs));
        top.put("add", math.get("Add"));
        top.put("sub", math.get("Sub"));
        top.put("mul", math.get("Mul"));
        top.put("div", math.get("Div"));
        top.put("rem", math.get("Rem"));
        top.put("pow", math.get("Pow"));
        top.put("seq", math.get("Seq"));

        // test
        Map<String, GoFunction> test = new HashMap<>();
        test.put("Assert", GoFunction.variadic(a -> {
            if (a.length == 0 || a.length > 2) {
                throw new Builtins.FuncError("wrong number of args: want 1 or 2, got " + a.length);
            }
            if (!toBool(a[a.length - 1])) {
                if (a.length == 2) {
                    if (!(a[0] instanceof String msg)) {
                        throw new Builtins.FuncError("at <1>: expected string; found " + GoValues.typeName(a[0]));
                    }
                    throw new Builtins.FuncError(msg.isEmpty() ? "assertion failed" : "assertion failed: " + msg);
                }
                throw new Builtins.FuncError("assertion failed");
            }
            return "";
        }, ANY));
        test.put("Fail", GoFunction.variadic(a -> {
            if (a.length > 1) {
                throw new Builtins.FuncError("wrong number of args: want 0 or 1, got " + a.length);
            }
            String msg = a.length == 1 ? toStr(a[0]) : "";
            throw new Builtins.FuncError(msg.isEmpty() ? "template generation failed" : "template generation failed: " + msg);
        }, ANY));
        test.put("Required", GoFunction.variadic(a -> {
            if (a.length == 0 || a.length > 2) {
                throw new Builtins.FuncError("wrong number of args: want 1 or 2, got " + a.length);
            }
            String msg = "";
            if (a.length == 2) {
                if (!(a[0] instanceof String m)) {
                    throw new Builtins.FuncError("at <1>: expected string; found " + GoValues.typeName(a[0]));
                }
                msg = m;
            }
            Object v = a[a.length - 1];
            if (v == null || "".equals(v)) {
                throw new Builtins.FuncError(msg.isEmpty() ? "can not render template: a required value was not set" : msg);
            }
            return v;
        }, ANY));
        test.put("Ternary", GoFunction.of(a -> toBool(a[2]) ? a[0] : a[1], ANY, ANY, ANY));
        test.put("Kind", GoFunction.of(a -> GoValues.kindName(a[0]), ANY));
        test.put("IsKind", GoFunction.of(a -> {
            String k = GoValues.kindName(a[1]);
            String kind = (String) a[0];
            if (kind.equals("number") && k.matches("u?int(8|16|32|64)?|uintptr|float(32|64)|complex(64|128)")) {
                kind = k;
            }
            return k.equals(kind);
        }, STRING, ANY));
        Namespace testNs = new Namespace("*funcs.TestFuncs", test);
        top.put("test", GoFunction.of(a -> testNs));
        top.put("assert", test.get("Assert"));
        top.put("fail", test.get("Fail"));
        top.put("required", test.get("Required"));
        top.put("ternary", test.get("Ternary"));
        top.put("kind", test.get("Kind"));
        top.put("isKind", test.get("IsKind"));

        // env (the namespace is shadowed by Sprig's env function in Atmos; getenv is not)
        Map<String, GoFunction> env = new HashMap<>();
        env.put("Getenv", GoFunction.variadic(a -> {
            String v = options.env().get((String) a[0]);
            return (v == null || v.isEmpty()) && a.length > 1 ? a[1] : v == null ? "" : v;
        }, STRING, STRING));
        env.put("ExpandEnv", GoFunction.of(a -> GoStrings.expand(toStr(a[0]), options.env()), ANY));
        Namespace envNs = new Namespace("*funcs.EnvFuncs", env);
        top.put("env", GoFunction.of(a -> envNs));
        top.put("getenv", env.get("Getenv"));

        // time, uuid, base64, crypto
        Map<String, GoFunction> time = new HashMap<>();
        time.put("Now", GoFunction.of(a -> ZonedDateTime.now(options.clock())));
        time.put("Unix", GoFunction.of(a -> Instant.ofEpochSecond(toInt64(a[0])).atZone(options.clock().getZone()), ANY));
        Namespace timeNs = new Namespace("*funcs.TimeFuncs", time);
        top.put("time", GoFunction.of(a -> timeNs));
        Namespace uuidNs = new Namespace("*funcs.UUIDFuncs", Map.of("V4", GoFunction.of(a -> options.uuids().get().toString())));
        top.put("uuid", GoFunction.of(a -> uuidNs));
        Namespace b64 = new Namespace("*funcs.Base64Funcs", Map.of(
                "Encode", GoFunction.of(a -> Base64.getEncoder().encodeToString(toStr(a[0]).getBytes(StandardCharsets.UTF_8)), ANY),
                "Decode", GoFunction.of(a -> new String(Base64.getDecoder().decode(toStr(a[0])), StandardCharsets.UTF_8), ANY)));
        top.put("base64", GoFunction.of(a -> b64));
        Namespace crypto = new Namespace("*funcs.CryptoFuncs", Map.of(
                "SHA1", GoFunction.of(a -> hash("SHA-1", toStr(a[0])), ANY),
                "SHA224", GoFunction.of(a -> hash("SHA-224", toStr(a[0])), ANY),
                "SHA256", GoFunction.of(a -> hash("SHA-256", toStr(a[0])), ANY),
                "SHA384", GoFunction.of(a -> hash("SHA-384", toStr(a[0])), ANY),
                "SHA512", GoFunction.of(a -> hash("SHA-512", toStr(a[0])), ANY)));
        top.put("crypto", GoFunction.of(a -> crypto));

        // regexp
        Map<String, GoFunction> re = new HashMap<>();
        re.put("Find", GoFunction.of(a -> {
            List<String> m = GoRegexp.findAllString(GoRegexp.compile(toStr(a[0])), toStr(a[1]), 1);
            return m.isEmpty() ? "" : m.get(0);
        }, ANY, ANY));
        re.put("FindAll", GoFunction.variadic(a -> {
            int n = a.length == 3 ? Cast.i(toInt64(a[1])) : -1;
            return GoSlice.ofStrings(GoRegexp.findAllString(GoRegexp.compile(toStr(a[0])), toStr(a[a.length - 1]), n));
        }, ANY));
        re.put("Match", GoFunction.of(a -> GoRegexp.compile(toStr(a[0])).matcher(toStr(a[1])).find(), ANY, ANY));
        re.put("Replace", GoFunction.of(a -> GoRegexp.replaceAll(GoRegexp.compile(toStr(a[0])), toStr(a[2]), toStr(a[1]), false),
                ANY, ANY, ANY));
        re.put("ReplaceLiteral", GoFunction.of(a -> GoRegexp.replaceAll(GoRegexp.compile(toStr(a[0])), toStr(a[2]),
                toStr(a[1]), true), ANY, ANY, ANY));
        re.put("Split", GoFunction.variadic(a -> {
            int n = a.length == 3 ? Cast.i(toInt64(a[1])) : -1;
            return GoSlice.ofStrings(GoRegexp.split(GoRegexp.compile(toStr(a[0])), toStr(a[a.length - 1]), n));
        }, ANY));
        re.put("QuoteMeta", GoFunction.of(a -> GoRegexp.quoteMeta(toStr(a[0])), ANY));
        Namespace reNs = new Namespace("*funcs.ReFuncs", re);
        top.put("regexp", GoFunction.of(a -> reNs));

        // path, filepath
        Map<String, GoFunction> path = new HashMap<>();
        path.put("Base", GoFunction.of(a -> GoPath.base(toStr(a[0])), ANY));
        path.put("Dir", GoFunction.of(a -> GoPath.dir(toStr(a[0])), ANY));
        path.put("Ext", GoFunction.of(a -> GoPath.ext(toStr(a[0])), ANY));
        path.put("Clean", GoFunction.of(a -> GoPath.clean(toStr(a[0])), ANY));
        path.put("IsAbs", GoFunction.of(a -> GoPath.isAbs(toStr(a[0])), ANY));
        path.put("Join", GoFunction.variadic(GoPath::join, ANY));
        Namespace pathNs = new Namespace("*funcs.PathFuncs", path);
        Namespace filepathNs = new Namespace("*funcs.FilePathFuncs", path);
        top.put("path", GoFunction.of(a -> pathNs));
        top.put("filepath", GoFunction.of(a -> filepathNs));
        return Functions.of(top);
    }

    // --- helpers --------------------------------------------------------------------------------------

    /** gomplate conv.ToString: nil is "nil", the rest as fmt.Sprint. */
    static String toStr(Object v) {
        v = GoValues.unwrap(v);
        if (v == null) {
            return "nil";
        }
        return Cast.strval(v);
    }

    static boolean toBool(Object in) {
        in = GoValues.unwrap(in);
        if (in instanceof Boolean b) {
            return b;
        }
        if (in instanceof String s) {
            String l = s.toLowerCase(java.util.Locale.ROOT);
            if (l.equals("1") || l.equals("t") || l.equals("true") || l.equals("yes")) {
                return true;
            }
            Double d = GoStrconv.parseFloat(l);
            return d != null && d == 1;
        }
        if (in instanceof Number n) {
            return n.doubleValue() == 1;
        }
        return false;
    }

    static long toInt64(Object v) {
        v = GoValues.unwrap(v);
        if (v instanceof String s) {
            if (s.contains(".")) {
                return (long) toFloat64(s);
            }
            Long p = GoStrconv.parseInt64(s);
            return p == null ? 0 : p;
        }
        return Cast.toInt64(v);
    }

    static double toFloat64(Object v) {
        return Cast.toFloat64(v);
    }

    private static boolean isInt(Object v) {
        v = GoValues.unwrap(v);
        if (v instanceof String s) {
            return GoStrconv.parseInt64(s) != null;
        }
        return GoValues.isGoInt(v) || v instanceof GoNumber;
    }

    private static Object arith(Object[] a, char op) {
        boolean ints = true;
        for (Object o : a) {
            ints &= isInt(o);
        }
        if (ints) {
            long r = op == '*' ? 1 : 0;
            for (int k = 0; k < a.length; k++) {
                long x = toInt64(a[k]);
                r = switch (op) {
                    case '+' -> r + x;
                    case '*' -> r * x;
                    default -> k == 0 ? x : r - x;
                };
            }
            return GoNumber.int64(r);
        }
        double r = op == '*' ? 1 : 0;
        for (int k = 0; k < a.length; k++) {
            double x = toFloat64(a[k]);
            r = switch (op) {
                case '+' -> r + x;
                case '*' -> r * x;
                default -> k == 0 ? x : r - x;
            };
        }
        return r;
    }

    private static Object minMax(Object[] a, boolean max) {
        boolean ints = true;
        for (Object o : a) {
            ints &= isInt(o);
        }
        if (ints) {
            long m = toInt64(a[0]);
            for (Object o : a) {
                m = max ? Math.max(m, toInt64(o)) : Math.min(m, toInt64(o));
            }
            return GoNumber.int64(m);
        }
        double m = toFloat64(a[0]);
        for (Object o : a) {
            m = max ? Math.max(m, toFloat64(o)) : Math.min(m, toFloat64(o));
        }
        return m;
    }

    private static List<?> listArg(Object v) throws Builtins.FuncError {
        if (v instanceof List<?> l) {
            return l;
        }
        throw new Builtins.FuncError("could not convert " + GoValues.typeName(v) + " to []interface {}");
    }

    private static boolean has(Object in, Object key) {
        if (in instanceof Map<?, ?> m) {
            return m.containsKey(key);
        }
        if (in instanceof List<?> l) {
            for (Object o : l) {
                if (Cast.deepEqual(o, key)) {
                    return true;
                }
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static void mergeOver(Map<String, Object> dst, Map<?, ?> src) {
        for (Map.Entry<?, ?> e : src.entrySet()) {
            String k = String.valueOf(e.getKey());
            Object v = e.getValue();
            if (v instanceof Map<?, ?> sm && dst.get(k) instanceof Map<?, ?> dm) {
                Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) dm);
                mergeOver(merged, sm);
                dst.put(k, merged);
            } else {
                dst.put(k, v);
            }
        }
    }

    private static Object sort(Object[] a) throws Builtins.FuncError {
        if (a.length == 0 || a.length > 2) {
            throw new Builtins.FuncError("wrong number of args: wanted 1 or 2, got " + a.length);
        }
        String key = a.length == 2 ? toStr(a[0]) : null;
        List<Object> l = new ArrayList<>(listArg(a[a.length - 1]));
        l.sort((x, y) -> {
            Object kx = key == null ? GoValues.unwrap(x) : Cast.map(x).get(key);
            Object ky = key == null ? GoValues.unwrap(y) : Cast.map(y).get(key);
            if (kx instanceof String sx && ky instanceof String sy) {
                return GoFmt.compareStrings(sx, sy);
            }
            if (kx instanceof Number && ky instanceof Number) {
                return Double.compare(toFloat64(kx), toFloat64(ky));
            }
            return 0;
        });
        return l;
    }

    private static void flatten(List<?> l, int depth, List<Object> out) {
        for (Object o : l) {
            Object v = GoValues.unwrap(o);
            if (v instanceof List<?> inner && depth != 0) {
                flatten(inner, depth - 1, out);
            } else {
                out.add(o);
            }
        }
    }

    private static Object pickOmit(Object[] a, boolean pick) throws Builtins.FuncError {
        if (a.length < 2) {
            throw new Builtins.FuncError("wrong number of args: wanted 2 or more, got " + a.length);
        }
        Object last = a[a.length - 1];
        if (!(last instanceof Map<?, ?> m)) {
            throw new Builtins.FuncError("wrong map type: must be map[string]interface{}, got " + GoValues.typeName(last));
        }
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < a.length - 1; k++) {
            if (a[k] instanceof List<?> l) {
                for (Object o : l) {
                    keys.add(toStr(o));
                }
            } else {
                keys.add(toStr(a[k]));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = String.valueOf(e.getKey());
            if (keys.contains(k) == pick) {
                out.put(k, e.getValue());
            }
        }
        return out;
    }

    private static Object indent(Object[] a) throws Builtins.FuncError {
        if (a.length == 0) {
            throw new Builtins.FuncError("expected at least 1 argument");
        }
        String input = toStr(a[a.length - 1]);
        String ind = " ";
        int width = 1;
        if (a.length == 2) {
            if (a[0] instanceof String s) {
                ind = s;
            } else if (GoValues.isGoInt(a[0])) {
                width = Cast.i(a[0]);
            } else {
                throw new Builtins.FuncError("indent: invalid arguments");
            }
        } else if (a.length == 3) {
            if (!GoValues.isGoInt(a[0]) || !(a[1] instanceof String s)) {
                throw new Builtins.FuncError("indent: invalid arguments");
            }
            width = Cast.i(a[0]);
            ind = s;
        }
        if (width == 0) {
            return input;
        }
        String prefix = width > 1 ? ind.repeat(width) : ind;
        StringBuilder sb = new StringBuilder();
        boolean bol = true;
        for (int k = 0; k < input.length(); k++) {
            char c = input.charAt(k);
            if (bol && c != '\n') {
                sb.append(prefix);
            }
            sb.append(c);
            bol = c == '\n';
        }
        return sb.toString();
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    /** golang.org/x/text cases.Title(language.Und): each word's first letter upper, the rest lower. */
    static String casesTitle(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean inWord = false;
        for (int k = 0; k < s.length(); ) {
            int c = s.codePointAt(k);
            k += Character.charCount(c);
            boolean letter = Character.isLetterOrDigit(c) || c == '_' || c == '\''
                    && inWord && k < s.length() && Character.isLetter(s.codePointAt(k));
            if (letter) {
                sb.appendCodePoint(inWord ? Character.toLowerCase(c) : Character.toTitleCase(c));
                inWord = true;
            } else {
                sb.appendCodePoint(c);
                inWord = false;
            }
        }
        return sb.toString();
    }

    private static String hash(String alg, String input) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(input.getBytes(StandardCharsets.UTF_8)));
    }

}
