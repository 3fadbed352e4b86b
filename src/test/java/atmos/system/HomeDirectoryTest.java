package atmos.system;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.testing.Cli;
import atmos.testing.TestHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where atmos keeps files comes from HOME and the XDG variables. Without a usable HOME (unset, empty,
 * relative) nothing may be written relative to / or to the working directory: the command says which
 * variable to set, unless absolute XDG directories cover what it needs.
 */
class HomeDirectoryTest {
    @TempDir
    Path tmp;

    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp);
        host.write("atmos.yaml", """
                auth:
                  providers:
                    p: {kind: mock/aws, region: us-east-1}
                  identities:
                    a: {kind: mock/aws, via: {provider: p}}
                """);
    }

    private Cli.Result atmos(String... args) {
        return Cli.with(host.buildFromEnvironment()).systemKeyring(keyring).run(args);
    }

    private List<String> filesUnder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void withoutAUsableHomeALoginSaysWhichVariableToSetAndWritesNothing() throws Exception {
        List<String> before = filesUnder(tmp);
        for (String[] home : new String[][]{{"", "the HOME environment variable is empty"},
                {null, "the HOME environment variable is not set"},
                {"relative/home", "the HOME environment variable is \"relative/home\", a relative path"}}) {
            host.env("HOME", home[0]);
            Cli.Result r = atmos("auth", "login", "-i", "a");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).as(r.toString()).startsWith("error: " + home[1]);
            assertThat(r.err()).contains("hint: set HOME to your home directory").contains("XDG_CONFIG_HOME");
            assertThat(r.err().split("\n")).hasSize(2);
        }
        assertThat(filesUnder(tmp)).isEqualTo(before);
    }

    @Test
    void absoluteXdgDirectoriesAreEnoughWithoutAHome() throws Exception {
        host.env("HOME", null);
        for (String kind : List.of("CONFIG", "DATA", "CACHE", "STATE")) {
            host.env("XDG_" + kind + "_HOME", tmp.resolve("xdg-" + kind.toLowerCase()).toString());
        }
        Cli.Result r = atmos("auth", "login", "-i", "a");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(filesUnder(tmp.resolve("xdg-config"))).anyMatch(f -> f.endsWith("aws/p/credentials"));
        assertThat(filesUnder(host.cwd())).containsExactly("atmos.yaml");
    }

    @Test
    void aRelativeXdgDirectoryIsRefusedNamingTheVariable() throws Exception {
        host.env("XDG_CONFIG_HOME", "relative-config");
        Cli.Result r = atmos("auth", "login", "-i", "a");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).startsWith("error: XDG_CONFIG_HOME is \"relative-config\", a relative path");
        assertThat(host.cwd().resolve("relative-config")).doesNotExist();
    }

    @Test
    void commandsThatNeedNoFilesWorkWithoutAHome() {
        host.env("HOME", null);
        Cli.Result r = atmos("auth", "validate");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(atmos("auth", "list").exitCode()).isZero();
    }
}
