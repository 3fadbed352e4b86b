package atmos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One style for main and test code: members of a top-level type are indented by four spaces, never two. */
class SourceStyleTest {
    private static final Pattern TWO_SPACE_MEMBER = Pattern.compile(
            "^  (public |private |protected |static |final |abstract |@|void |record |class |interface |enum |[A-Z][\\w<>\\[\\], ?.]* \\w+ ?[;=(])");

    @Test
    void no_source_file_indents_its_members_by_two_spaces() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                boolean textBlock = false;
                int n = 0;
                for (String line : Files.readAllLines(f)) {
                    n++;
                    if (textBlock) {
                        textBlock = !line.contains("\"\"\"");
                        continue;
                    }
                    if (TWO_SPACE_MEMBER.matcher(line).find()) {
                        found.add(f + ":" + n + ": " + line.strip());
                    }
                    textBlock = (line.split("\"\"\"", -1).length - 1) % 2 == 1;
                }
            }
        }
        assertThat(found).as("reindent with four spaces").isEmpty();
    }
}
