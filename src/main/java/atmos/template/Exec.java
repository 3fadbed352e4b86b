package atmos.template;

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
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One execution of a template: Go's {@code text/template} {@code state}, ported function for function
 * ({@code exec.go}) so that values, truth, argument checks and error messages come out as Go's.
 */
final class Exec {
    /** Go's limit on nested {{template}} calls; a Java stack overflow is reported the same way. */
    static final int MAX_EXEC_DEPTH = 100000;

    /** No value from a previous pipeline stage: Go's missingVal. */
    private static final Object MISSING = new Object();

    private static final class Jump extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Jump() {
            super(null, null, false, false);
        }
    }

    private static final Jump BREAK = new Jump();
    private static final Jump CONTINUE = new Jump();

    private record Variable(String name, Object[] value) {}

    private final Map<String, Tree> templates;
    private final Functions functions;
    private final MissingKey missingKey;
    private final StringBuilder out;
    private Tree tmpl;
    private Node node;
    private List<Variable> vars;
    private int depth;

    Exec(Map<String, Tree> templates, Functions functions, MissingKey missingKey, StringBuilder out) {
        this.templates = templates;
        this.functions = functions;
        this.missingKey = missingKey;
        this.out = out;
    }

    void execute(Tree t, Object data) {
        tmpl = t;
        vars = new ArrayList<>();
        push("$", data);
        if (t == null || t.root == null) {
            throw errorf(GoFmt.quote(t == null ? "" : t.name()) + " is an incomplete or empty template");
        }
        try {
            walk(data, t.root);
        } catch (StackOverflowError e) {
            throw errorf("exceeded maximum template depth (" + MAX_EXEC_DEPTH + ")");
        }
    }

    // --- variables ------------------------------------------------------------------------------------

    private void push(String name, Object value) {
        vars.add(new Variable(name, new Object[] {value}));
    }

    private int mark() {
        return vars.size();
    }

    private void pop(int mark) {
        while (vars.size() > mark) {
            vars.remove(vars.size() - 1);
        }
    }

    private void setVar(String name, Object value) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(name)) {
                vars.get(i).value()[0] = value;
                return;
            }
        }
        throw errorf("undefined variable: " + name);
    }

    private void setTopVar(int n, Object value) {
        vars.get(vars.size() - n).value()[0] = value;
    }

    private Object varValue(String name) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(name)) {
                return vars.get(i).value()[0];
            }
        }
        throw errorf("undefined variable: " + name);
    }

    // --- errors ---------------------------------------------------------------------------------------

    private void at(Node n) {
        node = n;
    }

    TemplateException errorf(String message) {
        return errorf(message, null);
    }

    private TemplateException errorf(String message, Throwable cause) {
        String name = tmpl == null ? "" : tmpl.name();
        if (node == null) {
            return new TemplateException("template: " + name + ": " + message, cause);
        }
        return new TemplateException("template: " + location(node) + ": executing " + GoFmt.quote(name)
                + " at <" + node + ">: " + message, cause);
    }

    /** Go's ErrorContext location: {@code parseName:line:byteColumn} (column counted from 0). */
    static String location(Node n) {
        Tree tree = n.tree();
        String text = tree.text;
        int pos = Math.min(n.pos(), text.length());
        int lastNl = text.lastIndexOf('\n', pos - 1);
        int line = 1;
        for (int i = 0; i < pos; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        int col = utf8Length(text, lastNl + 1, pos);
        return tree.parseName + ":" + line + ":" + col;
    }

    private static int utf8Length(String s, int from, int to) {
        return s.substring(from, to).getBytes(StandardCharsets.UTF_8).length;
    }

    // --- walking --------------------------------------------------------------------------------------

    private void walk(Object dot, Node n) {
        at(n);
        if (n instanceof TextNode t) {
            out.append(t.text());
        } else if (n instanceof ActionNode a) {
            // Do not pop variables so they persist until next end.
            // Also, if the action declares variables, don't print the result.
            Object val = evalPipeline(dot, a.pipe());
            if (a.pipe().decl.isEmpty()) {
                printValue(a, val);
            }
        } else if (n instanceof ListNode l) {
            for (Node c : l.nodes) {
                walk(dot, c);
            }
        } else if (n instanceof BranchNode b) {
            if (b.kind() == BranchKind.RANGE) {
                walkRange(dot, b);
            } else {
                walkIfOrWith(b.kind(), dot, b.pipe(), b.list(), b.elseList());
            }
        } else if (n instanceof TemplateNode t) {
            walkTemplate(dot, t);
        } else if (n instanceof BreakNode) {
            throw BREAK;
        } else if (n instanceof ContinueNode) {
            throw CONTINUE;
        } else if (!(n instanceof CommentNode)) {
            throw errorf("unknown node: " + n);
        }
    }

    private void walkIfOrWith(BranchKind kind, Object dot, PipeNode pipe, ListNode list, ListNode elseList) {
        int mark = mark();
        try {
            Object val = evalPipeline(dot, pipe);
            boolean truth = GoValues.isTrue(GoValues.unwrap(val));
            if (truth) {
                walk(kind == BranchKind.WITH ? val : dot, list);
            } else if (elseList != null) {
                walk(dot, elseList);
            }
        } finally {
            pop(mark);
        }
    }

    private void walkRange(Object dot, BranchNode r) {
        at(r);
        int outer = mark();
        try {
            Object val = GoValues.unwrap(evalPipeline(dot, r.pipe()));
            int mark = mark();
            boolean ran = false;
            try {
                if (val instanceof List<?> list) {
                    for (int i = 0; i < list.size(); i++) {
                        ran = true;
                        oneIteration(r, (long) i, GoValues.slot(list.get(i)), mark);
                    }
                } else if (val instanceof Map<?, ?> map) {
                    for (Map.Entry<?, ?> e : GoFmt.sortedEntries(map)) {
                        ran = true;
                        oneIteration(r, e.getKey(), GoValues.slot(e.getValue()), mark);
                    }
                } else if (GoValues.isGoInt(val) || val instanceof GoNumber) {
                    if (r.pipe().decl.size() > 1) {
                        throw errorf("can't use " + GoFmt.toString(val) + " to iterate over more than one variable");
                    }
                    long n = ((Number) val).longValue();
                    for (long i = 0; i < n; i++) {
                        ran = true;
                        Object v = val instanceof GoNumber g ? sameType(g, i) : (Object) i;
                        oneIteration(r, v, v, mark);
                    }
                } else if (val != null) {
                    throw errorf("range can't iterate over " + GoFmt.toString(val));
                }
            } catch (Jump j) {
                if (j != BREAK) {
                    throw j;
                }
                return;
            }
            if (!ran && r.elseList() != null) {
                walk(dot, r.elseList());
            }
        } finally {
            pop(outer);
        }
    }

    private static Object sameType(GoNumber g, long v) {
        return switch (g.type()) {
            case "int64" -> GoNumber.int64(v);
            case "uint8" -> GoNumber.uint8((int) v);
            case "int32" -> GoNumber.int32((int) v);
            default -> GoNumber.uint64(v);
        };
    }

    private void oneIteration(BranchNode r, Object index, Object elem, int mark) {
        PipeNode pipe = r.pipe();
        if (!pipe.decl.isEmpty()) {
            if (pipe.isAssign) {
                // With two variables, index comes first. With one, we use the element.
                setVar(pipe.decl.get(0).ident().get(0), pipe.decl.size() > 1 ? index : elem);
            } else {
                // Set top var (lexically the second if there are two) to the element.
                setTopVar(1, elem);
            }
        }
        if (pipe.decl.size() > 1) {
            if (pipe.isAssign) {
                setVar(pipe.decl.get(1).ident().get(0), elem);
            } else {
                setTopVar(2, index);
            }
        }
        try {
            walk(elem, r.list());
        } catch (Jump j) {
            if (j != CONTINUE) {
                throw j;
            }
        } finally {
            pop(mark);
        }
    }

    private void walkTemplate(Object dot, TemplateNode t) {
        at(t);
        Tree target = templates.get(t.name());
        if (target == null) {
            throw errorf("template " + GoFmt.quote(t.name()) + " not defined");
        }
        if (depth == MAX_EXEC_DEPTH) {
            throw errorf("exceeded maximum template depth (" + MAX_EXEC_DEPTH + ")");
        }
        // Variables declared by the pipeline persist.
        Object newDot = evalPipeline(dot, t.pipe());
        Tree savedTmpl = tmpl;
        List<Variable> savedVars = vars;
        depth++;
        tmpl = target;
        // No dynamic scoping: template invocations inherit no variables.
        vars = new ArrayList<>();
        push("$", newDot);
        try {
            walk(newDot, target.root);
        } finally {
            depth--;
            tmpl = savedTmpl;
            vars = savedVars;
        }
    }

    // --- evaluation -----------------------------------------------------------------------------------

    private Object evalPipeline(Object dot, PipeNode pipe) {
        if (pipe == null) {
            return null;
        }
        at(pipe);
        Object value = MISSING;
        for (CommandNode cmd : pipe.cmds) {
            value = evalCommand(dot, cmd, value); // previous value is this one's final arg.
            // If the object has type interface{}, dig down one level to the thing inside.
            value = GoValues.unwrap(value);
        }
        for (VariableNode v : pipe.decl) {
            if (pipe.isAssign) {
                setVar(v.ident().get(0), value);
            } else {
                push(v.ident().get(0), value);
            }
        }
        return value;
    }

    private void notAFunction(List<Node> args, Object fin) {
        if ((args != null && args.size() > 1) || fin != MISSING) {
            throw errorf("can't give argument to non-function " + args.get(0));
        }
    }

    private Object evalCommand(Object dot, CommandNode cmd, Object fin) {
        Node first = cmd.args.get(0);
        if (first instanceof FieldNode f) {
            return evalFieldNode(dot, f, cmd.args, fin);
        }
        if (first instanceof ChainNode c) {
            return evalChainNode(dot, c, cmd.args, fin);
        }
        if (first instanceof IdentifierNode id) {
            // Must be a function.
            return evalFunction(dot, id, cmd, cmd.args, fin);
        }
        if (first instanceof PipeNode p) {
            // Parenthesized pipeline. The arguments are all inside the pipeline; final must be absent.
            notAFunction(cmd.args, fin);
            return evalPipeline(dot, p);
        }
        if (first instanceof VariableNode v) {
            return evalVariableNode(dot, v, cmd.args, fin);
        }
        at(first);
        notAFunction(cmd.args, fin);
        if (first instanceof BoolNode b) {
            return b.value();
        }
        if (first instanceof DotNode) {
            return dot;
        }
        if (first instanceof NilNode) {
            throw errorf("nil is not a command");
        }
        if (first instanceof NumberNode n) {
            return idealConstant(n);
        }
        if (first instanceof StringNode s) {
            return s.text();
        }
        throw errorf("can't evaluate command " + GoFmt.quote(first.toString()));
    }

    /** A number in a context with no type: its syntax picks int or float64, as Go's rules do. */
    private Object idealConstant(NumberNode c) {
        at(c);
        String text = c.text();
        boolean hexInt = text.length() > 2 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X')
                && text.indexOf('p') < 0 && text.indexOf('P') < 0;
        boolean runeInt = !text.isEmpty() && text.charAt(0) == '\'';
        if (c.isFloat() && !hexInt && !runeInt && hasFloatSyntax(text)) {
            return c.float64();
        }
        if (c.isInt()) {
            return c.int64();
        }
        if (c.isUint()) {
            throw errorf(text + " overflows int");
        }
        return null;
    }

    private static boolean hasFloatSyntax(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '.' || ch == 'e' || ch == 'E' || ch == 'p' || ch == 'P') {
                return true;
            }
        }
        return false;
    }

    private Object evalFieldNode(Object dot, FieldNode field, List<Node> args, Object fin) {
        at(field);
        return evalFieldChain(dot, dot, field, field.ident(), args, fin);
    }

    private Object evalChainNode(Object dot, ChainNode chain, List<Node> args, Object fin) {
        at(chain);
        if (chain.field.isEmpty()) {
            throw errorf("internal error: no fields in evalChainNode");
        }
        if (chain.node instanceof NilNode) {
            throw errorf("indirection through explicit nil in " + chain);
        }
        // (pipe).Field1.Field2 has pipe as .Node, fields as .Field. Eval the pipeline, then the fields.
        Object pipe = evalArg(dot, null, chain.node);
        return evalFieldChain(dot, pipe, chain, chain.field, args, fin);
    }

    private Object evalVariableNode(Object dot, VariableNode variable, List<Node> args, Object fin) {
        // $x.Field has $x as the first ident, Field as the second. Eval the var, then the fields.
        at(variable);
        Object value = varValue(variable.ident().get(0));
        if (variable.ident().size() == 1) {
            notAFunction(args, fin);
            return value;
        }
        return evalFieldChain(dot, value, variable, variable.ident().subList(1, variable.ident().size()), args, fin);
    }

    private Object evalFieldChain(Object dot, Object receiver, Node n, List<String> ident, List<Node> args,
            Object fin) {
        int last = ident.size() - 1;
        for (int i = 0; i < last; i++) {
            receiver = evalField(dot, ident.get(i), n, null, MISSING, receiver);
        }
        // Now if it's a method, it gets the arguments.
        return evalField(dot, ident.get(last), n, args, fin, receiver);
    }

    private Object evalFunction(Object dot, IdentifierNode n, Node cmd, List<Node> args, Object fin) {
        at(n);
        String name = n.ident();
        GoFunction f = functions.get(name);
        boolean builtin = false;
        if (f == null) {
            f = Builtins.get(name);
            builtin = true;
        }
        if (f == null) {
            throw errorf(GoFmt.quote(name) + " is not a defined function");
        }
        return evalCall(dot, f, builtin, cmd, name, args, fin);
    }

    private Object evalField(Object dot, String fieldName, Node n, List<Node> args, Object fin, Object receiver) {
        if (receiver == null) {
            if (missingKey == MissingKey.ERROR) { // Treat invalid value as missing map key.
                throw errorf("nil data; no entry for key " + GoFmt.quote(fieldName));
            }
            return null;
        }
        if (receiver == GoValues.NIL_IFACE) {
            throw errorf("nil pointer evaluating interface {}." + fieldName);
        }
        GoFunction method = methodOf(receiver, fieldName);
        if (method != null) {
            return evalCall(dot, method, false, n, fieldName, args, fin);
        }
        boolean hasArgs = (args != null && args.size() > 1) || fin != MISSING;
        // It's not a method; must be a field of a struct or an element of a map.
        if (receiver instanceof Map<?, ?> map) {
            if (hasArgs) {
                throw errorf(fieldName + " is not a method but has arguments");
            }
            Object result = map.get(fieldName);
            if (result != null) {
                return result;
            }
            if (map.containsKey(fieldName)) {
                return GoValues.NIL_IFACE;
            }
            switch (missingKey) {
                case ZERO:
                    return receiver instanceof GoStringMap ? "" : GoValues.NIL_IFACE;
                case ERROR:
                    throw errorf("map has no entry for key " + GoFmt.quote(fieldName));
                default:
                    return null;
            }
        }
        throw errorf("can't evaluate field " + fieldName + " in type " + GoValues.typeName(receiver));
    }

    private static GoFunction methodOf(Object receiver, String name) {
        if (receiver instanceof Namespace ns) {
            return ns.methods().get(name);
        }
        if (receiver instanceof ZonedDateTime t) {
            return TimeMethods.method(t, name);
        }
        return null;
    }

    /**
     * Calls a function or method. args, if non-null, includes (in the manner of the shell) args[0] as
     * the function itself.
     */
    private Object evalCall(Object dot, GoFunction fun, boolean isBuiltin, Node n, String name, List<Node> args,
            Object fin) {
        List<Node> actual = args == null ? List.of() : args.subList(1, args.size());
        int numIn = actual.size() + (fin != MISSING ? 1 : 0);
        int numFixed = actual.size();
        List<GoType> params = fun.params();
        if (fun.variadic()) {
            numFixed = params.size() - 1; // last arg is the variadic one.
            if (numIn < numFixed) {
                throw errorf("wrong number of args for " + name + ": want at least " + (params.size() - 1)
                        + " got " + actual.size());
            }
        } else if (numIn != params.size()) {
            throw errorf("wrong number of args for " + name + ": want " + params.size() + " got " + numIn);
        }

        // Special case for builtin and/or, which short-circuit.
        if (isBuiltin && (name.equals("and") || name.equals("or"))) {
            GoType argType = params.get(0);
            Object v = null;
            for (Node arg : actual) {
                v = evalArg(dot, argType, arg);
                if (GoValues.isTrue(GoValues.unwrap(v)) == name.equals("or")) {
                    return v;
                }
            }
            if (fin != MISSING) {
                v = validateType(fin, argType);
            }
            return v;
        }

        // Build the arg list.
        Object[] argv = new Object[numIn];
        int i = 0;
        for (; i < numFixed && i < actual.size(); i++) {
            argv[i] = evalArg(dot, params.get(i), actual.get(i));
        }
        if (fun.variadic()) {
            GoType argType = params.get(params.size() - 1);
            for (; i < actual.size(); i++) {
                argv[i] = evalArg(dot, argType, actual.get(i));
            }
        }
        // Add final value if necessary.
        if (fin != MISSING) {
            GoType t = params.get(params.size() - 1);
            if (fun.variadic() && numIn - 1 < numFixed) {
                // The added final argument corresponds to a fixed parameter of the function.
                t = params.get(numIn - 1);
            }
            argv[i] = validateType(fin, t);
        }
        if (isBuiltin && name.equals("call")) {
            Object[] withName = new Object[argv.length + 1];
            withName[0] = actual.isEmpty() ? "" : actual.get(0).toString();
            System.arraycopy(argv, 0, withName, 1, argv.length);
            argv = withName;
        }
        Object result;
        try {
            result = fun.body().call(argv);
        } catch (TemplateException e) {
            throw e;
        } catch (Exception e) {
            at(n);
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw errorf("error calling " + name + ": " + msg, e);
        }
        return result == null ? GoValues.NIL_IFACE : result;
    }

    /** Guarantees that the value is valid and assignable to the type. */
    private Object validateType(Object value, GoType typ) {
        if (value == null) {
            if (typ == null || typ.canBeNil()) {
                return null;
            }
            throw errorf("invalid value; expected " + typ);
        }
        if (typ == null) {
            return value;
        }
        if (typ == GoType.ANY || typ == GoType.VALUE) {
            return GoValues.unwrap(value);
        }
        if (value == GoValues.NIL_IFACE) {
            throw errorf("wrong type for value; expected " + typ + "; got interface {}");
        }
        if (!typ.accepts(value)) {
            throw errorf("wrong type for value; expected " + typ + "; got " + GoValues.typeName(value));
        }
        return value;
    }

    private Object evalArg(Object dot, GoType typ, Node n) {
        at(n);
        if (n instanceof DotNode) {
            return validateType(dot, typ);
        }
        if (n instanceof NilNode) {
            if (typ != null && typ.canBeNil()) {
                return null;
            }
            throw errorf("cannot assign nil to " + typ);
        }
        if (n instanceof FieldNode f) {
            return validateType(evalFieldNode(dot, f, List.of(n), MISSING), typ);
        }
        if (n instanceof VariableNode v) {
            return validateType(evalVariableNode(dot, v, null, MISSING), typ);
        }
        if (n instanceof PipeNode p) {
            return validateType(evalPipeline(dot, p), typ);
        }
        if (n instanceof IdentifierNode id) {
            return validateType(evalFunction(dot, id, id, null, MISSING), typ);
        }
        if (n instanceof ChainNode c) {
            return validateType(evalChainNode(dot, c, null, MISSING), typ);
        }
        if (typ == null) {
            throw errorf("can't handle " + n + " for arg of type <nil>");
        }
        switch (typ.kind) {
            case BOOL:
                if (n instanceof BoolNode b) {
                    return b.value();
                }
                throw errorf("expected bool; found " + n);
            case FLOAT64:
                if (n instanceof NumberNode num && num.isFloat()) {
                    return num.float64();
                }
                throw errorf("expected float; found " + n);
            case INT:
                if (n instanceof NumberNode num && num.isInt()) {
                    return num.int64();
                }
                throw errorf("expected integer; found " + n);
            case INT64:
                if (n instanceof NumberNode num && num.isInt()) {
                    return GoNumber.int64(num.int64());
                }
                throw errorf("expected integer; found " + n);
            case STRING:
                if (n instanceof StringNode s) {
                    return s.text();
                }
                throw errorf("expected string; found " + n);
            case ANY:
            case VALUE:
                return evalEmptyInterface(dot, n);
            default:
                throw errorf("can't handle " + n + " for arg of type " + typ);
        }
    }

    private Object evalEmptyInterface(Object dot, Node n) {
        at(n);
        if (n instanceof BoolNode b) {
            return b.value();
        }
        if (n instanceof NumberNode num) {
            return idealConstant(num);
        }
        if (n instanceof StringNode s) {
            return s.text();
        }
        throw errorf("can't handle assignment of " + n + " to empty interface argument");
    }

    private void printValue(Node n, Object v) {
        at(n);
        if (v == null) {
            out.append("<no value>");
            return;
        }
        if (v instanceof GoFunction) {
            throw errorf("can't print " + n + " of type " + GoValues.typeName(v));
        }
        if (v instanceof String s) {
            out.append(s);
            return;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Boolean) {
            out.append(v);
            return;
        }
        GoFmt.printArg(out, v, 'v', new GoFmt.Flags());
    }
}
