package atmos.template;

/**
 * huandu/xstrings case conversion as Sprig uses it: {@code snakecase}/{@code kebabcase}
 * (camelCaseToLowerCase) and {@code camelcase} (ToCamelCase, upper camel).
 */
final class CaseConvert {
    private CaseConvert() {}

    private enum W { INVALID, NUMBER, UPPER, ALPHA, CONNECTOR, PUNCT, OTHER }

    private record Word(W type, String word, String rest) {}

    static boolean isConnector(int r) {
        return r == '-' || r == '_' || GoFmt.isSpace(r);
    }

    private static boolean isPunct(int r) {
        int t = Character.getType(r);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
                || t == Character.END_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION
                || t == Character.FINAL_QUOTE_PUNCTUATION || t == Character.OTHER_PUNCTUATION;
    }

    private static boolean isAlphabet(int r) {
        return Character.isLetter(r);
    }

    private static Word nextWord(String str) {
        if (str.isEmpty()) {
            return new Word(W.INVALID, "", "");
        }
        int r = str.codePointAt(0);
        int offset = Character.charCount(r);
        W wt;
        if (isConnector(r)) {
            wt = W.CONNECTOR;
            while (offset < str.length() && isConnector(str.codePointAt(offset))) {
                offset += Character.charCount(str.codePointAt(offset));
            }
        } else if (isPunct(r)) {
            wt = W.PUNCT;
            while (offset < str.length() && isPunct(str.codePointAt(offset))) {
                offset += Character.charCount(str.codePointAt(offset));
            }
        } else if (Character.isUpperCase(r)) {
            wt = W.UPPER;
            if (offset < str.length()) {
                int r2 = str.codePointAt(offset);
                if (Character.isUpperCase(r2)) {
                    int prevSize = Character.charCount(r2);
                    offset += prevSize;
                    int last = r2;
                    while (offset < str.length()) {
                        last = str.codePointAt(offset);
                        if (!Character.isUpperCase(last)) {
                            break;
                        }
                        prevSize = Character.charCount(last);
                        offset += prevSize;
                    }
                    // "HTTPStatus" is "HTTP" and "Status".
                    if (offset < str.length() && isAlphabet(last)) {
                        offset -= prevSize;
                    }
                } else if (isAlphabet(r2)) {
                    offset += Character.charCount(r2);
                    while (offset < str.length()) {
                        int c = str.codePointAt(offset);
                        if (!isAlphabet(c) || Character.isUpperCase(c)) {
                            break;
                        }
                        offset += Character.charCount(c);
                    }
                }
            }
        } else if (isAlphabet(r)) {
            wt = W.ALPHA;
            while (offset < str.length()) {
                int c = str.codePointAt(offset);
                if (!isAlphabet(c) || Character.isUpperCase(c)) {
                    break;
                }
                offset += Character.charCount(c);
            }
        } else if (Character.isDigit(r) || Character.getType(r) == Character.LETTER_NUMBER
                || Character.getType(r) == Character.OTHER_NUMBER) {
            wt = W.NUMBER;
            while (offset < str.length() && Character.isDigit(str.codePointAt(offset))) {
                offset += Character.charCount(str.codePointAt(offset));
            }
        } else {
            wt = W.OTHER;
            while (offset < str.length()) {
                int c = str.codePointAt(offset);
                if (isConnector(c) || isAlphabet(c) || Character.isDigit(c) || isPunct(c)) {
                    break;
                }
                offset += Character.charCount(c);
            }
        }
        return new Word(wt, str.substring(0, offset), str.substring(offset));
    }

    private static void toLower(StringBuilder buf, W wt, String str, char connector) {
        if (wt != W.UPPER && wt != W.CONNECTOR) {
            buf.append(str);
            return;
        }
        for (int k = 0; k < str.length(); ) {
            int r = str.codePointAt(k);
            k += Character.charCount(r);
            if (isConnector(r)) {
                buf.append(connector);
            } else if (Character.isUpperCase(r)) {
                buf.appendCodePoint(Character.toLowerCase(r));
            } else {
                buf.appendCodePoint(r);
            }
        }
    }

    /** xstrings camelCaseToLowerCase: ToSnakeCase ('_') and ToKebabCase ('-'). */
    static String toLowerWords(String str, char connector) {
        if (str.isEmpty()) {
            return "";
        }
        StringBuilder buf = new StringBuilder();
        Word w = nextWord(str);
        W wt = w.type();
        String word = w.word();
        String remaining = w.rest();
        while (!remaining.isEmpty()) {
            if (wt != W.CONNECTOR) {
                toLower(buf, wt, word, connector);
            }
            W prev = wt;
            String last = word;
            w = nextWord(remaining);
            wt = w.type();
            word = w.word();
            remaining = w.rest();
            switch (prev) {
                case NUMBER:
                    while (wt == W.ALPHA || wt == W.NUMBER) {
                        toLower(buf, wt, word, connector);
                        w = nextWord(remaining);
                        wt = w.type();
                        word = w.word();
                        remaining = w.rest();
                    }
                    if (wt != W.INVALID && wt != W.PUNCT && wt != W.CONNECTOR) {
                        buf.append(connector);
                    }
                    break;
                case CONNECTOR:
                    toLower(buf, prev, last, connector);
                    break;
                case PUNCT:
                    break;
                default:
                    if (wt != W.NUMBER) {
                        if (wt != W.CONNECTOR && wt != W.PUNCT) {
                            buf.append(connector);
                        }
                        break;
                    }
                    if (remaining.isEmpty()) {
                        break;
                    }
                    String lastNum = word;
                    w = nextWord(remaining);
                    wt = w.type();
                    word = w.word();
                    remaining = w.rest();
                    // consider number as a part of previous word. e.g. "Bld4Floor" => "bld4_floor"
                    if (wt != W.ALPHA) {
                        toLower(buf, W.NUMBER, lastNum, connector);
                        if (wt != W.CONNECTOR && wt != W.PUNCT) {
                            buf.append(connector);
                        }
                        break;
                    }
                    // if there are some lower case letters following a number, add connector before the number.
                    buf.append(connector);
                    toLower(buf, W.NUMBER, lastNum, connector);
                    while (wt == W.ALPHA || wt == W.NUMBER) {
                        toLower(buf, wt, word, connector);
                        w = nextWord(remaining);
                        wt = w.type();
                        word = w.word();
                        remaining = w.rest();
                    }
                    if (wt != W.INVALID && wt != W.CONNECTOR && wt != W.PUNCT) {
                        buf.append(connector);
                    }
                    break;
            }
        }
        toLower(buf, wt, word, connector);
        return buf.toString();
    }

    /** xstrings ToCamelCase as Sprig's camelcase: "http_server" => "HttpServer". */
    static String toPascal(String str) {
        if (str.isEmpty()) {
            return "";
        }
        StringBuilder buf = new StringBuilder();
        int i = 0;
        int r0 = 0;
        int size = 0;
        while (i < str.length()) {
            r0 = str.codePointAt(i);
            size = Character.charCount(r0);
            i += size;
            if (!isConnector(r0)) {
                r0 = Character.toUpperCase(r0);
                break;
            }
            buf.appendCodePoint(r0);
        }
        if (i >= str.length()) {
            if (size != 0 && !(isConnector(r0) && buf.length() > 0 && buf.codePointBefore(buf.length()) == r0)) {
                buf.appendCodePoint(r0);
            }
            return buf.toString();
        }
        while (i < str.length()) {
            int r1 = r0;
            r0 = str.codePointAt(i);
            i += Character.charCount(r0);
            if (isConnector(r0) && isConnector(r1)) {
                buf.appendCodePoint(r1);
                continue;
            }
            if (isConnector(r1)) {
                r0 = Character.toUpperCase(r0);
            } else {
                buf.appendCodePoint(r1);
            }
        }
        buf.appendCodePoint(r0);
        return buf.toString();
    }
}
