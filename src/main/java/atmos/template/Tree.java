package atmos.template;

import atmos.template.Lexer.Item;
import atmos.template.Lexer.T;
import atmos.template.Node.ActionNode;
import atmos.template.Node.BoolNode;
import atmos.template.Node.BranchKind;
import atmos.template.Node.BranchNode;
import atmos.template.Node.BreakNode;
import atmos.template.Node.ChainNode;
import atmos.template.Node.CommandNode;
import atmos.template.Node.CommentNode;
import atmos.template.Node.ContinueNode;
import atmos.template.Node.DotNode;
import atmos.template.Node.ElseNode;
import atmos.template.Node.EndNode;
import atmos.template.Node.FieldNode;
import atmos.template.Node.IdentifierNode;
import atmos.template.Node.ListNode;
import atmos.template.Node.NilNode;
import atmos.template.Node.NumberNode;
import atmos.template.Node.PipeNode;
import atmos.template.Node.StringNode;
import atmos.template.Node.TemplateNode;
import atmos.template.Node.TextNode;
import atmos.template.Node.VariableNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One parsed template and the parser that builds it: a port of Go's {@code text/template/parse}
 * {@code Tree}, keeping its three-token lookahead so errors name the same line Go names.
 */
final class Tree {
    private static final int MAX_STACK_DEPTH = 10000;

    /** Name of the top-level template during parsing, for error messages. */
    final String parseName;
    /** Text parsed to create the template (or its parent). */
    final String text;
    ListNode root;

    // Parsing only.
    private List<Item> items;
    private int itemIndex;
    private final Item[] token = new Item[3];
    private int peekCount;
    private List<String> vars;
    private Map<String, Tree> treeSet;
    private Predicate<String> hasFunction;
    private int actionLine;
    private int rangeDepth;
    private int stackDepth;
    private String treeName;

    private Tree(String name, String parseName, String text) {
        this.parseName = parseName;
        this.text = text;
        this.treeName = name;
    }

    /** The template's name (for a define, known only once its name has been read). */
    String name() {
        return treeName;
    }

    /**
     * Parses {@code text} into the top-level tree named {@code name} plus the trees it defines, added to
     * {@code treeSet}.
     */
    static void parse(String name, String text, String left, String right, Predicate<String> hasFunction,
            Map<String, Tree> treeSet) {
        Tree t = new Tree(name, name, text);
        List<Item> items = Lexer.lex(text, left, right, !hasFunction.test("break"), !hasFunction.test("continue"));
        t.startParse(items, 0, hasFunction, treeSet);
        t.parseTop();
        t.add();
        for (Tree tree : treeSet.values()) {
            tree.stopParse();
        }
    }

    /** Drops the parsing state so a parsed template keeps only its nodes. */
    private void stopParse() {
        items = null;
        vars = null;
        treeSet = null;
        hasFunction = null;
        java.util.Arrays.fill(token, null);
    }

    private void startParse(List<Item> items, int index, Predicate<String> hasFunction, Map<String, Tree> treeSet) {
        this.root = null;
        this.items = items;
        this.itemIndex = index;
        this.vars = new ArrayList<>(List.of("$"));
        this.hasFunction = hasFunction;
        this.treeSet = treeSet;
        this.stackDepth = 0;
    }

    // --- token stream --------------------------------------------------------------------------------

    private Item nextItem() {
        Item it = items.get(Math.min(itemIndex, items.size() - 1));
        if (itemIndex < items.size()) {
            itemIndex++;
        }
        return it;
    }

    private Item next() {
        if (peekCount > 0) {
            peekCount--;
        } else {
            token[0] = nextItem();
        }
        return token[peekCount];
    }

    private void backup() {
        peekCount++;
    }

    private void backup2(Item t1) {
        token[1] = t1;
        peekCount = 2;
    }

    private void backup3(Item t2, Item t1) {
        token[1] = t1;
        token[2] = t2;
        peekCount = 3;
    }

    private Item peek() {
        if (peekCount > 0) {
            return token[peekCount - 1];
        }
        peekCount = 1;
        token[0] = nextItem();
        return token[0];
    }

    private Item nextNonSpace() {
        Item t;
        do {
            t = next();
        } while (t.type() == T.SPACE);
        return t;
    }

    private Item peekNonSpace() {
        Item t = nextNonSpace();
        backup();
        return t;
    }

    // --- errors ---------------------------------------------------------------------------------------

    private TemplateException errorf(String message) {
        root = null;
        int line = token[0] == null ? 1 : token[0].line();
        throw new TemplateException("template: " + parseName + ":" + line + ": " + message);
    }

    private Item expect(T expected, String context) {
        Item t = nextNonSpace();
        if (t.type() != expected) {
            unexpected(t, context);
        }
        return t;
    }

    private Item expectOneOf(T e1, T e2, String context) {
        Item t = nextNonSpace();
        if (t.type() != e1 && t.type() != e2) {
            unexpected(t, context);
        }
        return t;
    }

    private void unexpected(Item t, String context) {
        if (t.type() == T.ERROR) {
            String extra = "";
            if (actionLine != 0 && actionLine != t.line()) {
                extra = " in action started at " + parseName + ":" + actionLine;
                if (t.val().endsWith(" action")) {
                    extra = extra.substring(" in action".length());
                }
            }
            throw errorf(t + extra);
        }
        throw errorf("unexpected " + t + " in " + context);
    }

    // --- grammar --------------------------------------------------------------------------------------

    private void add() {
        Tree tree = treeSet.get(treeName);
        if (tree == null || isEmptyTree(tree.root)) {
            treeSet.put(treeName, this);
            return;
        }
        if (!isEmptyTree(root)) {
            throw errorf("template: multiple definition of template " + GoFmt.quote(treeName));
        }
    }

    /** Whether the tree holds nothing but space and comments. */
    static boolean isEmptyTree(Node n) {
        if (n == null) {
            return true;
        }
        if (n instanceof ListNode l) {
            for (Node c : l.nodes) {
                if (!isEmptyTree(c)) {
                    return false;
                }
            }
            return true;
        }
        if (n instanceof CommentNode) {
            return true;
        }
        if (n instanceof TextNode t) {
            return t.text().codePoints().allMatch(GoFmt::isSpace);
        }
        return false;
    }

    private void parseTop() {
        root = new ListNode(this, peek().pos());
        while (peek().type() != T.EOF) {
            if (peek().type() == T.LEFT_DELIM) {
                Item delim = next();
                if (nextNonSpace().type() == T.DEFINE) {
                    Tree newT = new Tree("definition", parseName, text);
                    newT.startParse(items, itemIndex, hasFunction, treeSet);
                    // Hand the lookahead over: the define keyword has been consumed.
                    newT.peekCount = 0;
                    newT.parseDefinition();
                    itemIndex = newT.itemIndex - newT.peekCount;
                    peekCount = 0;
                    continue;
                }
                backup2(delim);
            }
            Node n = textOrAction();
            if (n instanceof EndNode || n instanceof ElseNode) {
                throw errorf("unexpected " + n);
            }
            root.nodes.add(n);
        }
    }

    private void parseDefinition() {
        String context = "define clause";
        Item nameItem = expectOneOf(T.STRING, T.RAW_STRING, context);
        try {
            treeName = GoStrconv.unquote(nameItem.val());
        } catch (GoStrconv.SyntaxError e) {
            throw errorf(e.getMessage());
        }
        expect(T.RIGHT_DELIM, context);
        Node[] end = new Node[1];
        root = itemList(end);
        if (!(end[0] instanceof EndNode)) {
            throw errorf("unexpected " + end[0] + " in " + context);
        }
        add();
    }

    /** textOrAction* up to {{end}} or {{else}}, which is returned in end[0]. */
    private ListNode itemList(Node[] end) {
        ListNode list = new ListNode(this, peekNonSpace().pos());
        while (peekNonSpace().type() != T.EOF) {
            Node n = textOrAction();
            if (n instanceof EndNode || n instanceof ElseNode) {
                end[0] = n;
                return list;
            }
            list.nodes.add(n);
        }
        throw errorf("unexpected EOF");
    }

    private Node textOrAction() {
        Item t = nextNonSpace();
        switch (t.type()) {
            case TEXT:
                return new TextNode(this, t.pos(), t.val());
            case LEFT_DELIM:
                actionLine = t.line();
                try {
                    return action();
                } finally {
                    actionLine = 0;
                }
            case COMMENT:
                return new CommentNode(this, t.pos(), t.val());
            default:
                unexpected(t, "input");
                return null;
        }
    }

    private Node action() {
        Item t = nextNonSpace();
        switch (t.type()) {
            case BLOCK:
                return blockControl();
            case BREAK:
                return breakControl(t.pos(), t.line());
            case CONTINUE:
                return continueControl(t.pos(), t.line());
            case ELSE:
                return elseControl();
            case END:
                return endControl();
            case IF:
                return branch(BranchKind.IF);
            case RANGE:
                return branch(BranchKind.RANGE);
            case TEMPLATE:
                return templateControl();
            case WITH:
                return branch(BranchKind.WITH);
            default:
                break;
        }
        backup();
        Item tok = peek();
        // Do not pop variables; they persist until "end".
        return new ActionNode(this, tok.pos(), tok.line(), pipeline("command", T.RIGHT_DELIM));
    }

    private Node breakControl(int pos, int line) {
        Item t = nextNonSpace();
        if (t.type() != T.RIGHT_DELIM) {
            unexpected(t, "{{break}}");
        }
        if (rangeDepth == 0) {
            throw errorf("{{break}} outside {{range}}");
        }
        return new BreakNode(this, pos, line);
    }

    private Node continueControl(int pos, int line) {
        Item t = nextNonSpace();
        if (t.type() != T.RIGHT_DELIM) {
            unexpected(t, "{{continue}}");
        }
        if (rangeDepth == 0) {
            throw errorf("{{continue}} outside {{range}}");
        }
        return new ContinueNode(this, pos, line);
    }

    private PipeNode pipeline(String context, T end) {
        Item tok = peekNonSpace();
        PipeNode pipe = new PipeNode(this, tok.pos(), tok.line());
        decls:
        while (true) {
            Item v = peekNonSpace();
            if (v.type() == T.VARIABLE) {
                next();
                // Since space is a token, we need 3-token look-ahead here in the worst case.
                Item tokenAfterVariable = peek();
                Item nxt = peekNonSpace();
                if (nxt.type() == T.ASSIGN || nxt.type() == T.DECLARE) {
                    pipe.isAssign = nxt.type() == T.ASSIGN;
                    nextNonSpace();
                    pipe.decl.add(new VariableNode(this, v.pos(), List.of(v.val())));
                    vars.add(v.val());
                } else if (nxt.type() == T.CHAR && nxt.val().equals(",")) {
                    nextNonSpace();
                    pipe.decl.add(new VariableNode(this, v.pos(), List.of(v.val())));
                    vars.add(v.val());
                    if (context.equals("range") && pipe.decl.size() < 2) {
                        T p = peekNonSpace().type();
                        if (p == T.VARIABLE || p == T.RIGHT_DELIM || p == T.RIGHT_PAREN) {
                            continue decls; // second initialized variable in a range pipeline
                        }
                        throw errorf("range can only initialize variables");
                    }
                    throw errorf("too many declarations in " + context);
                } else if (tokenAfterVariable.type() == T.SPACE) {
                    backup3(v, tokenAfterVariable);
                } else {
                    backup2(v);
                }
            }
            break;
        }
        while (true) {
            Item t = nextNonSpace();
            if (t.type() == end) {
                checkPipeline(pipe, context);
                return pipe;
            }
            switch (t.type()) {
                case BOOL, CHAR_CONSTANT, COMPLEX, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING,
                        VARIABLE, LEFT_PAREN -> {
                    backup();
                    pipe.cmds.add(command());
                }
                default -> unexpected(t, context);
            }
        }
    }

    private void checkPipeline(PipeNode pipe, String context) {
        if (pipe.cmds.isEmpty()) {
            throw errorf("missing value for " + context);
        }
        // Only the first command of a pipeline can start with a non executable operand.
        for (int i = 1; i < pipe.cmds.size(); i++) {
            Node first = pipe.cmds.get(i).args.get(0);
            if (first instanceof BoolNode || first instanceof DotNode || first instanceof NilNode
                    || first instanceof NumberNode || first instanceof StringNode) {
                throw errorf("non executable command in pipeline stage " + (i + 1));
            }
        }
    }

    private Node branch(BranchKind kind) {
        String context = switch (kind) {
            case IF -> "if";
            case RANGE -> "range";
            case WITH -> "with";
        };
        int mark = vars.size();
        try {
            PipeNode pipe = pipeline(context, T.RIGHT_DELIM);
            if (kind == BranchKind.RANGE) {
                rangeDepth++;
            }
            Node[] next = new Node[1];
            ListNode list = itemList(next);
            if (kind == BranchKind.RANGE) {
                rangeDepth--;
            }
            ListNode elseList = null;
            if (next[0] instanceof ElseNode) {
                // "{{else if ...}}" and "{{else with ...}}" are "{{else}}{{if ...}}...{{end}}{{end}}".
                if (kind == BranchKind.IF && peek().type() == T.IF) {
                    next();
                    elseList = new ListNode(this, next[0].pos());
                    elseList.nodes.add(branch(BranchKind.IF));
                } else if (kind == BranchKind.WITH && peek().type() == T.WITH) {
                    next();
                    elseList = new ListNode(this, next[0].pos());
                    elseList.nodes.add(branch(BranchKind.WITH));
                } else {
                    elseList = itemList(next);
                    if (!(next[0] instanceof EndNode)) {
                        throw errorf("expected end; found " + next[0]);
                    }
                }
            }
            return new BranchNode(this, kind, pipe.pos(), pipe.line, pipe, list, elseList);
        } finally {
            while (vars.size() > mark) {
                vars.remove(vars.size() - 1);
            }
        }
    }

    private Node endControl() {
        return new EndNode(this, expect(T.RIGHT_DELIM, "end").pos());
    }

    private Node elseControl() {
        Item p = peekNonSpace();
        if (p.type() == T.IF || p.type() == T.WITH) {
            return new ElseNode(this, p.pos(), p.line());
        }
        Item t = expect(T.RIGHT_DELIM, "else");
        return new ElseNode(this, t.pos(), t.line());
    }

    private Node blockControl() {
        String context = "block clause";
        Item t = nextNonSpace();
        String blockName = parseTemplateName(t, context);
        PipeNode pipe = pipeline(context, T.RIGHT_DELIM);

        Tree block = new Tree(blockName, parseName, text);
        block.startParse(items, itemIndex, hasFunction, treeSet);
        block.peekCount = 0;
        Node[] end = new Node[1];
        block.root = block.itemList(end);
        if (!(end[0] instanceof EndNode)) {
            throw errorf("unexpected " + end[0] + " in " + context);
        }
        block.add();
        itemIndex = block.itemIndex - block.peekCount;
        return new TemplateNode(this, t.pos(), t.line(), blockName, pipe);
    }

    private Node templateControl() {
        String context = "template clause";
        Item t = nextNonSpace();
        String tname = parseTemplateName(t, context);
        PipeNode pipe = null;
        if (nextNonSpace().type() != T.RIGHT_DELIM) {
            backup();
            // Do not pop variables; they persist until "end".
            pipe = pipeline(context, T.RIGHT_DELIM);
        }
        return new TemplateNode(this, t.pos(), t.line(), tname, pipe);
    }

    private String parseTemplateName(Item t, String context) {
        if (t.type() == T.STRING || t.type() == T.RAW_STRING) {
            try {
                return GoStrconv.unquote(t.val());
            } catch (GoStrconv.SyntaxError e) {
                throw errorf(e.getMessage());
            }
        }
        unexpected(t, context);
        return null;
    }

    private CommandNode command() {
        CommandNode cmd = new CommandNode(this, peekNonSpace().pos());
        while (true) {
            peekNonSpace(); // skip leading spaces.
            Node operand = operand();
            if (operand != null) {
                cmd.args.add(operand);
            }
            Item t = next();
            switch (t.type()) {
                case SPACE:
                    continue;
                case RIGHT_DELIM, RIGHT_PAREN:
                    backup();
                    break;
                case PIPE:
                    break;
                default:
                    unexpected(t, "operand");
            }
            break;
        }
        if (cmd.args.isEmpty()) {
            throw errorf("empty command");
        }
        return cmd;
    }

    private Node operand() {
        Node node = term();
        if (node == null) {
            return null;
        }
        if (peek().type() == T.FIELD) {
            ChainNode chain = new ChainNode(this, peek().pos(), node);
            while (peek().type() == T.FIELD) {
                chain.add(next().val());
            }
            // Compatibility with Go: fields on a field or variable extend it; literals are errors.
            if (node instanceof FieldNode) {
                node = newField(chain.pos(), chain.toString());
            } else if (node instanceof VariableNode) {
                node = newVariable(chain.pos(), chain.toString());
            } else if (node instanceof BoolNode || node instanceof StringNode || node instanceof NumberNode
                    || node instanceof NilNode || node instanceof DotNode) {
                throw errorf("unexpected . after term " + GoFmt.quote(node.toString()));
            } else {
                node = chain;
            }
        }
        return node;
    }

    private FieldNode newField(int pos, String ident) {
        // ident starts with a dot: ".a.b" -> [a, b]
        return new FieldNode(this, pos, List.of(ident.substring(1).split("\\.", -1)));
    }

    private VariableNode newVariable(int pos, String ident) {
        return new VariableNode(this, pos, Arrays.asList(ident.split("\\.", -1)));
    }

    private Node term() {
        Item t = nextNonSpace();
        switch (t.type()) {
            case IDENTIFIER:
                if (!hasFunction.test(t.val())) {
                    throw errorf("function " + GoFmt.quote(t.val()) + " not defined");
                }
                return new IdentifierNode(this, t.pos(), t.val());
            case DOT:
                return new DotNode(this, t.pos());
            case NIL:
                return new NilNode(this, t.pos());
            case VARIABLE:
                return useVar(t.pos(), t.val());
            case FIELD:
                return newField(t.pos(), t.val());
            case BOOL:
                return new BoolNode(this, t.pos(), t.val().equals("true"));
            case CHAR_CONSTANT, COMPLEX, NUMBER:
                return newNumber(t.pos(), t.val(), t.type());
            case LEFT_PAREN:
                if (stackDepth >= MAX_STACK_DEPTH) {
                    throw errorf("max expression depth exceeded");
                }
                stackDepth++;
                try {
                    return pipeline("parenthesized pipeline", T.RIGHT_PAREN);
                } finally {
                    stackDepth--;
                }
            case STRING, RAW_STRING:
                try {
                    return new StringNode(this, t.pos(), t.val(), GoStrconv.unquote(t.val()));
                } catch (GoStrconv.SyntaxError e) {
                    throw errorf(e.getMessage());
                }
            default:
                backup();
                return null;
        }
    }

    private Node useVar(int pos, String name) {
        VariableNode v = newVariable(pos, name);
        if (vars.contains(v.ident().get(0))) {
            return v;
        }
        throw errorf("undefined variable " + GoFmt.quote(v.ident().get(0)));
    }

    private NumberNode newNumber(int pos, String text, T type) {
        if (type == T.CHAR_CONSTANT) {
            int[] idx = {1};
            int rune;
            try {
                rune = GoStrconv.unquoteChar(text, idx, '\'');
            } catch (GoStrconv.SyntaxError e) {
                throw errorf(e.getMessage());
            }
            if (!text.substring(idx[0]).equals("'")) {
                throw errorf("malformed character constant: " + text);
            }
            return new NumberNode(this, pos, text, true, true, true, false, rune, rune, rune);
        }
        if (type == T.COMPLEX || text.endsWith("i")) {
            throw errorf("complex constants are not supported: " + text);
        }
        boolean isInt = false;
        boolean isUint = false;
        boolean isFloat = false;
        long i64 = 0;
        long u64 = 0;
        double f64 = 0;
        Long u = GoStrconv.parseUint64(text);
        if (u != null) {
            isUint = true;
            u64 = u;
        }
        Long i = GoStrconv.parseInt64(text);
        if (i != null) {
            isInt = true;
            i64 = i;
            if (i == 0) {
                isUint = true; // in case of -0.
                u64 = 0;
            }
        }
        if (isInt) {
            isFloat = true;
            f64 = i64;
        } else if (isUint) {
            isFloat = true;
            f64 = new BigInteger(Long.toUnsignedString(u64)).doubleValue();
        } else {
            Double f = GoStrconv.parseFloat(text);
            if (f != null) {
                // If we parsed it as a float but it looks like an integer, it's a huge number.
                if (!text.matches(".*[.eEpP].*")) {
                    throw errorf("integer overflow: " + text);
                }
                isFloat = true;
                f64 = f;
                if (!Double.isInfinite(f) && !Double.isNaN(f) && f == Math.rint(f)
                        && f >= -9.223372036854775808E18 && f < 9.223372036854775808E18) {
                    isInt = true;
                    i64 = f.longValue();
                }
                if (!Double.isInfinite(f) && !Double.isNaN(f) && f == Math.rint(f) && f >= 0
                        && f < 1.8446744073709551616E19) {
                    isUint = true;
                    u64 = new java.math.BigDecimal(f).toBigInteger().longValue();
                }
            }
        }
        if (!isInt && !isUint && !isFloat) {
            throw errorf("illegal number syntax: " + GoFmt.quote(text));
        }
        return new NumberNode(this, pos, text, isInt, isUint, isFloat, false, i64, u64, f64);
    }
}
