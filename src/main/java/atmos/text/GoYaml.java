package atmos.text;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Writes plain Java data (maps, lists, strings, numbers, booleans, null) exactly as Go's
 * {@code gopkg.in/yaml.v3} encoder does with Atmos's settings (indent 2), so {@code describe} output is
 * byte for byte what Atmos users already diff and grep: map keys in yaml.v3's natural order
 * ({@code item9} before {@code item10}), strings quoted only when they would read back as something
 * else, single quotes for values starting with an indicator ({@code '{{ .vars.x }}'}), literal blocks
 * ({@code |-}) for multi-line strings, long plain and quoted strings folded at column 80, sequences
 * indented under their key. A port of libyaml's emitter as yaml.v3 ships it; {@link GoStruct} fields
 * keep their order, {@link PerFormat} writes its YAML side.
 */
public final class GoYaml {
    private static final int BEST_WIDTH = 80;

    private GoYaml() {
    }

    /** The document for {@code value}, ending with a newline. */
    public static String write(Object value) {
        return write(value, 2);
    }

    public static String write(Object value, int indent) {
        return write(value, indent, false);
    }

    /**
     * As {@link #write(Object)}, but with every string that holds a {@code '} double-quoted, as Atmos's
     * {@code ConvertToYAMLPreservingDelimiters} writes sections whose template delimiters contain a single
     * quote ({@code ["'{{", "}}'"]}): single-quoted style would double the quote and break the delimiter.
     */
    public static String writeDoubleQuotingApostrophes(Object value) {
        return write(value, 2, true);
    }

    private static String write(Object value, int indent, boolean doubleQuoteApostrophes) {
        Emitter e = new Emitter(indent < 2 || indent > 9 ? 2 : indent);
        e.doubleQuoteApostrophes = doubleQuoteApostrophes;
        e.node(value, false);
        if (e.column != 0 || e.out.length() == 0) {
            e.out.append('\n');
        }
        return e.out.toString();
    }

    private enum Style { PLAIN, SINGLE, DOUBLE, LITERAL }

    private static final class Emitter {
        final StringBuilder out = new StringBuilder(256);
        final int bestIndent;
        final Deque<Integer> indents = new ArrayDeque<>();
        int indent = -1;
        int column;
        int flowLevel;
        boolean whitespace = true;
        boolean indention = true;
        boolean doubleQuoteApostrophes;

        Emitter(int bestIndent) {
            this.bestIndent = bestIndent;
        }

        void node(Object v, boolean seqItem) {
            if (v instanceof PerFormat pf) {
                v = pf.yaml();
            }
            if (v instanceof Map<?, ?> m) {
                if (m.isEmpty()) {
                    flowEmpty('{', '}', seqItem);
                } else {
                    blockMapping(m, seqItem);
                }
            } else if (v instanceof Collection<?> c) {
                if (c.isEmpty()) {
                    flowEmpty('[', ']', seqItem);
                } else {
                    blockSequence(c, seqItem);
                }
            } else if (v instanceof Object[] arr) {
                node(List.of(arr), seqItem);
            } else {
                scalar(v, false, seqItem);
            }
        }

        void increaseIndent(boolean flow, boolean seqItemTop) {
            indents.push(indent);
            if (indent < 0) {
                indent = flow ? bestIndent : 0;
            } else if (seqItemTop) {
                indent += 2;
            } else {
                indent = bestIndent * ((indent + bestIndent) / bestIndent);
            }
        }

        void flowEmpty(char open, char close, boolean seqItemTop) {
            writeIndicator(String.valueOf(open), true, true, false);
            increaseIndent(true, seqItemTop);
            flowLevel++;
            flowLevel--;
            indent = indents.pop();
            if (column == 0) {
                writeIndent();
            }
            writeIndicator(String.valueOf(close), false, false, false);
        }

        void blockMapping(Map<?, ?> m, boolean seqItemTop) {
            increaseIndent(false, seqItemTop);
            for (Object k : keys(m)) {
                Object value = m.get(k);
                String key = k == null ? "null" : String.valueOf(k);
                writeIndent();
                boolean multiline = hasBreak(key);
                if (!multiline && key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 128) {
                    scalar(key, true, false);
                    writeIndicator(":", false, false, false);
                } else {
                    writeIndicator("?", true, false, true);
                    scalar(key, false, false);
                    writeIndent();
                    writeIndicator(":", true, false, true);
                }
                node(value, false);
            }
            indent = indents.pop();
        }

        private List<Object> keys(Map<?, ?> m) {
            List<Object> ks = new ArrayList<>(m.keySet());
            if (!(m instanceof GoStruct)) {
                ks.sort((a, b) -> GoYaml.keyCompare(String.valueOf(a), String.valueOf(b)));
            }
            return ks;
        }

        void blockSequence(Collection<?> c, boolean seqItemTop) {
            increaseIndent(false, seqItemTop);
            for (Object item : c) {
                writeIndent();
                writeIndicator("-", true, false, true);
                node(item, true);
            }
            indent = indents.pop();
        }

        void scalar(Object v, boolean simpleKey, boolean seqItemTop) {
            String text;
            Style style;
            if (v == null) {
                text = "null";
                style = Style.PLAIN;
            } else if (v instanceof Boolean b) {
                text = b ? "true" : "false";
                style = Style.PLAIN;
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
                text = v.toString();
                style = Style.PLAIN;
            } else if (v instanceof Double || v instanceof Float) {
                text = GoScalars.yamlFloat(((Number) v).doubleValue());
                style = Style.PLAIN;
            } else {
                text = String.valueOf(v);
                if (text.indexOf('\n') >= 0) {
                    style = flowLevel > 0 ? Style.DOUBLE : Style.LITERAL;
                } else if (!GoScalars.needsQuotes(text)) {
                    style = Style.PLAIN;
                } else {
                    style = Style.DOUBLE;
                }
            }
            if (doubleQuoteApostrophes && text.indexOf('\'') >= 0) {
                style = Style.DOUBLE;
            }
            if (style == Style.PLAIN && !text.isEmpty() && simplePlain(text)) {
                // Fast path: only characters that never need quoting and no spaces to fold at.
                if (!whitespace) {
                    put(' ');
                }
                out.append(text);
                column += text.length();
                whitespace = false;
                indention = false;
                return;
            }
            int[] cps = text.codePoints().toArray();
            Analysis a = analyze(cps);
            if (simpleKey && a.multiline) {
                style = Style.DOUBLE;
            }
            if (style == Style.PLAIN) {
                if (flowLevel > 0 && !a.flowPlainAllowed || flowLevel == 0 && !a.blockPlainAllowed) {
                    style = Style.SINGLE;
                }
                if (text.isEmpty() && (flowLevel > 0 || simpleKey)) {
                    style = Style.SINGLE;
                }
            }
            if (style == Style.SINGLE && !a.singleQuotedAllowed) {
                style = Style.DOUBLE;
            }
            if (style == Style.LITERAL && (!a.blockAllowed || flowLevel > 0 || simpleKey)) {
                style = Style.DOUBLE;
            }
            increaseIndent(true, seqItemTop);
            switch (style) {
                case PLAIN -> writePlain(cps, !simpleKey);
                case SINGLE -> writeSingle(cps, !simpleKey);
                case DOUBLE -> writeDouble(cps, !simpleKey);
                case LITERAL -> writeLiteral(cps);
                default -> throw new IllegalStateException();
            }
            indent = indents.pop();
        }

        // ------------------------------------------------------------ low-level writes

        void put(char c) {
            out.append(c);
            column++;
        }

        void putBreak() {
            out.append('\n');
            column = 0;
            indention = true;
        }

        void write(int cp) {
            out.appendCodePoint(cp);
            column++;
        }

        void writeBreak(int cp) {
            if (cp == '\n') {
                putBreak();
            } else {
                out.appendCodePoint(cp);
                column = 0;
                indention = true;
            }
        }

        void writeIndent() {
            int ind = Math.max(indent, 0);
            if (!indention || column > ind || (column == ind && !whitespace)) {
                putBreak();
            }
            while (column < ind) {
                put(' ');
            }
            whitespace = true;
        }

        void writeIndicator(String indicator, boolean needWhitespace, boolean isWhitespace, boolean isIndention) {
            if (needWhitespace && !whitespace) {
                put(' ');
            }
            out.append(indicator);
            column += indicator.length();
            whitespace = isWhitespace;
            indention = indention && isIndention;
        }

        void writePlain(int[] v, boolean allowBreaks) {
            if (v.length > 0 && !whitespace) {
                put(' ');
            }
            boolean spaces = false;
            boolean breaks = false;
            for (int i = 0; i < v.length; i++) {
                int c = v[i];
                if (c == ' ') {
                    if (allowBreaks && !spaces && column > BEST_WIDTH && !(i + 1 < v.length && v[i + 1] == ' ')) {
                        writeIndent();
                    } else {
                        write(c);
                    }
                    spaces = true;
                } else if (isBreak(c)) {
                    if (!breaks && c == '\n') {
                        putBreak();
                    }
                    writeBreak(c);
                    breaks = true;
                } else {
                    if (breaks) {
                        writeIndent();
                    }
                    write(c);
                    indention = false;
                    spaces = false;
                    breaks = false;
                }
            }
            if (v.length > 0) {
                whitespace = false;
            }
            indention = false;
        }

        void writeSingle(int[] v, boolean allowBreaks) {
            writeIndicator("'", true, false, false);
            boolean spaces = false;
            boolean breaks = false;
            for (int i = 0; i < v.length; i++) {
                int c = v[i];
                if (c == ' ') {
                    if (allowBreaks && !spaces && column > BEST_WIDTH && i > 0 && i < v.length - 1 && v[i + 1] != ' ') {
                        writeIndent();
                    } else {
                        write(c);
                    }
                    spaces = true;
                } else if (isBreak(c)) {
                    if (!breaks && c == '\n') {
                        putBreak();
                    }
                    writeBreak(c);
                    breaks = true;
                } else {
                    if (breaks) {
                        writeIndent();
                    }
                    if (c == '\'') {
                        put('\'');
                    }
                    write(c);
                    indention = false;
                    spaces = false;
                    breaks = false;
                }
            }
            writeIndicator("'", false, false, false);
            whitespace = false;
            indention = false;
        }

        void writeDouble(int[] v, boolean allowBreaks) {
            boolean spaces = false;
            writeIndicator("\"", true, false, false);
            for (int i = 0; i < v.length; i++) {
                int c = v[i];
                if (!isPrintable(c) || c == 0xFEFF || isBreak(c) || c == '"' || c == '\\') {
                    put('\\');
                    switch (c) {
                        case 0x00 -> put('0');
                        case 0x07 -> put('a');
                        case 0x08 -> put('b');
                        case 0x09 -> put('t');
                        case 0x0A -> put('n');
                        case 0x0B -> put('v');
                        case 0x0C -> put('f');
                        case 0x0D -> put('r');
                        case 0x1B -> put('e');
                        case 0x22 -> put('"');
                        case 0x5C -> put('\\');
                        case 0x85 -> put('N');
                        case 0xA0 -> put('_');
                        case 0x2028 -> put('L');
                        case 0x2029 -> put('P');
                        default -> {
                            int w;
                            if (c <= 0xFF) {
                                put('x');
                                w = 2;
                            } else if (c <= 0xFFFF) {
                                put('u');
                                w = 4;
                            } else {
                                put('U');
                                w = 8;
                            }
                            for (int k = (w - 1) * 4; k >= 0; k -= 4) {
                                int digit = (c >> k) & 0x0F;
                                put((char) (digit < 10 ? '0' + digit : 'A' + digit - 10));
                            }
                        }
                    }
                    spaces = false;
                } else if (c == ' ') {
                    if (allowBreaks && !spaces && column > BEST_WIDTH && i > 0 && i < v.length - 1) {
                        writeIndent();
                        if (v[i + 1] == ' ') {
                            put('\\');
                        }
                    } else {
                        write(c);
                    }
                    spaces = true;
                } else {
                    write(c);
                    spaces = false;
                }
            }
            writeIndicator("\"", false, false, false);
            whitespace = false;
            indention = false;
        }

        void writeLiteral(int[] v) {
            writeIndicator("|", true, false, false);
            // block scalar hints
            if (v.length > 0 && (v[0] == ' ' || isBreak(v[0]))) {
                writeIndicator(String.valueOf((char) ('0' + bestIndent)), false, false, false);
            }
            String chomp = null;
            if (v.length == 0) {
                chomp = "-";
            } else {
                int i = v.length - 1;
                if (!isBreak(v[i])) {
                    chomp = "-";
                } else if (i == 0) {
                    chomp = "+";
                } else if (isBreak(v[i - 1])) {
                    chomp = "+";
                }
            }
            if (chomp != null) {
                writeIndicator(chomp, false, false, false);
            }
            whitespace = true;
            boolean breaks = true;
            for (int c : v) {
                if (isBreak(c)) {
                    writeBreak(c);
                    breaks = true;
                } else {
                    if (breaks) {
                        writeIndent();
                    }
                    write(c);
                    indention = false;
                    breaks = false;
                }
            }
        }
    }

    // ---------------------------------------------------------------- scalar analysis

    private record Analysis(boolean multiline, boolean flowPlainAllowed, boolean blockPlainAllowed,
                            boolean singleQuotedAllowed, boolean blockAllowed) {
    }

    /** ASCII letters, digits and {@code _ - . / + =} only, not starting with {@code -}, {@code .}: plain as they are. */
    private static boolean simplePlain(String s) {
        char first = s.charAt(0);
        if (first == '-' || first == '.' || first == '+' || first == '=' || first == '/') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'
                    || c == '/' || c == '+' || c == '=';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Analysis analyze(int[] v) {
        if (v.length == 0) {
            return new Analysis(false, false, true, true, false);
        }
        boolean startsIndicator = v.length >= 3 && (v[0] == '-' && v[1] == '-' && v[2] == '-' || v[0] == '.' && v[1] == '.' && v[2] == '.');
        boolean blockIndicators = false;
        boolean flowIndicators = false;
        boolean lineBreaks = false;
        boolean specialCharacters = false;
        boolean tabCharacters = false;
        boolean leadingSpace = false;
        boolean leadingBreak = false;
        boolean trailingSpace = false;
        boolean trailingBreak = false;
        boolean breakSpace = false;
        boolean spaceBreak = false;
        boolean previousSpace = false;
        boolean previousBreak = false;

        if (startsIndicator) {
            blockIndicators = true;
            flowIndicators = true;
        }
        boolean precededByWhitespace = true;
        for (int i = 0; i < v.length; i++) {
            int c = v[i];
            boolean followedByWhitespace = i + 1 >= v.length || isBlank(v[i + 1]);
            if (i == 0) {
                switch (c) {
                    case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> {
                        flowIndicators = true;
                        blockIndicators = true;
                    }
                    case '?', ':' -> {
                        flowIndicators = true;
                        if (followedByWhitespace) {
                            blockIndicators = true;
                        }
                    }
                    case '-' -> {
                        if (followedByWhitespace) {
                            flowIndicators = true;
                            blockIndicators = true;
                        }
                    }
                    default -> {
                    }
                }
            } else {
                switch (c) {
                    case ',', '?', '[', ']', '{', '}' -> flowIndicators = true;
                    case ':' -> {
                        flowIndicators = true;
                        if (followedByWhitespace) {
                            blockIndicators = true;
                        }
                    }
                    case '#' -> {
                        if (precededByWhitespace) {
                            flowIndicators = true;
                            blockIndicators = true;
                        }
                    }
                    default -> {
                    }
                }
            }
            if (c == '\t') {
                tabCharacters = true;
            } else if (!isPrintable(c)) {
                specialCharacters = true;
            }
            if (c == ' ') {
                if (i == 0) {
                    leadingSpace = true;
                }
                if (i == v.length - 1) {
                    trailingSpace = true;
                }
                if (previousBreak) {
                    breakSpace = true;
                }
                previousSpace = true;
                previousBreak = false;
            } else if (isBreak(c)) {
                lineBreaks = true;
                if (i == 0) {
                    leadingBreak = true;
                }
                if (i == v.length - 1) {
                    trailingBreak = true;
                }
                if (previousSpace) {
                    spaceBreak = true;
                }
                previousSpace = false;
                previousBreak = true;
            } else {
                previousSpace = false;
                previousBreak = false;
            }
            precededByWhitespace = isBlank(c) || isBreak(c) || c == 0;
        }
        boolean flowPlain = true;
        boolean blockPlain = true;
        boolean single = true;
        boolean block = true;
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
            flowPlain = false;
            blockPlain = false;
        }
        if (trailingSpace) {
            block = false;
        }
        if (breakSpace) {
            flowPlain = false;
            blockPlain = false;
            single = false;
        }
        if (spaceBreak || tabCharacters || specialCharacters) {
            flowPlain = false;
            blockPlain = false;
            single = false;
        }
        if (spaceBreak || specialCharacters) {
            block = false;
        }
        if (lineBreaks) {
            flowPlain = false;
            blockPlain = false;
        }
        if (flowIndicators) {
            flowPlain = false;
        }
        if (blockIndicators) {
            blockPlain = false;
        }
        return new Analysis(lineBreaks, flowPlain, blockPlain, single, block);
    }

    private static boolean hasBreak(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isBreak(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBlank(int c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isBreak(int c) {
        return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    /** libyaml's printable set as yaml.v3 tests it byte-wise: no C0/C1 controls, no astral characters. */
    private static boolean isPrintable(int c) {
        return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
    }

    // ---------------------------------------------------------------- key order

    /** yaml.v3's map key order: letters by code point, runs of digits by number value. */
    public static int keyCompare(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        return less(a, b) ? -1 : 1;
    }

    private static boolean less(String as, String bs) {
        boolean digits = false;
        int n = Math.min(as.length(), bs.length());
        for (int i = 0; i < n; i++) {
            char a = as.charAt(i);
            char b = bs.charAt(i);
            if (a == b) {
                digits = Character.isDigit(a);
                continue;
            }
            boolean al = Character.isLetter(a);
            boolean bl = Character.isLetter(b);
            if (al && bl) {
                return as.codePointAt(i) < bs.codePointAt(i);
            }
            if (al || bl) {
                return digits ? al : bl;
            }
            long an = 0;
            long bn = 0;
            if (a == '0' || b == '0') {
                for (int j = i - 1; j >= 0 && Character.isDigit(as.charAt(j)); j--) {
                    if (as.charAt(j) != '0') {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }
            int ai = i;
            while (ai < as.length() && Character.isDigit(as.charAt(ai))) {
                an = an * 10 + (as.charAt(ai) - '0');
                ai++;
            }
            int bi = i;
            while (bi < bs.length() && Character.isDigit(bs.charAt(bi))) {
                bn = bn * 10 + (bs.charAt(bi) - '0');
                bi++;
            }
            if (an != bn) {
                return an < bn;
            }
            if (ai != bi) {
                return ai < bi;
            }
            return a < b;
        }
        return as.codePointCount(0, as.length()) < bs.codePointCount(0, bs.length());
    }

}
