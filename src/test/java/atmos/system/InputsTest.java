package atmos.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a recording host remembers: variables read through it, paths probed, read and listed, and their state. */
class InputsTest {
    @TempDir
    Path tmp;

    @Test
    void variablesReadThroughTheHostAreRecordedAndIteratingIsNot() {
        Inputs inputs = Inputs.recording();
        Host host = new Host(Map.of("A", "1", "B", "2", "C", "3"), tmp, tmp, Host.Terminals.NONE, Clock.systemUTC()).recordingInto(inputs);
        host.getenv("A");
        host.env().containsKey("MISSING");
        host.env().getOrDefault("B", "x");
        Host derived = host.withEnv(Map.of("A", "1", "D", "4"));
        derived.getenv("D");
        assertThat(Map.copyOf(host.env())).hasSize(3);
        assertThat(inputs.envNames()).containsExactly("A", "MISSING", "B", "D");
        assertThat(new Host(Map.of("E", "5"), tmp, tmp, Host.Terminals.NONE, Clock.systemUTC()).inputs()).isSameAs(Inputs.NONE);
    }

    @Test
    void aWalkListsWhatFilesWalkListsAndRecordsEveryDirectory() throws IOException {
        Files.createDirectories(tmp.resolve("a/b/c"));
        Files.writeString(tmp.resolve("a/one.yaml"), "");
        Files.writeString(tmp.resolve("a/b/two.yaml"), "");
        Inputs inputs = Inputs.recording();
        List<Path> walked = inputs.walk(tmp.resolve("a"), false);
        try (Stream<Path> s = Files.walk(tmp.resolve("a"))) {
            assertThat(walked).containsExactlyInAnyOrderElementsOf(s.toList());
        }
        assertThat(inputs.paths()).containsKeys(tmp.resolve("a").toString(), tmp.resolve("a/b").toString(), tmp.resolve("a/b/c").toString(),
                tmp.resolve("a/b/two.yaml").toString());
    }

    @Test
    void theRecordedStateChangesWithEveryChange() throws IOException {
        Path f = tmp.resolve("atmos.yaml");
        String absent = FileStat.of(f);
        assertThat(absent).isEqualTo("-");
        Files.writeString(f, "a: 1\n");
        String created = FileStat.of(f);
        assertThat(created).startsWith("f").isNotEqualTo(absent).isEqualTo(FileStat.of(f));
        Files.setLastModifiedTime(f, FileTime.fromMillis(0));
        assertThat(FileStat.of(f)).as("same size, other time").isNotEqualTo(created);
        String before = FileStat.of(f);
        Files.move(Files.writeString(tmp.resolve("new"), "a: 1\n"), f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(FileStat.of(f)).as("replaced by another file").isNotEqualTo(before);
        String dir = FileStat.of(tmp);
        Files.writeString(tmp.resolve("added"), "");
        assertThat(FileStat.of(tmp)).as("a directory with a new entry").isNotEqualTo(dir);
        Path link = tmp.resolve("link");
        Files.createSymbolicLink(link, f);
        assertThat(FileStat.of(link)).startsWith("l").contains(">f");
        String linked = FileStat.of(link);
        Files.delete(link);
        Files.createSymbolicLink(link, tmp.resolve("added"));
        assertThat(FileStat.of(link)).as("a link pointed elsewhere").isNotEqualTo(linked);
        assertThat(FileStat.newestChangeMillis(created)).isPositive();
    }

    @Test
    void nothingIsRecordedWithoutARecording() {
        Inputs.NONE.path(tmp);
        Inputs.NONE.env("A");
        Inputs.NONE.unrepeatable("why");
        assertThat(Inputs.NONE.paths()).isEmpty();
        assertThat(Inputs.NONE.envNames()).isEmpty();
        assertThat(Inputs.NONE.unrepeatableReason()).isNull();
    }
}
