package atmos.stack;

import atmos.testing.Cli;
import atmos.testing.TestHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The Go Atmos fixtures and golden snapshots copied into {@code src/test/resources/upstream} (see its
 * SOURCE.md), laid out in a temporary directory so relative paths between them ({@code ../../components})
 * hold, and run with the environment the Go test harness sets ({@code ATMOS_COMPONENTS_TERRAFORM_COMMAND=tofu}).
 */
public final class Upstream {
    public static final Path RESOURCES = Path.of(System.getProperty("atmos.project.dir", ".")).resolve("src/test/resources/upstream").toAbsolutePath();

    private final Path root;

    private Upstream(Path root) {
        this.root = root;
    }

    /** Copies the fixtures under {@code tmp/upstream}. */
    public static Upstream copy(Path tmp) {
        Path root = tmp.resolve("upstream");
        try (Stream<Path> walk = Files.walk(RESOURCES)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = root.resolve(RESOURCES.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Upstream(root);
    }

    public Path dir(String fixture) {
        return root.resolve(fixture);
    }

    public Path root() {
        return root;
    }

    /** A host whose working directory is the fixture, with the Go harness's environment. */
    public TestHost host(Path tmp, String fixture) {
        return new TestHost(tmp).cwd(dir(fixture)).env("ATMOS_COMPONENTS_TERRAFORM_COMMAND", "tofu");
    }

    public Cli.Result run(Path tmp, String fixture, String... args) {
        return Cli.run(host(tmp, fixture).build(), args);
    }

    public static String snapshot(String name) {
        try {
            return Files.readString(RESOURCES.resolve("snapshots").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
