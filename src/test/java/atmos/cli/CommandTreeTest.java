package atmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.Cli;
import atmos.testing.TestHost;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTreeTest {
    @TempDir
    Path tmp;

    @Test
    void findsTheCommandWordsPastGlobalOptionsAndTheirValues() {
        assertThat(CommandTree.route(new String[]{"--profile", "dev", "auth", "-i", "plat-dev/terraform", "exec", "--", "aws"}))
                .containsExactly("auth", "exec");
        assertThat(CommandTree.route(new String[]{"auth", "--identity", "env", "-f", "json"})).containsExactly("auth", "env");
        assertThat(CommandTree.route(new String[]{"auth", "user", "configure"})).containsExactly("auth", "user", "configure");
        assertThat(CommandTree.route(new String[]{"auth", "frobnicate"})).containsExactly("auth");
        assertThat(CommandTree.route(new String[]{"completion", "__complete", "--", "auth"})).isEmpty();
        assertThat(CommandTree.route(new String[]{"--help"})).isEmpty();
    }

    @Test
    void helpStillListsEveryCommandOfTheLevelAsked() {
        TestHost host = new TestHost(tmp);
        assertThat(Cli.run(host.build(), "--help").out()).contains("auth").contains("version").contains("completion");
        assertThat(Cli.run(host.build(), "auth", "--help").out())
                .contains("login").contains("whoami").contains("env").contains("exec").contains("shell").contains("logout")
                .contains("list").contains("validate").contains("user");
        Cli.Result unknown = Cli.run(host.build(), "auth", "logn");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("hint: did you mean: atmos auth login, atmos auth logout? see 'atmos auth --help'");
    }
}
