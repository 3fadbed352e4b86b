package atmos.cloud.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS shared-file INI dialect, enough to update one section without disturbing the others:
 * sections keep their order and their comment lines; keys keep their order. Written as go-ini writes
 * it for Atmos ({@code key = value} aligned, a blank line between sections).
 *
 * <p>One file holds the profiles of every identity of a provider, so nothing written may change how
 * the rest of it reads: {@link #sectionProblem} and {@link #valueProblem} say what cannot be written.
 */
final class IniFile {
    /** One {@code [name]} section, with the comment lines written just above it. */
    static final class Section {
        final String name;
        final List<String> comments = new ArrayList<>();
        final Map<String, String> values = new LinkedHashMap<>();

        Section(String name) {
            this.name = name;
        }
    }

    private final List<Section> sections = new ArrayList<>();

    /**
     * Why {@code name} cannot be written as {@code [name]}, or null: a line break would start another
     * line, {@code [}/{@code ]} would end the header early, {@code #}/{@code ;} start a comment for the
     * AWS SDK for Go (which then cannot parse the file at all), and outer whitespace is trimmed on reading.
     */
    static String sectionProblem(String name) {
        if (name.isEmpty()) {
            return "it is empty";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isControl(c)) {
                return "it contains a line break or control character";
            }
            if (c == '[' || c == ']' || c == '#' || c == ';') {
                return "it contains '" + c + "'";
            }
        }
        if (Character.isWhitespace(name.charAt(0)) || Character.isWhitespace(name.charAt(name.length() - 1))) {
            return "it starts or ends with whitespace";
        }
        return null;
    }

    /** Why {@code value} cannot be written after {@code key = }, or null: it must stay on its line. */
    static String valueProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (isControl(value.charAt(i))) {
                return "it contains a line break or control character";
            }
        }
        return null;
    }

    private static boolean isControl(char c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    static IniFile parse(String text) {
        return parse(text, new ArrayList<>());
    }

    /**
     * Parses what can be parsed and adds to {@code damage} a note for each line that is not blank, a
     * comment, a {@code [section]} header or a {@code key = value} inside a section (lines the AWS
     * CLI would refuse the whole file for); those lines are dropped.
     */
    static IniFile parse(String text, List<String> damage) {
        IniFile ini = new IniFile();
        int lineNo = 0;
        List<String> pendingComments = new ArrayList<>();
        Section current = null;
        int from = 0;
        while (from < text.length()) {
            // Lines end at \n (a \r before it goes with the stripping); no regex: this runs on the cached path.
            int nl = text.indexOf('\n', from);
            String raw = nl < 0 ? text.substring(from) : text.substring(from, nl);
            from = nl < 0 ? text.length() : nl + 1;
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith(";") || line.startsWith("#")) {
                pendingComments.add(line);
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = new Section(line.substring(1, line.length() - 1).strip());
                current.comments.addAll(pendingComments);
                pendingComments.clear();
                ini.sections.add(current);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq > 0 && current != null) {
                current.values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            } else if (damage.size() < 3) {
                damage.add("line " + lineNo + (eq > 0 ? " is outside any [section]" : " is not a [section], a key = value or a comment"));
            } else if (damage.size() == 3) {
                damage.add("more lines like these");
            }
        }
        return ini;
    }

    Optional<Section> section(String name) {
        for (Section s : sections) {
            if (s.name.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The section, added at the end when missing; a new name must pass {@link #sectionProblem}. */
    Section sectionOrNew(String name) {
        return section(name).orElseGet(() -> {
            String why = sectionProblem(name);
            if (why != null) {
                throw new IllegalArgumentException("cannot add section [" + name.replace("\n", "\\n") + "]: " + why);
            }
            Section s = new Section(name);
            sections.add(s);
            return s;
        });
    }

    boolean remove(String name) {
        return sections.removeIf(s -> s.name.equals(name));
    }

    boolean isEmpty() {
        return sections.isEmpty();
    }

    /**
     * The file's text. A line break in a section name or value (which parsing cannot produce, so it
     * was added since) is refused: it would start a line of its own. The full rules for new sections
     * are checked in {@link #sectionOrNew}; sections read from disk are written back as they were.
     */
    String render() {
        for (Section s : sections) {
            if (s.name.indexOf('\n') >= 0 || s.values.values().stream().anyMatch(v -> v.indexOf('\n') >= 0)) {
                throw new IllegalArgumentException("a line break in section [" + s.name.replace("\n", "\\n") + "]");
            }
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            if (i > 0) {
                b.append('\n');
            }
            s.comments.forEach(c -> b.append(c).append('\n'));
            b.append('[').append(s.name).append("]\n");
            int width = s.values.keySet().stream().mapToInt(String::length).max().orElse(0);
            s.values.forEach((k, v) -> b.append(k).append(" ".repeat(width - k.length())).append(" = ").append(v).append('\n'));
        }
        return b.toString();
    }
}
