package atmos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The arrows between packages point down: credential values ({@code atmos.credentials}) sit below both
 * the clouds and the auth engine, and nothing the engine uses (clouds, keyrings, processes) reaches back
 * up into it or into the commands.
 */
class LayeringTest {
    private static final Pattern REFERENCE = Pattern.compile("\\batmos\\.([a-z]+)\\.[A-Za-z]");

    /** The atmos packages the code of {@code pkg} refers to, outside comments. */
    static List<String> references(String pkg) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/atmos", pkg))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) {
                    found.add(m.group(1) + " (" + f.getFileName() + ")");
                }
            }
        }
        return found;
    }

    @Test
    void credential_values_depend_on_nothing_but_text_and_errors() throws IOException {
        assertThat(references("credentials")).allMatch(r -> r.startsWith("credentials ") || r.startsWith("text ") || r.startsWith("error "));
    }

    @Test
    void the_lowest_packages_know_no_configuration() throws IOException {
        for (String pkg : List.of("credentials", "exec", "system", "log", "text", "error")) {
            assertThat(references(pkg)).as(pkg).noneMatch(r -> r.startsWith("config ") || r.startsWith("stack ") || r.startsWith("keyring "));
        }
    }

    @Test
    void clouds_keyrings_and_processes_never_reach_back_into_the_engine_or_the_commands() throws IOException {
        for (String pkg : List.of("cloud", "keyring", "exec", "credentials", "system", "text", "error")) {
            assertThat(references(pkg)).as(pkg).noneMatch(r -> r.startsWith("auth ") || r.startsWith("cli "));
        }
    }
}
