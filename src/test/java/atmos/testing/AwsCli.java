package atmos.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Debian's AWS CLI v2 ({@code /usr/bin/aws}), the real consumer of the credentials atmos writes. */
public final class AwsCli {
    public static final Path PATH = Path.of("/usr/bin/aws");

    private AwsCli() {}

    /** Skips the calling test when the CLI is missing, except on CI (CI=true), where it fails. */
    public static void require() {
        if (Files.isExecutable(PATH)) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail("/usr/bin/aws is missing on CI: install Debian's awscli package");
        }
        Assumptions.abort("/usr/bin/aws (Debian package awscli) is not installed");
    }
}
