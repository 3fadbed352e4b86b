package atmos.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A snapshot is only as good as what was recorded: a file probed, read or listed behind the recorder's
 * back (a plain {@code Files.exists} in the configuration or stack loader) would leave answers stale when
 * that file changes. This keeps the loaders going through {@code host.inputs()}; the few plain calls left
 * are on error paths (which record nothing: a failed run is never snapshotted) or write files.
 */
class RecordedInputsCoverageTest {
    static final Path SRC = Path.of(System.getProperty("atmos.project.dir", ".")).resolve("src/main/java/atmos");

    /** File → plain calls allowed, each on an error path or a writing command. */
    static final Map<String, Integer> ALLOWED = Map.of(
            "config/ConfigFunctions.java", 3, // !include of something that is not a regular file: an error
            "config/ConfigLimits.java", 1,    // the read itself, after its caller recorded the path
            "terraform/Terraform.java", 2,    // terraform clean: deletes, never snapshotted
            "stack/TerraformState.java", 1,   // the read itself, after the state file's path was recorded
            "stack/GitInfo.java", 6);         // only from !git.*, which marks the run unrepeatable

    @Test
    void theLoadersProbeReadAndListThroughTheRecorder() throws IOException {
        List<String> unrecorded = new ArrayList<>();
        for (String dir : List.of("config", "stack", "terraform")) {
            try (Stream<Path> files = Files.walk(SRC.resolve(dir))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String rel = SRC.relativize(f).toString();
                    long plain = Files.readAllLines(f).stream()
                            .filter(l -> l.matches(".*\\bFiles\\.(exists|notExists|isRegularFile|isDirectory|walk|list|newDirectoryStream|"
                                    + "readString|readAllBytes|readAllLines|newInputStream|newBufferedReader|lines)\\(.*"))
                            .count();
                    if (plain > ALLOWED.getOrDefault(rel, 0)) {
                        unrecorded.add(rel + ": " + plain + " plain file-system calls (allowed " + ALLOWED.getOrDefault(rel, 0) + ")");
                    }
                }
            }
        }
        assertThat(unrecorded).as("use host.inputs() (atmos.system.Inputs) so snapshots see the file").isEmpty();
    }
}
