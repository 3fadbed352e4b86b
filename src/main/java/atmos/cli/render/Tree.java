package atmos.cli.render;

import java.util.ArrayList;
import java.util.List;

/** A labelled tree drawn with box characters, the way {@code tree(1)} draws directories. */
public record Tree(String label, List<Tree> children) {

    public Tree {
        children = List.copyOf(children);
    }

    public static Tree leaf(String label) {
        return new Tree(label, List.of());
    }

    /** Top-level children are drawn without a root line. */
    public static String renderForest(List<Tree> roots) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < roots.size(); i++) {
            roots.get(i).draw(b, "", i == roots.size() - 1);
        }
        return b.toString();
    }

    private void draw(StringBuilder b, String prefix, boolean last) {
        b.append(prefix).append(last ? "└── " : "├── ").append(label).append('\n');
        String childPrefix = prefix + (last ? "    " : "│   ");
        for (int i = 0; i < children.size(); i++) {
            children.get(i).draw(b, childPrefix, i == children.size() - 1);
        }
    }

    /** A mutable builder, for trees assembled in several passes. */
    public static final class Builder {
        private final String label;
        private final List<Builder> children = new ArrayList<>();

        public Builder(String label) {
            this.label = label;
        }

        public Builder child(String childLabel) {
            Builder c = new Builder(childLabel);
            children.add(c);
            return c;
        }

        public Builder add(Builder child) {
            children.add(child);
            return this;
        }

        public boolean isEmpty() {
            return children.isEmpty();
        }

        public Tree build() {
            return new Tree(label, children.stream().map(Builder::build).toList());
        }
    }
}
