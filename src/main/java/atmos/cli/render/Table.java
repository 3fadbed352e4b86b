package atmos.cli.render;

import java.util.ArrayList;
import java.util.List;

/** A plain aligned text table: a header row, a rule, then rows; cells may carry ANSI colour. */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    public Table row(List<String> cells) {
        rows.add(List.copyOf(cells));
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public String render(boolean rule) {
        int n = headers.size();
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            width[i] = visible(headers.get(i));
        }
        for (List<String> r : rows) {
            for (int i = 0; i < n; i++) {
                width[i] = Math.max(width[i], visible(cell(r, i)));
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, headers, width);
        if (rule) {
            int total = 0;
            for (int w : width) {
                total += w + 2;
            }
            b.append("─".repeat(Math.max(0, total - 2))).append('\n');
        }
        for (List<String> r : rows) {
            line(b, r, width);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            String c = cell(cells, i);
            l.append(c);
            if (i < width.length - 1) {
                l.append(" ".repeat(width[i] - visible(c) + 2));
            }
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }

    private static String cell(List<String> r, int i) {
        return i < r.size() && r.get(i) != null ? r.get(i) : "";
    }

    /** Width on screen: ANSI escapes take none. */
    static int visible(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "").codePointCount(0, s.replaceAll("\u001b\\[[0-9;]*m", "").length());
    }
}
