package atmos.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the shell completion scripts into a directory at build time, for the release archive
 * ({@code completions/atmos.bash}, {@code _atmos} for zsh, {@code atmos.fish}); the same text
 * {@code atmos completion <shell>} prints.
 */
public final class CompletionScripts {
    private CompletionScripts() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Files.writeString(dir.resolve("atmos.bash"), CompletionCommand.BASH, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("_atmos"), CompletionCommand.ZSH, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("atmos.fish"), CompletionCommand.FISH, StandardCharsets.UTF_8);
    }
}
