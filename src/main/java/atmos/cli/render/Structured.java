package atmos.cli.render;

import atmos.error.AtmosException;
import atmos.text.GoJson;
import atmos.text.GoYaml;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Structured output of describe commands: YAML (default) or JSON as Atmos writes them, to stdout or a file. */
public final class Structured {
    private Structured() {
    }

    public static String render(Object data, String format) {
        String f = format == null || format.isEmpty() ? "yaml" : format.toLowerCase(java.util.Locale.ROOT);
        return switch (f) {
            case "yaml" -> GoYaml.write(data);
            case "json" -> GoJson.write(data);
            default -> throw AtmosException.usage("invalid 'format': " + format, "use --format yaml or --format json");
        };
    }

    /** Writes to {@code file} when given (created or replaced), else to {@code out}. */
    public static void print(Object data, String format, String file, PrintWriter out, Path cwd) {
        String text = render(data, format);
        if (file != null && !file.isEmpty()) {
            Path p = cwd.resolve(file);
            try {
                if (p.getParent() != null) {
                    Files.createDirectories(p.getParent());
                }
                Files.writeString(p, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw AtmosException.config("cannot write " + file + ": " + e.getMessage(), "check the path given with --file");
            }
            return;
        }
        out.print(text);
        out.flush();
    }
}
