package atmos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** The bundled example repository ({@code examples/acme}), and private copies of it for tests that write files. */
public final class Acme {
    public static final Path DIR = Path.of(System.getProperty("atmos.project.dir", ".")).resolve("examples/acme").toAbsolutePath();

    private Acme() {
    }

    /** Copies the example to {@code target} (commands that write varfiles must not touch the source tree). */
    public static Path copyTo(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path p : files.toList()) {
                Path to = target.resolve(DIR.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }
}
