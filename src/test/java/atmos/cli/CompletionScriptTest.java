package atmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.AtmosProcess;
import atmos.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bash completion script in a real bash, calling back into atmos for identity names. */
class CompletionScriptTest {
    @TempDir
    Path tmp;

    @Test
    void bashCompletesSubcommandsAndIdentityNamesFromTheConfigInEffect() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.createDirectories(tmp.resolve("home"));
        String java = AtmosProcess.command().stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "));
        Path atmos = bin.resolve("atmos");
        Files.writeString(atmos, "#!/bin/sh\nexec " + java + " \"$@\"\n");
        Files.setPosixFilePermissions(atmos, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(work.resolve("atmos.yaml"), "auth:\n  identities:\n    plat-dev/terraform: {kind: aws/user}\n"
                + "    plat-prod/terraform: {kind: aws/user}\n    core-auto/terraform: {kind: aws/user}\n");
        String script = "source <(atmos completion bash); "
                + "COMP_WORDS=(atmos auth exec -i plat-); COMP_CWORD=4; _atmos_complete; echo \"${COMPREPLY[*]}\"; "
                + "COMP_WORDS=(atmos auth lo); COMP_CWORD=2; _atmos_complete; echo \"${COMPREPLY[*]}\"";
        Map<String, String> env = Map.of("PATH", bin + ":/usr/bin:/bin", "HOME", tmp.resolve("home").toString());
        Cli.Result r = AtmosProcess.run(env, work, "", List.of("bash", "-c", script));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().lines()).containsExactly("plat-dev/terraform plat-prod/terraform", "login logout");
    }
}
