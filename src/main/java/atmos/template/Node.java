package atmos.template;

import java.util.ArrayList;
import java.util.List;

/**
 * The parse tree, node for node as in Go's {@code text/template/parse/node.go}. {@link #toString()}
 * prints a node as Go does, because execution errors quote it ({@code at <.vars.stage>}).
 */
sealed interface Node {
    /** Char offset of the node in the text of its tree. */
    int pos();

    /** The tree (template text) the node belongs to, for error locations. */
    Tree tree();

    /**
     * Go's String() of a node. Text prints as is, or quoted when {@code quoteText} (as Go's parse tests
     * print it).
     */
    static String str(Node n, boolean quoteText) {
        StringBuilder sb = new StringBuilder();
        print(sb, n, quoteText);
        return sb.toString();
    }

    private static void print(StringBuilder sb, Node n, boolean q) {
        if (n instanceof ListNode l) {
            for (Node c : l.nodes) {
                print(sb, c, q);
            }
        } else if (n instanceof TextNode t) {
            sb.append(q ? GoFmt.quote(t.text()) : t.text());
        } else if (n instanceof CommentNode c) {
            sb.append("{{").append(c.text()).append("}}");
        } else if (n instanceof PipeNode p) {
            if (!p.decl.isEmpty()) {
                for (int i = 0; i < p.decl.size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    print(sb, p.decl.get(i), q);
                }
                sb.append(p.isAssign ? " = " : " := ");
            }
            for (int i = 0; i < p.cmds.size(); i++) {
                if (i > 0) {
                    sb.append(" | ");
                }
                print(sb, p.cmds.get(i), q);
            }
        } else if (n instanceof ActionNode a) {
            sb.append("{{");
            print(sb, a.pipe(), q);
            sb.append("}}");
        } else if (n instanceof CommandNode c) {
            for (int i = 0; i < c.args.size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                Node arg = c.args.get(i);
                if (arg instanceof PipeNode) {
                    sb.append('(');
                    print(sb, arg, q);
                    sb.append(')');
                } else {
                    print(sb, arg, q);
                }
            }
        } else if (n instanceof IdentifierNode id) {
            sb.append(id.ident());
        } else if (n instanceof VariableNode v) {
            sb.append(String.join(".", v.ident()));
        } else if (n instanceof DotNode) {
            sb.append('.');
        } else if (n instanceof NilNode) {
            sb.append("nil");
        } else if (n instanceof FieldNode f) {
            for (String id : f.ident()) {
                sb.append('.').append(id);
            }
        } else if (n instanceof ChainNode c) {
            if (c.node instanceof PipeNode) {
                sb.append('(');
                print(sb, c.node, q);
                sb.append(')');
            } else {
                print(sb, c.node, q);
            }
            for (String f : c.field) {
                sb.append('.').append(f);
            }
        } else if (n instanceof BoolNode b) {
            sb.append(b.value() ? "true" : "false");
        } else if (n instanceof NumberNode num) {
            sb.append(num.text());
        } else if (n instanceof StringNode str) {
            sb.append(str.quoted());
        } else if (n instanceof EndNode) {
            sb.append("{{end}}");
        } else if (n instanceof ElseNode) {
            sb.append("{{else}}");
        } else if (n instanceof BreakNode) {
            sb.append("{{break}}");
        } else if (n instanceof ContinueNode) {
            sb.append("{{continue}}");
        } else if (n instanceof BranchNode b) {
            String name = switch (b.kind()) {
                case IF -> "if";
                case RANGE -> "range";
                case WITH -> "with";
            };
            sb.append("{{").append(name).append(' ');
            print(sb, b.pipe(), q);
            sb.append("}}");
            print(sb, b.list(), q);
            if (b.elseList() != null) {
                sb.append("{{else}}");
                print(sb, b.elseList(), q);
            }
            sb.append("{{end}}");
        } else if (n instanceof TemplateNode t) {
            sb.append("{{template ").append(GoFmt.quote(t.name()));
            if (t.pipe() != null) {
                sb.append(' ');
                print(sb, t.pipe(), q);
            }
            sb.append("}}");
        }
    }

    final class ListNode implements Node {
        final int pos;
        final Tree tree;
        final List<Node> nodes = new ArrayList<>();

        ListNode(Tree tree, int pos) {
            this.tree = tree;
            this.pos = pos;
        }

        @Override public int pos() { return pos; }
        @Override public Tree tree() { return tree; }

        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    record TextNode(Tree tree, int pos, String text) implements Node {
        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    record CommentNode(Tree tree, int pos, String text) implements Node {
        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    final class PipeNode implements Node {
        final Tree tree;
        final int pos;
        final int line;
        boolean isAssign;
        final List<VariableNode> decl = new ArrayList<>();
        final List<CommandNode> cmds = new ArrayList<>();

        PipeNode(Tree tree, int pos, int line) {
            this.tree = tree;
            this.pos = pos;
            this.line = line;
        }

        @Override public int pos() { return pos; }
        @Override public Tree tree() { return tree; }

        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    record ActionNode(Tree tree, int pos, int line, PipeNode pipe) implements Node {
        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    final class CommandNode implements Node {
        final Tree tree;
        final int pos;
        final List<Node> args = new ArrayList<>();

        CommandNode(Tree tree, int pos) {
            this.tree = tree;
            this.pos = pos;
        }

        @Override public int pos() { return pos; }
        @Override public Tree tree() { return tree; }

        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    record IdentifierNode(Tree tree, int pos, String ident) implements Node {
        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    /** $x or $x.Field1.Field2: ident[0] is the variable name including the $. */
    record VariableNode(Tree tree, int pos, List<String> ident) implements Node {
        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    record DotNode(Tree tree, int pos) implements Node {
        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    record NilNode(Tree tree, int pos) implements Node {
        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    /** .Field1.Field2: ident holds the names without dots. */
    record FieldNode(Tree tree, int pos, List<String> ident) implements Node {
        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    /** (pipe).Field1.Field2 or fn.Field: a term followed by fields. */
    final class ChainNode implements Node {
        final Tree tree;
        final int pos;
        final Node node;
        final List<String> field = new ArrayList<>();

        ChainNode(Tree tree, int pos, Node node) {
            this.tree = tree;
            this.pos = pos;
            this.node = node;
        }

        void add(String f) {
            if (f.isEmpty() || f.charAt(0) != '.') {
                throw new IllegalStateException("no dot in field");
            }
            f = f.substring(1);
            if (f.isEmpty()) {
                throw new IllegalStateException("empty field");
            }
            field.add(f);
        }

        @Override public int pos() { return pos; }
        @Override public Tree tree() { return tree; }

        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    record BoolNode(Tree tree, int pos, boolean value) implements Node {
        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    /**
     * A numeric constant with Go's several readings of it: as int, uint, float, at once where they
     * agree ({@code 1.0} is both int and float).
     */
    record NumberNode(Tree tree, int pos, String text, boolean isInt, boolean isUint, boolean isFloat,
            boolean isComplex, long int64, long uint64, double float64) implements Node {
        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    /** A string constant: quoted is the original text with quotes, text the unquoted value. */
    record StringNode(Tree tree, int pos, String quoted, String text) implements Node {
        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    record EndNode(Tree tree, int pos) implements Node {
        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    record ElseNode(Tree tree, int pos, int line) implements Node {
        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    record BreakNode(Tree tree, int pos, int line) implements Node {
        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    record ContinueNode(Tree tree, int pos, int line) implements Node {
        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    /** if, range and with share one shape. */
    enum BranchKind { IF, RANGE, WITH }

    record BranchNode(Tree tree, BranchKind kind, int pos, int line, PipeNode pipe, ListNode list,
            ListNode elseList) implements Node {
        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }

    record TemplateNode(Tree tree, int pos, int line, String name, PipeNode pipe) implements Node {
        @Override
        public String toString() {
            return Node.str(this, false);
        }
    }
}
