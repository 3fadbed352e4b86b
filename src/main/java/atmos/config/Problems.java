package atmos.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem found, so a check reports them all at once instead of stopping at the first. */
public final class Problems {
    private final List<Problem> list = new ArrayList<>();
    private final java.util.Set<String> wrongTypes = new java.util.HashSet<>();

    public void error(Source source, String path, String message, String hint) {
        if (path != null && isUnderWrongType(path)) {
            return; // "principal is required" after "principal: expected a map (got a number)" would only confuse
        }
        list.add(new Problem(Problem.Severity.ERROR, source, path, message, hint));
    }

    /**
     * A value of the wrong type at {@code path}; later errors about that field or anything under it are
     * dropped, since they only follow from this one. Type checks therefore run before the other checks.
     */
    public void wrongType(Source source, String path, String message, String hint) {
        list.add(new Problem(Problem.Severity.ERROR, source, path, message, hint));
        wrongTypes.add(path);
    }

    /** True when a value at {@code path} or under it had the wrong type (checks of the whole can then stay quiet). */
    public boolean hasWrongTypeWithin(String path) {
        for (String t : wrongTypes) {
            if (t.equals(path) || t.startsWith(path + ".") || t.startsWith(path + "[")) {
                return true;
            }
        }
        return false;
    }

    private boolean isUnderWrongType(String path) {
        for (String t : wrongTypes) {
            if (path.equals(t) || path.startsWith(t + ".") || path.startsWith(t + "[")) {
                return true;
            }
        }
        return false;
    }

    public void warning(Source source, String path, String message, String hint) {
        list.add(new Problem(Problem.Severity.WARNING, source, path, message, hint));
    }

    /** An error on field {@code key} of {@code node}, located at that key. */
    public void error(ConfigNode node, String key, String message, String hint) {
        error(node.source(key), node.path(key), message, hint);
    }

    public void warning(ConfigNode node, String key, String message, String hint) {
        warning(node.source(key), node.path(key), message, hint);
    }

    /** All problems, errors first, then by file and line, as a user reads them top to bottom. */
    public List<Problem> all() {
        List<Problem> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparing((Problem p) -> p.severity())
                .thenComparing(p -> p.source() == null || p.source().file() == null ? "" : p.source().file().toString())
                .thenComparingInt(p -> p.source() == null ? 0 : p.source().line())
                .thenComparingInt(p -> p.source() == null ? 0 : p.source().column()));
        return sorted;
    }

    public List<Problem> errors() {
        return all().stream().filter(Problem::isError).toList();
    }

    public boolean hasErrors() {
        return list.stream().anyMatch(Problem::isError);
    }
}
