package atmos.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An installation laid out as install.sh lays it out, with this repository's launcher: {@code bin/atmos} beside the jar. */
final class LauncherInstall {
    private LauncherInstall() {
    }

    /** Copies the launcher to {@code install}/bin/atmos, executable; returns {@code install} (its atmos.jar is the caller's). */
    static Path create(Path install) throws IOException {
        Files.createDirectories(install.resolve("bin"));
        Files.copy(Path.of("bin/atmos"), install.resolve("bin/atmos"));
        install.resolve("bin/atmos").toFile().setExecutable(true);
        return install;
    }
}
