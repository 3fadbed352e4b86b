package atmos.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's text/template lexer ({@code text/template/parse/lex.go}), run eagerly: it turns the whole input
 * into items at once and stops after the first error item, which the parser meets in order exactly as
 * Go's parser meets it from the lexing goroutine.
 *
 * <p>Positions are char offsets into the Java string; the error formatter turns them into Go's byte
 * columns.
 */
final class Lexer {
    enum T {
        ERROR, BOOL, CHAR, CHAR_CONSTANT, COMMENT, COMPLEX, ASSIGN, DECLARE, EOF, FIELD, IDENTIFIER,
        LEFT_DELIM, LEFT_PAREN, NUMBER, PIPE, RAW_STRING, RIGHT_DELIM, RIGHT_PAREN, SPACE, STRING, TEXT,
        VARIABLE,
        // Keywords appear after all the rest.
        KEYWORD, BLOCK, BREAK, CONTINUE, DOT, DEFINE, ELSE, END, IF, NIL, RANGE, TEMPLATE, WITH
    }

    record Item(T type, int pos, String val, int line) {
        /** Go's item.String(), used in "unexpected ..." messages. */
        @Override
        public String toString() {
            if (type == T.EOF) {
                return "EOF";
            }
            if (type == T.ERROR) {
                return val;
            }
            if (type.ordinal() > T.KEYWORD.ordinal()) {
                return "<" + val + ">";
            }
            if (val.codePointCount(0, val.length()) > 10) {
                return GoFmt.quote(val.substring(0, val.offsetByCodePoints(0, 10))) + "...";
            }
            return GoFmt.quote(val);
        }
    }

    private static final String LEFT_COMMENT = "/*";
    private static final String RIGHT_COMMENT = "*/";

    private final String input;
    private final String leftDelim;
    private final String rightDelim;
    private final boolean breakOK;
    private final boolean continueOK;
    private final List<Item> items = new ArrayList<>();
    private int pos;
    private int start;
    private int parenDepth;
    private int lineCursor;
    private int lineAtCursor = 1;

    private Lexer(String input, String left, String right, boolean breakOK, boolean continueOK) {
        this.input = input;
        this.leftDelim = left;
        this.rightDelim = right;
        this.breakOK = breakOK;
        this.continueOK = continueOK;
    }

    static List<Item> lex(String input, String left, String right, boolean breakOK, boolean continueOK) {
        Lexer l = new Lexer(input, left, right, breakOK, continueOK);
        l.run();
        return l.items;
    }

    private enum State { TEXT, LEFT_DELIM, COMMENT, RIGHT_DELIM, INSIDE, SPACE, QUOTE, RAW_QUOTE, VARIABLE,
        CHAR, FIELD, NUMBER, IDENTIFIER, STOP }

    private void run() {
        State state = State.TEXT;
        while (state != State.STOP) {
            state = switch (state) {
                case TEXT -> lexText();
                case LEFT_DELIM -> lexLeftDelim();
                case COMMENT -> lexComment();
                case RIGHT_DELIM -> lexRightDelim();
                case INSIDE -> lexInsideAction();
                case SPACE -> lexSpace();
                case QUOTE -> lexQuote();
                case RAW_QUOTE -> lexRawQuote();
                case VARIABLE -> lexVariable();
                case CHAR -> lexChar();
                case FIELD -> lexFieldOrVariable(T.FIELD);
                case NUMBER -> lexNumber();
                case IDENTIFIER -> lexIdentifier();
                case STOP -> State.STOP;
            };
        }
    }

    // --- helpers -------------------------------------------------------------------------------------

    private static final int EOF = -1;

    private int next() {
        if (pos >= input.length()) {
            return EOF;
        }
        int r = input.codePointAt(pos);
        pos += Character.charCount(r);
        return r;
    }

    private int peek() {
        return pos >= input.length() ? EOF : input.codePointAt(pos);
    }

    /** Steps back one code point (only ever called after a successful next()). */
    private void backup() {
        if (pos > 0) {
            pos = input.offsetByCodePoints(pos, -1);
        }
    }

    private int lineOf(int p) {
        if (p < lineCursor) {
            lineCursor = 0;
            lineAtCursor = 1;
        }
        for (int i = lineCursor; i < p; i++) {
            if (input.charAt(i) == '\n') {
                lineAtCursor++;
            }
        }
        lineCursor = p;
        return lineAtCursor;
    }

    private State emit(T t) {
        items.add(new Item(t, start, input.substring(start, pos), lineOf(start)));
        start = pos;
        return t == T.EOF ? State.STOP : null;
    }

    private State errorf(String message) {
        items.add(new Item(T.ERROR, start, message, lineOf(start)));
        return State.STOP;
    }

    private boolean accept(String valid) {
        int r = next();
        if (r != EOF && valid.indexOf(r) >= 0) {
            return true;
        }
        if (r != EOF) {
            backup();
        }
        return false;
    }

    private void acceptRun(String valid) {
        while (true) {
            int r = next();
            if (r == EOF) {
                return;
            }
            if (valid.indexOf(r) < 0) {
                backup();
                return;
            }
        }
    }

    static boolean isSpace(int r) {
        return r == ' ' || r == '\t' || r == '\r' || r == '\n';
    }

    static boolean isAlphaNumeric(int r) {
        return r == '_' || Character.isLetter(r) || Character.isDigit(r);
    }

    private boolean hasLeftTrimMarker(int at) {
        return at + 1 < input.length() && input.charAt(at) == '-' && isSpace(input.charAt(at + 1));
    }

    private boolean hasRightTrimMarker(int at) {
        return at + 1 < input.length() && isSpace(input.charAt(at)) && input.charAt(at + 1) == '-';
    }

    /** Whether the input at pos is a right delimiter, and whether it carries a trim marker. */
    private int atRightDelim() {
        if (hasRightTrimMarker(pos) && input.startsWith(rightDelim, pos + 2)) {
            return 2;
        }
        if (input.startsWith(rightDelim, pos)) {
            return 1;
        }
        return 0;
    }

    private boolean atTerminator() {
        int r = peek();
        if (isSpace(r)) {
            return true;
        }
        switch (r) {
            case EOF, '.', ',', '|', ':', ')', '(':
                return true;
            default:
                return input.startsWith(rightDelim, pos);
        }
    }

    // --- states ------------------------------------------------------------------------------------

    private State lexText() {
        int x = input.indexOf(leftDelim, pos);
        if (x >= 0) {
            if (x > pos) {
                pos = x;
                int trimLength = 0;
                int delimEnd = pos + leftDelim.length();
                if (hasLeftTrimMarker(delimEnd)) {
                    int end = pos;
                    while (end > start && isSpace(input.charAt(end - 1))) {
                        end--;
                    }
                    trimLength = pos - end;
                }
                pos -= trimLength;
                if (pos > start) {
                    emit(T.TEXT);
                }
                pos += trimLength;
                start = pos;
            }
            return State.LEFT_DELIM;
        }
        pos = input.length();
        if (pos > start) {
            emit(T.TEXT);
        }
        emit(T.EOF);
        return State.STOP;
    }

    private State lexLeftDelim() {
        pos += leftDelim.length();
        boolean trimSpace = hasLeftTrimMarker(pos);
        int afterMarker = trimSpace ? 2 : 0;
        if (input.startsWith(LEFT_COMMENT, pos + afterMarker)) {
            pos += afterMarker;
            start = pos;
            return State.COMMENT;
        }
        emit(T.LEFT_DELIM);
        pos += afterMarker;
        start = pos;
        parenDepth = 0;
        return State.INSIDE;
    }

    private State lexComment() {
        pos += LEFT_COMMENT.length();
        int x = input.indexOf(RIGHT_COMMENT, pos);
        if (x < 0) {
            return errorf("unclosed comment");
        }
        pos = x + RIGHT_COMMENT.length();
        int delim = atRightDelim();
        if (delim == 0) {
            return errorf("comment ends before closing delimiter");
        }
        if (delim == 2) {
            pos += 2;
        }
        pos += rightDelim.length();
        if (delim == 2) {
            while (pos < input.length() && isSpace(input.charAt(pos))) {
                pos++;
            }
        }
        start = pos;
        return State.TEXT;
    }

    private State lexRightDelim() {
        boolean trimSpace = atRightDelim() == 2;
        if (trimSpace) {
            pos += 2;
            start = pos;
        }
        pos += rightDelim.length();
        emit(T.RIGHT_DELIM);
        if (trimSpace) {
            while (pos < input.length() && isSpace(input.charAt(pos))) {
                pos++;
            }
            start = pos;
        }
        return State.TEXT;
    }

    private State lexInsideAction() {
        if (atRightDelim() != 0) {
            if (parenDepth == 0) {
                return State.RIGHT_DELIM;
            }
            return errorf("unclosed left paren");
        }
        int r = next();
        if (r == EOF) {
            return errorf("unclosed action");
        }
        if (isSpace(r)) {
            backup();
            return State.SPACE;
        }
        switch (r) {
            case '=':
                emit(T.ASSIGN);
                return State.INSIDE;
            case ':':
                if (next() != '=') {
                    return errorf("expected :=");
                }
                emit(T.DECLARE);
                return State.INSIDE;
            case '|':
                emit(T.PIPE);
                return State.INSIDE;
            case '"':
                return State.QUOTE;
            case '`':
                return State.RAW_QUOTE;
            case '$':
                return State.VARIABLE;
            case '\'':
                return State.CHAR;
            case '(':
                parenDepth++;
                emit(T.LEFT_PAREN);
                return State.INSIDE;
            case ')':
                parenDepth--;
                if (parenDepth < 0) {
                    return errorf("unexpected right paren");
                }
                emit(T.RIGHT_PAREN);
                return State.INSIDE;
            default:
                break;
        }
        if (r == '.') {
            // special look-ahead for ".field" so we don't break backup().
            if (pos < input.length()) {
                char c = input.charAt(pos);
                if (c < '0' || '9' < c) {
                    return State.FIELD;
                }
            }
            backup();
            return State.NUMBER;
        }
        if (r == '+' || r == '-' || ('0' <= r && r <= '9')) {
            backup();
            return State.NUMBER;
        }
        if (isAlphaNumeric(r)) {
            backup();
            return State.IDENTIFIER;
        }
        if (r <= 0x7f && r >= 0x20 && r != 0x7f) {
            emit(T.CHAR);
            return State.INSIDE;
        }
        return errorf("unrecognized character in action: " + GoFmt.unicodeDescription(r));
    }

    private State lexSpace() {
        int numSpaces = 0;
        while (isSpace(peek())) {
            next();
            numSpaces++;
        }
        // Be careful about a trim-marked closing delimiter, which has a minus after a space.
        if (hasRightTrimMarker(pos - 1) && input.startsWith(rightDelim, pos + 1)) {
            backup(); // Before the space.
            if (numSpaces == 1) {
                return State.RIGHT_DELIM;
            }
        }
        emit(T.SPACE);
        return State.INSIDE;
    }

    private State lexIdentifier() {
        while (true) {
            int r = next();
            if (r != EOF && isAlphaNumeric(r)) {
                continue;
            }
            if (r != EOF) {
                backup();
            }
            String word = input.substring(start, pos);
            if (!atTerminator()) {
                return errorf("bad character " + GoFmt.unicodeDescription(r));
            }
            T key = keyword(word);
            if (key != null) {
                if ((key == T.BREAK && !breakOK) || (key == T.CONTINUE && !continueOK)) {
                    emit(T.IDENTIFIER);
                } else {
                    emit(key);
                }
            } else if (word.charAt(0) == '.') {
                emit(T.FIELD);
            } else if (word.equals("true") || word.equals("false")) {
                emit(T.BOOL);
            } else {
                emit(T.IDENTIFIER);
            }
            return State.INSIDE;
        }
    }

    private static T keyword(String word) {
        return switch (word) {
            case "." -> T.DOT;
            case "block" -> T.BLOCK;
            case "break" -> T.BREAK;
            case "continue" -> T.CONTINUE;
            case "define" -> T.DEFINE;
            case "else" -> T.ELSE;
            case "end" -> T.END;
            case "if" -> T.IF;
            case "range" -> T.RANGE;
            case "nil" -> T.NIL;
            case "template" -> T.TEMPLATE;
            case "with" -> T.WITH;
            default -> null;
        };
    }

    private State lexVariable() {
        if (atTerminator()) { // Nothing interesting follows -> "$".
            emit(T.VARIABLE);
            return State.INSIDE;
        }
        return lexFieldOrVariable(T.VARIABLE);
    }

    private State lexFieldOrVariable(T type) {
        if (atTerminator()) { // Nothing interesting follows -> "." or "$".
            emit(type == T.VARIABLE ? T.VARIABLE : T.DOT);
            return State.INSIDE;
        }
        int r;
        while (true) {
            r = next();
            if (r == EOF || !isAlphaNumeric(r)) {
                if (r != EOF) {
                    backup();
                }
                break;
            }
        }
        if (!atTerminator()) {
            return errorf("bad character " + GoFmt.unicodeDescription(r));
        }
        emit(type);
        return State.INSIDE;
    }

    private State lexChar() {
        while (true) {
            int r = next();
            if (r == '\\') {
                int n = next();
                if (n != EOF && n != '\n') {
                    continue;
                }
                return errorf("unterminated character constant");
            }
            if (r == EOF || r == '\n') {
                return errorf("unterminated character constant");
            }
            if (r == '\'') {
                break;
            }
        }
        emit(T.CHAR_CONSTANT);
        return State.INSIDE;
    }

    private State lexNumber() {
        if (!scanNumber()) {
            return errorf("bad number syntax: " + GoFmt.quote(input.substring(start, pos)));
        }
        int sign = peek();
        if (sign == '+' || sign == '-') {
            // Complex: 1+2i. No spaces, must end in 'i'.
            if (!scanNumber() || input.charAt(pos - 1) != 'i') {
                return errorf("bad number syntax: " + GoFmt.quote(input.substring(start, pos)));
            }
            emit(T.COMPLEX);
            return State.INSIDE;
        }
        emit(T.NUMBER);
        return State.INSIDE;
    }

    private boolean scanNumber() {
        accept("+-");
        String digits = "0123456789_";
        if (accept("0")) {
            // Note: Leading 0 does not mean octal in floats.
            if (accept("xX")) {
                digits = "0123456789abcdefABCDEF_";
            } else if (accept("oO")) {
                digits = "01234567_";
            } else if (accept("bB")) {
                digits = "01_";
            }
        }
        acceptRun(digits);
        if (accept(".")) {
            acceptRun(digits);
        }
        if (digits.length() == 10 + 1 && accept("eE")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        if (digits.length() == 16 + 6 + 1 && accept("pP")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        accept("i");
        // Next thing mustn't be alphanumeric.
        int r = peek();
        if (r != EOF && isAlphaNumeric(r)) {
            next();
            return false;
        }
        return true;
    }

    private State lexQuote() {
        while (true) {
            int r = next();
            if (r == '\\') {
                int n = next();
                if (n != EOF && n != '\n') {
                    continue;
                }
                return errorf("unterminated quoted string");
            }
            if (r == EOF || r == '\n') {
                return errorf("unterminated quoted string");
            }
            if (r == '"') {
                break;
            }
        }
        emit(T.STRING);
        return State.INSIDE;
    }

    private State lexRawQuote() {
        while (true) {
            int r = next();
            if (r == EOF) {
                return errorf("unterminated raw quoted string");
            }
            if (r == '`') {
                break;
            }
        }
        emit(T.RAW_STRING);
        return State.INSIDE;
    }
}
