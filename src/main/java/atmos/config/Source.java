package atmos.config;

import java.nio.file.Path;

/**
 * Where a configuration value was written: the file and the 1-based line and column. Values that were
 * not read from a file (built-in defaults, environment overrides) have a {@code description} instead.
 */
public record Source(Path file, String description, int line, int column) {

    public static Source of(Path file, int line, int column) {
        return new Source(file, null, line, column);
    }

    public static Source synthetic(String description) {
        return new Source(null, description, 0, 0);
    }

    public boolean isFile() {
        return file != null;
    }

    /** {@code atmos.yaml:12} relative to {@code base} when the file is under it, absolute otherwise. */
    public String display(Path base) {
        if (file == null) {
            return description;
        }
        String name = file.toString();
        if (base != null) {
            Path abs = file.toAbsolutePath().normalize();
            Path b = base.toAbsolutePath().normalize();
            if (abs.startsWith(b)) {
                name = b.relativize(abs).toString();
            }
        }
        return line > 0 ? name + ":" + line : name;
    }

    @Override
    public String toString() {
        return display(null);
    }
}
