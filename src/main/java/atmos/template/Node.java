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
            StringBuilder sb = new StringBuilder();
            for (Node n : nodes) {
                sb.append(n);
            }
            return sb.toString();
        }
    }

    record TextNode(Tree tree, int pos, String text) implements Node {
        @Override
        public String toString() {
            return GoFmt.quote(text);
        }
    }

    record CommentNode(Tree tree, int pos, String text) implements Node {
        @Override
        public String toString() {
            return "{{" + text + "}}";
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
            StringBuilder sb = new StringBuilder();
            if (!decl.isEmpty()) {
                for (int i = 0; i < decl.size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    sb.append(decl.get(i));
                }
                sb.append(isAssign ? " = " : " := ");
            }
            for (int i = 0; i < cmds.size(); i++) {
                if (i > 0) {
                    sb.append(" | ");
                }
                sb.append(cmds.get(i));
            }
            return sb.toString();
        }
    }

    record ActionNode(Tree tree, int pos, int line, PipeNode pipe) implements Node {
        @Override
        public String toString() {
            return "{{" + pipe + "}}";
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
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < args.size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                Node arg = args.get(i);
                if (arg instanceof PipeNode) {
                    sb.append('(').append(arg).append(')');
                } else {
                    sb.append(arg);
                }
            }
            return sb.toString();
        }
    }

    record IdentifierNode(Tree tree, int pos, String ident) implements Node {
        @Override
        public String toString() {
            return ident;
        }
    }

    /** $x or $x.Field1.Field2: ident[0] is the variable name including the $. */
    record VariableNode(Tree tree, int pos, List<String> ident) implements Node {
        @Override
        public String toString() {
            return String.join(".", ident);
        }
    }

    record DotNode(Tree tree, int pos) implements Node {
        @Override
        public String toString() {
            return ".";
        }
    }

    record NilNode(Tree tree, int pos) implements Node {
        @Override
        public String toString() {
            return "nil";
        }
    }

    /** .Field1.Field2: ident holds the names without dots. */
    record FieldNode(Tree tree, int pos, List<String> ident) implements Node {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (String id : ident) {
                sb.append('.').append(id);
            }
            return sb.toString();
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
            StringBuilder sb = new StringBuilder();
            if (node instanceof PipeNode) {
                sb.append('(').append(node).append(')');
            } else {
                sb.append(node);
            }
            for (String f : field) {
                sb.append('.').append(f);
            }
            return sb.toString();
        }
    }

    record BoolNode(Tree tree, int pos, boolean value) implements Node {
        @Override
        public String toString() {
            return value ? "true" : "false";
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
            return text;
        }
    }

    /** A string constant: quoted is the original text with quotes, text the unquoted value. */
    record StringNode(Tree tree, int pos, String quoted, String text) implements Node {
        @Override
        public String toString() {
            return quoted;
        }
    }

    record EndNode(Tree tree, int pos) implements Node {
        @Override
        public String toString() {
            return "{{end}}";
        }
    }

    record ElseNode(Tree tree, int pos, int line) implements Node {
        @Override
        public String toString() {
            return "{{else}}";
        }
    }

    record BreakNode(Tree tree, int pos, int line) implements Node {
        @Override
        public String toString() {
            return "{{break}}";
        }
    }

    record ContinueNode(Tree tree, int pos, int line) implements Node {
        @Override
        public String toString() {
            return "{{continue}}";
        }
    }

    /** if, range and with share one shape. */
    enum BranchKind { IF, RANGE, WITH }

    record BranchNode(Tree tree, BranchKind kind, int pos, int line, PipeNode pipe, ListNode list,
            ListNode elseList) implements Node {
        @Override
        public String toString() {
            String name = switch (kind) {
                case IF -> "if";
                case RANGE -> "range";
                case WITH -> "with";
            };
            if (elseList != null) {
                return "{{" + name + " " + pipe + "}}" + list + "{{else}}" + elseList + "{{end}}";
            }
            return "{{" + name + " " + pipe + "}}" + list + "{{end}}";
        }
    }

    record TemplateNode(Tree tree, int pos, int line, String name, PipeNode pipe) implements Node {
        @Override
        public String toString() {
            if (pipe == null) {
                return "{{template " + GoFmt.quote(name) + "}}";
            }
            return "{{template " + GoFmt.quote(name) + " " + pipe + "}}";
        }
    }
}
