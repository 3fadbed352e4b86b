package atmos.config;

import java.nio.file.Path;

/**
 * One thing wrong with the configuration: where (file and line), which field (dotted path), what, and
 * how to fix it. Rendered as {@code atmos.yaml:12: auth.identities.x.via: message} plus a hint line.
 */
public record Problem(Severity severity, Source source, String path, String message, String hint) {

    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * The one-line form; {@code base} makes file names relative (null keeps them as they are). Control
     * characters (from names in the file) are escaped, so the line stays one line and plain text.
     */
    public String line(Path base) {
        String where = source == null ? "" : source.display(base);
        StringBuilder b = new StringBuilder();
        if (!where.isEmpty()) {
            b.append(where).append(": ");
        }
        if (path != null && !path.isEmpty()) {
            b.append(path).append(": ");
        }
        return Names.printable(b.append(message).toString());
    }
}
