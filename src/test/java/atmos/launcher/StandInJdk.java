package atmos.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A JDK whose {@code java} is a bash script: what the launcher tests run in place of a real JVM. */
final class StandInJdk {
    private StandInJdk() {
    }

    /** Writes a JDK of {@code version} at {@code home} whose {@code bin/java} runs {@code body}; returns {@code home}. */
    static Path create(Path home, String version, String body) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }
}
