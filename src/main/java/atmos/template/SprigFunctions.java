package atmos.template;

import static atmos.template.Cast.*;
import static atmos.template.GoStrings.*;
import static atmos.template.GoType.ANY;
import static atmos.template.GoType.BOOL;
import static atmos.template.GoType.FLOAT64;
import static atmos.template.GoType.INT;
import static atmos.template.GoType.MAP;
import static atmos.template.GoType.STRING;
import static atmos.template.GoType.TIME;
import static atmos.template.SprigDates.*;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.Adler32;

/**
 * Sprig v3.3.0's functions ({@code github.com/Masterminds/sprig/v3}), with their Go signatures and
 * quirks: {@code add} returns an {@code int64}, {@code splitList} a {@code []string}, {@code split} a
 * {@code map[string]string}, {@code atoi} swallows errors, {@code first} of a string is an error.
 * {@code env} and {@code expandenv} read the options' environment, {@code now} its clock,
 * {@code uuidv4} its UUID source. Not provided: crypto (certificates, bcrypt, AES), semver, network,
 * url functions.
 */
final class SprigFunctions {
    private SprigFunctions() {}

    static Functions create(TemplateOptions options) {
        Map<String, GoFunction> f = new HashMap<>();
        ZoneId local = options.clock().getZone();

        f.put("hello", GoFunction.of(a -> "Hello!"));

        // Dates
        f.put("now", GoFunction.of(a -> ZonedDateTime.now(options.clock())));
        f.put("date", GoFunction.of(a -> dateInZone((String) a[0], a[1], "Local", options), STRING, ANY));
        f.put("dateInZone", GoFunction.of(a -> dateInZone((String) a[0], a[1], (String) a[2], options), STRING, ANY, STRING));
        f.put("date_in_zone", f.get("dateInZone"));
        f.put("htmlDate", GoFunction.of(a -> dateInZone("2006-01-02", a[0], "Local", options), ANY));
        f.put("htmlDateInZone", GoFunction.of(a -> dateInZone("2006-01-02", a[0], (String) a[1], options), ANY, STRING));
        f.put("unixEpoch", GoFunction.of(a -> Long.toString(((ZonedDateTime) a[0]).toEpochSecond()), TIME));
        f.put("dateModify", GoFunction.of(a -> {
            Duration d = parseDuration((String) a[0]);
            return d == null ? a[1] : ((ZonedDateTime) a[1]).plus(d);
        }, STRING, TIME));
        f.put("date_modify", f.get("dateModify"));
        f.put("mustDateModify", GoFunction.of(a -> {
            Duration d = parseDuration((String) a[0]);
            if (d == null) {
                throw new Builtins.FuncError("time: invalid duration " + GoFmt.quote((String) a[0]));
            }
            return ((ZonedDateTime) a[1]).plus(d);
        }, STRING, TIME));
        f.put("must_date_modify", f.get("mustDateModify"));
        f.put("toDate", GoFunction.of(a -> {
            ZonedDateTime t = GoTimeParse.parse((String) a[0], (String) a[1], local);
            return t == null ? GoTimeParse.ZERO : t;
        }, STRING, STRING));
        f.put("mustToDate", GoFunction.of(a -> {
            ZonedDateTime t = GoTimeParse.parse((String) a[0], (String) a[1], local);
            if (t == null) {
                throw new Builtins.FuncError("parsing time " + GoFmt.quote((String) a[1]) + " as "
                        + GoFmt.quote((String) a[0]) + ": cannot parse");
            }
            return t;
        }, STRING, STRING));
        f.put("duration", GoFunction.of(a -> {
            long n = 0;
            if (a[0] instanceof String s) {
                Long p = GoStrconv.parseInt64(s);
                n = p == null || s.startsWith("0") && s.length() > 1 ? parseDecimalOrZero(s) : p;
            } else if (a[0] instanceof GoNumber g && g.type().equals("int64")) {
                n = g.longValue();
            }
            return GoTime.durationString(Duration.ofSeconds(n));
        }, ANY));
        f.put("durationRound", GoFunction.of(a -> durationRound(a[0], options), ANY));
        f.put("ago", GoFunction.of(a -> {
            ZonedDateTime t = a[0] instanceof ZonedDateTime z ? z
                    : a[0] instanceof GoNumber g && g.type().equals("int64") ? epoch(g.longValue(), local)
                    : GoValues.isGoInt(a[0]) ? epoch(((Number) a[0]).longValue(), local) : ZonedDateTime.now(options.clock());
            long secs = Math.round((options.clock().millis() - t.toInstant().toEpochMilli()) / 1000.0);
            return GoTime.durationString(Duration.ofSeconds(secs));
        }, ANY));

        // Strings
        f.put("abbrev", GoFunction.of(a -> abbrev((String) a[1], 0, i(a[0])), INT, STRING));
        f.put("abbrevboth", GoFunction.of(a -> {
            int left = i(a[0]);
            int right = i(a[1]);
            if (right < 4 || left > 0 && right < 7) {
                return a[2];
            }
            return abbrev((String) a[2], left, right);
        }, INT, INT, STRING));
        f.put("trunc", GoFunction.of(a -> trunc(i(a[0]), (String) a[1]), INT, STRING));
        f.put("trim", GoFunction.of(a -> trimSpace((String) a[0]), STRING));
        f.put("upper", GoFunction.of(a -> upper((String) a[0]), STRING));
        f.put("lower", GoFunction.of(a -> lower((String) a[0]), STRING));
        f.put("title", GoFunction.of(a -> title((String) a[0]), STRING));
        f.put("untitle", GoFunction.of(a -> untitle((String) a[0]), STRING));
        f.put("substr", GoFunction.of(a -> substring(i(a[0]), i(a[1]), (String) a[2]), INT, INT, STRING));
        f.put("repeat", GoFunction.of(a -> {
            if (i(a[0]) < 0) {
                throw new Builtins.FuncError("strings: negative Repeat count");
            }
            return ((String) a[1]).repeat(i(a[0]));
        }, INT, STRING));
        f.put("trimall", GoFunction.of(a -> trim((String) a[1], (String) a[0]), STRING, STRING));
        f.put("trimAll", f.get("trimall"));
        f.put("trimSuffix", GoFunction.of(a -> {
            String s = (String) a[1];
            return s.endsWith((String) a[0]) ? s.substring(0, s.length() - ((String) a[0]).length()) : s;
        }, STRING, STRING));
        f.put("trimPrefix", GoFunction.of(a -> {
            String s = (String) a[1];
            return s.startsWith((String) a[0]) ? s.substring(((String) a[0]).length()) : s;
        }, STRING, STRING));
        f.put("nospace", GoFunction.of(a -> ((String) a[0]).codePoints().filter(c -> !GoFmt.isSpace(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString(), STRING));
        f.put("initials", GoFunction.of(a -> initials((String) a[0]), STRING));
        f.put("swapcase", GoFunction.of(a -> swapcase((String) a[0]), STRING));
        f.put("snakecase", GoFunction.of(a -> CaseConvert.toLowerWords((String) a[0], '_'), STRING));
        f.put("kebabcase", GoFunction.of(a -> CaseConvert.toLowerWords((String) a[0], '-'), STRING));
        f.put("camelcase", GoFunction.of(a -> CaseConvert.toPascal((String) a[0]), STRING));
        f.put("wrap", GoFunction.of(a -> wrap((String) a[1], i(a[0]), "\n"), INT, STRING));
        f.put("wrapWith", GoFunction.of(a -> wrap((String) a[2], i(a[0]), (String) a[1]), INT, STRING, STRING));
        f.put("contains", GoFunction.of(a -> ((String) a[1]).contains((String) a[0]), STRING, STRING));
        f.put("hasPrefix", GoFunction.of(a -> ((String) a[1]).startsWith((String) a[0]), STRING, STRING));
        f.put("hasSuffix", GoFunction.of(a -> ((String) a[1]).endsWith((String) a[0]), STRING, STRING));
        f.put("quote", GoFunction.variadic(a -> {
            List<String> out = new ArrayList<>();
            for (Object s : a) {
                if (s != null) {
                    out.add(GoFmt.quote(strval(s)));
                }
            }
            return String.join(" ", out);
        }, ANY));
        f.put("squote", GoFunction.variadic(a -> {
            List<String> out = new ArrayList<>();
            for (Object s : a) {
                if (s != null) {
                    out.add("'" + GoFmt.toString(s) + "'");
                }
            }
            return String.join(" ", out);
        }, ANY));
        f.put("cat", GoFunction.variadic(a -> {
            List<String> out = new ArrayList<>();
            for (Object s : a) {
                if (s != null) {
                    out.add(GoFmt.toString(s));
                }
            }
            return String.join(" ", out);
        }, ANY));
        f.put("indent", GoFunction.of(a -> indent(i(a[0]), (String) a[1]), INT, STRING));
        f.put("nindent", GoFunction.of(a -> "\n" + indent(i(a[0]), (String) a[1]), INT, STRING));
        f.put("replace", GoFunction.of(a -> replaceAll((String) a[2], (String) a[0], (String) a[1]), STRING, STRING, STRING));
        f.put("plural", GoFunction.of(a -> i(a[2]) == 1 ? a[0] : a[1], STRING, STRING, INT));
        f.put("sha1sum", GoFunction.of(a -> digest("SHA-1", (String) a[0]), STRING));
        f.put("sha256sum", GoFunction.of(a -> digest("SHA-256", (String) a[0]), STRING));
        f.put("sha512sum", GoFunction.of(a -> digest("SHA-512", (String) a[0]), STRING));
        f.put("adler32sum", GoFunction.of(a -> {
            Adler32 ad = new Adler32();
            ad.update(((String) a[0]).getBytes(StandardCharsets.UTF_8));
            return Long.toString(ad.getValue());
        }, STRING));
        f.put("toString", GoFunction.of(a -> strval(a[0]), ANY));
        f.put("atoi", GoFunction.of(a -> {
            String s = (String) a[0];
            String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
            if (t.isEmpty() || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return 0L;
            }
            BigInteger v = new BigInteger(s.startsWith("+") ? t : s);
            return v.bitLength() > 63 ? 0L : v.longValue();
        }, STRING));
        f.put("int64", GoFunction.of(a -> GoNumber.int64(toInt64(a[0])), ANY));
        f.put("int", GoFunction.of(a -> toInt64(a[0]), ANY));
        f.put("float64", GoFunction.of(a -> toFloat64(a[0]), ANY));
        f.put("seq", GoFunction.variadic(SprigFunctions::seq, INT));
        f.put("toDecimal", GoFunction.of(a -> {
            try {
                return GoNumber.int64(Long.parseLong(GoFmt.toString(a[0]), 8));
            } catch (NumberFormatException e) {
                return GoNumber.int64(0);
            }
        }, ANY));
        f.put("split", GoFunction.of(a -> {
            GoStringMap m = new GoStringMap();
            List<String> parts = goSplit((String) a[1], (String) a[0], -1);
            for (int k = 0; k < parts.size(); k++) {
                m.put("_" + k, parts.get(k));
            }
            return m;
        }, STRING, STRING));
        f.put("splitList", GoFunction.of(a -> GoSlice.ofStrings(goSplit((String) a[1], (String) a[0], -1)), STRING, STRING));
        f.put("splitn", GoFunction.of(a -> {
            GoStringMap m = new GoStringMap();
            List<String> parts = goSplit((String) a[2], (String) a[0], i(a[1]));
            for (int k = 0; k < parts.size(); k++) {
                m.put("_" + k, parts.get(k));
            }
            return m;
        }, STRING, INT, STRING));
        f.put("toStrings", GoFunction.of(a -> GoSlice.ofStrings(strslice(a[0])), ANY));
        f.put("until", GoFunction.of(a -> {
            int count = i(a[0]);
            return untilStep(0, count, count < 0 ? -1 : 1);
        }, INT));
        f.put("untilStep", GoFunction.of(a -> untilStep(i(a[0]), i(a[1]), i(a[2])), INT, INT, INT));

        // Arithmetic: int64 results, as Sprig's.
        f.put("add1", GoFunction.of(a -> GoNumber.int64(toInt64(a[0]) + 1), ANY));
        f.put("add", GoFunction.variadic(a -> {
            long s = 0;
            for (Object x : a) {
                s += toInt64(x);
            }
            return GoNumber.int64(s);
        }, ANY));
        f.put("sub", GoFunction.of(a -> GoNumber.int64(toInt64(a[0]) - toInt64(a[1])), ANY, ANY));
        f.put("div", GoFunction.of(a -> {
            long d = toInt64(a[1]);
            if (d == 0) {
                throw new Builtins.FuncError("runtime error: integer divide by zero");
            }
            return GoNumber.int64(toInt64(a[0]) / d);
        }, ANY, ANY));
        f.put("mod", GoFunction.of(a -> {
            long d = toInt64(a[1]);
            if (d == 0) {
                throw new Builtins.FuncError("runtime error: integer divide by zero");
            }
            return GoNumber.int64(toInt64(a[0]) % d);
        }, ANY, ANY));
        f.put("mul", GoFunction.variadic(a -> {
            long v = toInt64(a[0]);
            for (int k = 1; k < a.length; k++) {
                v *= toInt64(a[k]);
            }
            return GoNumber.int64(v);
        }, ANY, ANY));
        f.put("randInt", GoFunction.of(a -> {
            int min = i(a[0]);
            int max = i(a[1]);
            if (max - min <= 0) {
                throw new Builtins.FuncError("invalid argument to Intn");
            }
            return (long) (ThreadLocalRandom.current().nextInt(max - min) + min);
        }, INT, INT));
        f.put("add1f", GoFunction.of(a -> decimalOp(a[0], new Object[] {1L}, BigDecimal::add), ANY));
        f.put("addf", GoFunction.variadic(a -> decimalOp(0.0, a, BigDecimal::add), ANY));
        f.put("subf", GoFunction.variadic(a -> decimalOp(a[0], tail(a), BigDecimal::subtract), ANY, ANY));
        f.put("mulf", GoFunction.variadic(a -> decimalOp(a[0], tail(a), BigDecimal::multiply), ANY, ANY));
        f.put("divf", GoFunction.variadic(a -> decimalOp(a[0], tail(a), (x, y) -> {
            if (y.signum() == 0) {
                throw new ArithmeticException("decimal division by 0");
            }
            return x.divide(y, 16, RoundingMode.HALF_UP);
        }), ANY, ANY));
        f.put("biggest", GoFunction.variadic(a -> {
            long m = toInt64(a[0]);
            for (int k = 1; k < a.length; k++) {
                m = Math.max(m, toInt64(a[k]));
            }
            return GoNumber.int64(m);
        }, ANY, ANY));
        f.put("max", f.get("biggest"));
        f.put("min", GoFunction.variadic(a -> {
            long m = toInt64(a[0]);
            for (int k = 1; k < a.length; k++) {
                m = Math.min(m, toInt64(a[k]));
            }
            return GoNumber.int64(m);
        }, ANY, ANY));
        f.put("maxf", GoFunction.variadic(a -> {
            double m = toFloat64(a[0]);
            for (int k = 1; k < a.length; k++) {
                m = Math.max(m, toFloat64(a[k]));
            }
            return m;
        }, ANY, ANY));
        f.put("minf", GoFunction.variadic(a -> {
            double m = toFloat64(a[0]);
            for (int k = 1; k < a.length; k++) {
                m = Math.min(m, toFloat64(a[k]));
            }
            return m;
        }, ANY, ANY));
        f.put("ceil", GoFunction.of(a -> Math.ceil(toFloat64(a[0])), ANY));
        f.put("floor", GoFunction.of(a -> Math.floor(toFloat64(a[0])), ANY));
        f.put("round", GoFunction.variadic(a -> {
            double roundOn = a.length > 2 ? (Double) a[2] : 0.5;
            double val = toFloat64(a[0]);
            double pow = Math.pow(10, i(a[1]));
            double digit = pow * val;
            double div = digit - (digit < 0 ? Math.ceil(digit) : Math.floor(digit));
            double round = div >= roundOn ? Math.ceil(digit) : Math.floor(digit);
            return round / pow;
        }, ANY, INT, FLOAT64));

        // String slices
        f.put("join", GoFunction.of(a -> String.join((String) a[0], strslice(a[1])), STRING, ANY));
        f.put("sortAlpha", GoFunction.of(a -> {
            if (a[0] instanceof List) {
                List<String> s = new ArrayList<>(strslice(a[0]));
                s.sort(GoFmt::compareStrings);
                return GoSlice.ofStrings(s);
            }
            return GoSlice.ofStrings(List.of(strval(a[0])));
        }, ANY));

        // Defaults
        f.put("default", GoFunction.variadic(a -> a.length < 2 || empty(a[1]) ? a[0] : a[1], ANY, ANY));
        f.put("empty", GoFunction.of(a -> empty(a[0]), ANY));
        f.put("coalesce", GoFunction.variadic(a -> {
            for (Object v : a) {
                if (!empty(v)) {
                    return v;
                }
            }
            return null;
        }, ANY));
        f.put("all", GoFunction.variadic(a -> {
            for (Object v : a) {
                if (empty(v)) {
                    return false;
                }
            }
            return true;
        }, ANY));
        f.put("any", GoFunction.variadic(a -> {
            for (Object v : a) {
                if (!empty(v)) {
                    return true;
                }
            }
            return false;
        }, ANY));
        f.put("compact", GoFunction.of(a -> {
            List<Object> out = new ArrayList<>();
            for (Object x : list(a[0], "compact on")) {
                if (!empty(GoValues.unwrap(x))) {
                    out.add(x);
                }
            }
            return out;
        }, ANY));
        f.put("mustCompact", f.get("compact"));
        f.put("fromJson", GoFunction.of(a -> {
            try {
                return GoJson.decode((String) a[0]);
            } catch (GoJson.JsonError e) {
                return null;
            }
        }, STRING));
        f.put("mustFromJson", GoFunction.of(a -> GoJson.decode((String) a[0]), STRING));
        f.put("toJson", GoFunction.of(a -> {
            try {
                return GoJson.encode(a[0], true, "");
            } catch (GoJson.JsonError e) {
                return "";
            }
        }, ANY));
        f.put("mustToJson", GoFunction.of(a -> GoJson.encode(a[0], true, ""), ANY));
        f.put("toPrettyJson", GoFunction.of(a -> {
            try {
                return GoJson.encode(a[0], true, "  ");
            } catch (GoJson.JsonError e) {
                return "";
            }
        }, ANY));
        f.put("mustToPrettyJson", GoFunction.of(a -> GoJson.encode(a[0], true, "  "), ANY));
        f.put("toRawJson", GoFunction.of(a -> GoJson.encode(a[0], false, ""), ANY));
        f.put("mustToRawJson", f.get("toRawJson"));
        f.put("ternary", GoFunction.of(a -> (Boolean) a[2] ? a[0] : a[1], ANY, ANY, BOOL));
        f.put("deepCopy", GoFunction.of(a -> deepCopy(a[0]), ANY));
        f.put("mustDeepCopy", f.get("deepCopy"));

        // Reflection
        f.put("typeOf", GoFunction.of(a -> GoValues.typeName(a[0]), ANY));
        f.put("typeIs", GoFunction.of(a -> a[0].equals(GoValues.typeName(a[1])), STRING, ANY));
        f.put("typeIsLike", GoFunction.of(a -> {
            String t = GoValues.typeName(a[1]);
            return a[0].equals(t) || ("*" + a[0]).equals(t);
        }, STRING, ANY));
        f.put("kindOf", GoFunction.of(a -> GoValues.kindName(a[0]), ANY));
        f.put("kindIs", GoFunction.of(a -> a[0].equals(GoValues.kindName(a[1])), STRING, ANY));
        f.put("deepEqual", GoFunction.of(a -> deepEqual(a[0], a[1]), ANY, ANY));

        // OS, from the injected environment.
        f.put("env", GoFunction.of(a -> options.env().getOrDefault((String) a[0], ""), STRING));
        f.put("expandenv", GoFunction.of(a -> expand((String) a[0], options.env()), STRING));

        // Paths
        f.put("base", GoFunction.of(a -> GoPath.base((String) a[0]), STRING));
        f.put("dir", GoFunction.of(a -> GoPath.dir((String) a[0]), STRING));
        f.put("clean", GoFunction.of(a -> GoPath.clean((String) a[0]), STRING));
        f.put("ext", GoFunction.of(a -> GoPath.ext((String) a[0]), STRING));
        f.put("isAbs", GoFunction.of(a -> GoPath.isAbs((String) a[0]), STRING));
        f.put("osBase", f.get("base"));
        f.put("osClean", f.get("clean"));
        f.put("osDir", f.get("dir"));
        f.put("osExt", f.get("ext"));
        f.put("osIsAbs", f.get("isAbs"));

        // Encoding
        f.put("b64enc", GoFunction.of(a -> Base64.getEncoder().encodeToString(((String) a[0]).getBytes(StandardCharsets.UTF_8)), STRING));
        f.put("b64dec", GoFunction.of(a -> b64dec((String) a[0]), STRING));
        f.put("b32enc", GoFunction.of(a -> Base32.encode(((String) a[0]).getBytes(StandardCharsets.UTF_8)), STRING));
        f.put("b32dec", GoFunction.of(a -> Base32.decode((String) a[0]), STRING));

        // Data structures
        f.put("list", GoFunction.variadic(a -> new ArrayList<>(java.util.Arrays.asList(a)), ANY));
        f.put("tuple", f.get("list"));
        f.put("dict", GoFunction.variadic(a -> {
            Map<String, Object> d = new LinkedHashMap<>();
            for (int k = 0; k < a.length; k += 2) {
                String key = strval(a[k]);
                d.put(key, k + 1 >= a.length ? "" : a[k + 1]);
            }
            return d;
        }, ANY));
        f.put("get", GoFunction.of(a -> {
            Map<?, ?> d = map(a[0]);
            return d.containsKey(a[1]) ? d.get(a[1]) : "";
        }, MAP, STRING));
        f.put("set", GoFunction.of(a -> {
            mutable(a[0]).put((String) a[1], a[2]);
            return a[0];
        }, MAP, STRING, ANY));
        f.put("unset", GoFunction.of(a -> {
            mutable(a[0]).remove(a[1]);
            return a[0];
        }, MAP, STRING));
        f.put("hasKey", GoFunction.of(a -> map(a[0]).containsKey(a[1]), MAP, STRING));
        f.put("pluck", GoFunction.variadic(a -> {
            List<Object> res = new ArrayList<>();
            for (int k = 1; k < a.length; k++) {
                Map<?, ?> d = map(a[k]);
                if (d.containsKey(a[0])) {
                    res.add(d.get(a[0]));
                }
            }
            return res;
        }, STRING, MAP));
        f.put("keys", GoFunction.variadic(a -> {
            List<String> k = new ArrayList<>();
            for (Object d : a) {
                for (Object key : sortedKeys(map(d))) {
                    k.add((String) key);
                }
            }
            return GoSlice.ofStrings(k);
        }, MAP));
        f.put("values", GoFunction.of(a -> {
            List<Object> v = new ArrayList<>();
            Map<?, ?> d = map(a[0]);
            for (Object key : sortedKeys(d)) {
                v.add(d.get(key));
            }
            return v;
        }, MAP));
        f.put("pick", GoFunction.variadic(a -> {
            Map<String, Object> res = new LinkedHashMap<>();
            Map<?, ?> d = map(a[0]);
            for (int k = 1; k < a.length; k++) {
                if (d.containsKey(a[k])) {
                    res.put((String) a[k], d.get(a[k]));
                }
            }
            return res;
        }, MAP, STRING));
        f.put("omit", GoFunction.variadic(a -> {
            Map<String, Object> res = new LinkedHashMap<>();
            List<Object> omit = List.of(a).subList(1, a.length);
            for (Map.Entry<?, ?> e : map(a[0]).entrySet()) {
                if (!omit.contains(e.getKey())) {
                    res.put(String.valueOf(e.getKey()), e.getValue());
                }
            }
            return res;
        }, MAP, STRING));
        f.put("merge", GoFunction.variadic(a -> merge(a, false), MAP, MAP));
        f.put("mustMerge", f.get("merge"));
        f.put("mergeOverwrite", GoFunction.variadic(a -> merge(a, true), MAP, MAP));
        f.put("mustMergeOverwrite", f.get("mergeOverwrite"));
        f.put("append", GoFunction.of(a -> {
            List<Object> l = new ArrayList<>(list(a[0], "push on"));
            l.add(a[1]);
            return l;
        }, ANY, ANY));
        f.put("push", f.get("append"));
        f.put("mustAppend", f.get("append"));
        f.put("mustPush", f.get("append"));
        f.put("prepend", GoFunction.of(a -> {
            List<Object> l = new ArrayList<>();
            l.add(a[1]);
            l.addAll(list(a[0], "prepend on"));
            return l;
        }, ANY, ANY));
        f.put("mustPrepend", f.get("prepend"));
        f.put("first", GoFunction.of(a -> {
            List<?> l = list(a[0], "find first on");
            return l.isEmpty() ? null : l.get(0);
        }, ANY));
        f.put("mustFirst", f.get("first"));
        f.put("last", GoFunction.of(a -> {
            List<?> l = list(a[0], "find last on");
            return l.isEmpty() ? null : l.get(l.size() - 1);
        }, ANY));
        f.put("mustLast", f.get("last"));
        f.put("rest", GoFunction.of(a -> {
            List<?> l = list(a[0], "find rest on");
            return l.isEmpty() ? new ArrayList<>() : new ArrayList<>(l.subList(1, l.size()));
        }, ANY));
        f.put("mustRest", f.get("rest"));
        f.put("initial", GoFunction.of(a -> {
            List<?> l = list(a[0], "find initial on");
            return l.isEmpty() ? new ArrayList<>() : new ArrayList<>(l.subList(0, l.size() - 1));
        }, ANY));
        f.put("mustInitial", f.get("initial"));
        f.put("reverse", GoFunction.of(a -> {
            List<Object> l = new ArrayList<>(list(a[0], "find reverse on"));
            java.util.Collections.reverse(l);
            return l;
        }, ANY));
        f.put("mustReverse", f.get("reverse"));
        f.put("uniq", GoFunction.of(a -> {
            List<Object> dest = new ArrayList<>();
            for (Object x : list(a[0], "find uniq on")) {
                if (!inList(dest, x)) {
                    dest.add(x);
                }
            }
            return dest;
        }, ANY));
        f.put("mustUniq", f.get("uniq"));
        f.put("without", GoFunction.variadic(a -> {
            List<Object> omit = new ArrayList<>(List.of(a).subList(1, a.length));
            List<Object> res = new ArrayList<>();
            for (Object x : list(a[0], "find without on")) {
                if (!inList(omit, x)) {
                    res.add(x);
                }
            }
            return res;
        }, ANY, ANY));
        f.put("mustWithout", f.get("without"));
        f.put("has", GoFunction.of(a -> {
            if (a[1] == null) {
                return false;
            }
            return inList(new ArrayList<>(list(a[1], "find has on")), a[0]);
        }, ANY, ANY));
        f.put("mustHas", f.get("has"));
        f.put("slice", GoFunction.variadic(a -> {
            List<?> l = list(a[0], "list should be type of slice or array but");
            if (l.isEmpty()) {
                return null;
            }
            int start = a.length > 1 ? (int) toInt64(a[1]) : 0;
            int end = a.length > 2 ? (int) toInt64(a[2]) : l.size();
            if (start < 0 || end < start || end > l.size()) {
                throw new Builtins.FuncError("reflect: slice index out of range");
            }
            List<Object> sub = new ArrayList<>(l.subList(start, end));
            return l instanceof GoSlice g ? GoSlice.of(g.elementType(), sub) : sub;
        }, ANY, ANY));
        f.put("mustSlice", f.get("slice"));
        f.put("concat", GoFunction.variadic(a -> {
            List<Object> res = new ArrayList<>();
            for (Object l : a) {
                if (!(l instanceof List<?> list)) {
                    throw new Builtins.FuncError("Cannot concat type " + reflectKind(l) + " as list");
                }
                res.addAll(list);
            }
            return res;
        }, ANY));
        f.put("dig", GoFunction.variadic(a -> {
            if (a.length < 3) {
                throw new Builtins.FuncError("dig needs at least three arguments");
            }
            Object dict = a[a.length - 1];
            Object def = a[a.length - 2];
            for (int k = 0; k < a.length - 2; k++) {
                if (!(dict instanceof Map<?, ?> m)) {
                    throw new Builtins.FuncError("interface conversion: interface {} is " + GoValues.typeName(dict)
                            + ", not map[string]interface {}");
                }
                if (!m.containsKey(a[k])) {
                    return def;
                }
                dict = m.get(a[k]);
            }
            return dict;
        }, ANY));
        f.put("chunk", GoFunction.of(a -> {
            int size = i(a[0]);
            List<?> l = list(a[1], "chunk");
            List<Object> out = new ArrayList<>();
            for (int k = 0; k < l.size(); k += size) {
                out.add(new ArrayList<>(l.subList(k, Math.min(l.size(), k + size))));
            }
            return GoSlice.of("[]interface {}", out);
        }, INT, ANY));
        f.put("mustChunk", f.get("chunk"));

        f.put("uuidv4", GoFunction.of(a -> options.uuids().get().toString()));
        f.put("randAlphaNum", GoFunction.of(a -> random(i(a[0]), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"), INT));
        f.put("randAlpha", GoFunction.of(a -> random(i(a[0]), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"), INT));
        f.put("randNumeric", GoFunction.of(a -> random(i(a[0]), "0123456789"), INT));
        f.put("randAscii", GoFunction.of(a -> {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < i(a[0]); k++) {
                sb.append((char) ThreadLocalRandom.current().nextInt(32, 127));
            }
            return sb.toString();
        }, INT));

        f.put("fail", GoFunction.of(a -> {
            throw new Builtins.FuncError((String) a[0]);
        }, STRING));

        // Regular expressions
        f.put("regexMatch", GoFunction.of(a -> {
            try {
                return GoRegexp.compile((String) a[0]).matcher((String) a[1]).find();
            } catch (Builtins.FuncError e) {
                return false;
            }
        }, STRING, STRING));
        f.put("mustRegexMatch", GoFunction.of(a -> GoRegexp.compile((String) a[0]).matcher((String) a[1]).find(), STRING, STRING));
        f.put("regexFindAll", GoFunction.of(a -> GoSlice.ofStrings(GoRegexp.findAllString(GoRegexp.mustCompile((String) a[0]),
                (String) a[1], i(a[2]))), STRING, STRING, INT));
        f.put("mustRegexFindAll", GoFunction.of(a -> GoSlice.ofStrings(GoRegexp.findAllString(GoRegexp.compile((String) a[0]),
                (String) a[1], i(a[2]))), STRING, STRING, INT));
        f.put("regexFind", GoFunction.of(a -> {
            List<String> m = GoRegexp.findAllString(GoRegexp.mustCompile((String) a[0]), (String) a[1], 1);
            return m.isEmpty() ? "" : m.get(0);
        }, STRING, STRING));
        f.put("mustRegexFind", GoFunction.of(a -> {
            List<String> m = GoRegexp.findAllString(GoRegexp.compile((String) a[0]), (String) a[1], 1);
            return m.isEmpty() ? "" : m.get(0);
        }, STRING, STRING));
        f.put("regexReplaceAll", GoFunction.of(a -> GoRegexp.replaceAll(GoRegexp.mustCompile((String) a[0]), (String) a[1],
                (String) a[2], false), STRING, STRING, STRING));
        f.put("mustRegexReplaceAll", GoFunction.of(a -> GoRegexp.replaceAll(GoRegexp.compile((String) a[0]), (String) a[1],
                (String) a[2], false), STRING, STRING, STRING));
        f.put("regexReplaceAllLiteral", GoFunction.of(a -> GoRegexp.replaceAll(GoRegexp.mustCompile((String) a[0]),
                (String) a[1], (String) a[2], true), STRING, STRING, STRING));
        f.put("mustRegexReplaceAllLiteral", GoFunction.of(a -> GoRegexp.replaceAll(GoRegexp.compile((String) a[0]),
                (String) a[1], (String) a[2], true), STRING, STRING, STRING));
        f.put("regexSplit", GoFunction.of(a -> GoSlice.ofStrings(GoRegexp.split(GoRegexp.mustCompile((String) a[0]),
                (String) a[1], i(a[2]))), STRING, STRING, INT));
        f.put("mustRegexSplit", GoFunction.of(a -> GoSlice.ofStrings(GoRegexp.split(GoRegexp.compile((String) a[0]),
                (String) a[1], i(a[2]))), STRING, STRING, INT));
        f.put("regexQuoteMeta", GoFunction.of(a -> GoRegexp.quoteMeta((String) a[0]), STRING));
        return Functions.of(f);
    }


    private static Object[] tail(Object[] a) {
        return java.util.Arrays.copyOfRange(a, 1, a.length);
    }













    private static long parseDecimalOrZero(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Object decimalOp(Object a, Object[] b, java.util.function.BinaryOperator<BigDecimal> op) {
        BigDecimal acc = decimal(toFloat64(a));
        for (Object x : b) {
            acc = op.apply(acc, decimal(toFloat64(x)));
        }
        return acc.doubleValue();
    }

    private static BigDecimal decimal(double d) {
        return new BigDecimal(GoFloat.format(d, 'e', -1, false).replace("e+", "e"));
    }

















    private static String digest(String alg, String input) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(input.getBytes(StandardCharsets.UTF_8)));
    }

    private static GoSlice untilStep(int start, int stop, int step) {
        List<Long> v = new ArrayList<>();
        if (stop < start) {
            if (step >= 0) {
                return GoSlice.ofInts(v);
            }
            for (long k = start; k > stop; k += step) {
                v.add(k);
            }
            return GoSlice.ofInts(v);
        }
        if (step <= 0) {
            return GoSlice.ofInts(v);
        }
        for (long k = start; k < stop; k += step) {
            v.add(k);
        }
        return GoSlice.ofInts(v);
    }

    private static Object seq(Object[] a) {
        int[] p = new int[a.length];
        for (int k = 0; k < a.length; k++) {
            p[k] = i(a[k]);
        }
        GoSlice s;
        switch (p.length) {
            case 0:
                return "";
            case 1: {
                int start = 1;
                int end = p[0];
                int inc = end < start ? -1 : 1;
                s = untilStep(start, end + inc, inc);
                break;
            }
            case 2: {
                int step = p[1] < p[0] ? -1 : 1;
                s = untilStep(p[0], p[1] + step, step);
                break;
            }
            case 3: {
                int inc = 1;
                if (p[2] < p[0]) {
                    inc = -1;
                    if (p[1] > 0) {
                        return "";
                    }
                }
                s = untilStep(p[0], p[2] + inc, p[1]);
                break;
            }
            default:
                return "";
        }
        List<String> parts = new ArrayList<>();
        for (Object o : s) {
            parts.add(o.toString());
        }
        return String.join(" ", parts);
    }

    private static Object deepCopy(Object v) {
        v = GoValues.unwrap(v);
        if (v instanceof GoStringMap m) {
            GoStringMap c = new GoStringMap();
            c.putAll(m);
            return c;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> c = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                c.put(String.valueOf(e.getKey()), deepCopy(e.getValue()));
            }
            return c;
        }
        if (v instanceof GoSlice s) {
            return s;
        }
        if (v instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            for (Object o : l) {
                c.add(deepCopy(o));
            }
            return c;
        }
        return v;
    }

    /** mergo.Merge / MergeWithOverwrite of maps into the first, which is changed and returned. */
    private static Object merge(Object[] a, boolean overwrite) throws Builtins.FuncError {
        Map<Object, Object> dst = mutable(a[0]);
        for (int k = 1; k < a.length; k++) {
            if (a[k] != null) {
                mergeInto(dst, map(a[k]), overwrite);
            }
        }
        return dst;
    }

    @SuppressWarnings("unchecked")
    private static void mergeInto(Map<Object, Object> dst, Map<?, ?> src, boolean overwrite) {
        for (Map.Entry<?, ?> e : src.entrySet()) {
            Object key = e.getKey();
            Object sv = e.getValue();
            boolean present = dst.containsKey(key);
            Object dv = dst.get(key);
            if (present && dv instanceof Map && sv instanceof Map) {
                try {
                    mergeInto((Map<Object, Object>) dv, (Map<?, ?>) sv, overwrite);
                } catch (UnsupportedOperationException ex) {
                    Map<Object, Object> copy = new LinkedHashMap<>((Map<Object, Object>) dv);
                    mergeInto(copy, (Map<?, ?>) sv, overwrite);
                    dst.put(key, copy);
                }
                continue;
            }
            if (present && !empty(dv) && (sv instanceof Map || sv instanceof List)) {
                continue;
            }
            if (sv != null && (overwrite || !present || empty(dv))) {
                dst.put(key, sv);
            } else if (sv == null && (!present || empty(dv))) {
                dst.put(key, null);
            }
        }
    }

    private static Object b64dec(String s) {
        try {
            return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            int k = 0;
            while (k < s.length() && (Character.isLetterOrDigit(s.charAt(k)) || s.charAt(k) == '+' || s.charAt(k) == '/')) {
                k++;
            }
            if (k == s.length()) {
                k = s.length() - s.length() % 4;
            }
            return "illegal base64 data at input byte " + k;
        }
    }

    private static String random(int n, String alphabet) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < n; k++) {
            sb.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
