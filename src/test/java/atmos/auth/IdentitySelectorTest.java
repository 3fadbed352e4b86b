package atmos.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.config.AuthConfig;
import atmos.config.ConfigLoader;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.testing.ScriptedPrompter;
import atmos.testing.TestHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentitySelectorTest {
    @TempDir
    Path tmp;

    TestHost host;
    List<String> notices = new ArrayList<>();

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp);
    }

    private AuthConfig config(String identities) {
        host.write("atmos.yaml", "auth:\n  identities:\n" + identities);
        return new ConfigLoader(host.build(), null).load(ConfigLoader.Selection.NONE).auth();
    }

    private Optional<String> select(String flag, AuthConfig c, ScriptedPrompter p) {
        return IdentitySelector.select(flag, host.build(), c, p, notices::add);
    }

    private static final String TWO = "    a: {kind: aws/user}\n    b: {kind: aws/user, default: true}\n";

    @Test
    void theFlagWinsThenTheEnvironmentThenTheDefault() {
        AuthConfig c = config(TWO);
        ScriptedPrompter none = new ScriptedPrompter(false);
        assertThat(select(null, c, none)).contains("b");
        host.env("ATMOS_IDENTITY", "a");
        assertThat(select(null, c, none)).contains("a");
        assertThat(select("b", c, none)).contains("b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", "FALSE", "0", "no", "NO", "off", "Off"})
    void falseLikeValuesDisableAuthentication(String value) {
        AuthConfig c = config(TWO);
        assertThat(select(value, c, new ScriptedPrompter(false))).isEmpty();
        host.env("ATMOS_IDENTITY", value);
        assertThat(select(null, c, new ScriptedPrompter(false))).isEmpty();
    }

    @Test
    void severalDefaultsAskOnATerminalAndFailClearlyElsewhere() {
        AuthConfig c = config("    a: {kind: aws/user, default: true}\n    b: {kind: aws/user, default: true}\n    c: {kind: aws/user}\n");
        ScriptedPrompter tty = new ScriptedPrompter(true, "b");
        assertThat(select(null, c, tty)).contains("b");
        assertThat(tty.asked()).containsExactly("Multiple default identities found. Please choose one:");
        assertThat(notices).contains("✓ Selected identity: b");
        assertThatThrownBy(() -> select(null, c, new ScriptedPrompter(false)))
                .isInstanceOf(AtmosException.class)
                .hasMessage("multiple default identities found: a, b; choose one with --identity or ATMOS_IDENTITY")
                .satisfies(e -> assertThat(((AtmosException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void noDefaultAsksAmongAllIdentitiesOrListsThem() {
        AuthConfig c = config("    a: {kind: aws/user}\n    b: {kind: aws/user}\n");
        assertThat(select(null, c, new ScriptedPrompter(true, "a"))).contains("a");
        assertThatThrownBy(() -> select(null, c, new ScriptedPrompter(false)))
                .hasMessageStartingWith("no default identity configured").satisfies(e -> assertThat(((AtmosException) e).hint()).isEqualTo("identities: a, b"));
    }

    @Test
    void aSingleIdentityNeedsNoDefault() {
        assertThat(select(null, config("    only: {kind: aws/user}\n"), new ScriptedPrompter(false))).contains("only");
    }

    @Test
    void aBareIdentityFlagAlwaysAsks() {
        AuthConfig c = config(TWO);
        ScriptedPrompter tty = new ScriptedPrompter(true, "a");
        assertThat(select(IdentitySelector.SELECT, c, tty)).contains("a");
        assertThat(tty.asked()).containsExactly("Select an identity:");
        assertThatThrownBy(() -> select(IdentitySelector.SELECT, c, new ScriptedPrompter(false))).hasMessageContaining("--identity was given without a name");
    }
}
