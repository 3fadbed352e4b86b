package atmos.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.config.IdentityConfig;
import atmos.credentials.Credentials;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.keyring.MemoryKeyring;
import atmos.testing.Engine;
import atmos.testing.ScriptedPrompter;
import atmos.testing.TestHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link WebConsole} keeps, run against every identity kind that offers one: bad
 * input (an unknown destination, a duration the cloud refuses) fails as a usage error before the
 * identity's session is asked for, so nothing is logged in and nothing cached changes. Also pins which
 * kinds have a console at all.
 */
class WebConsoleContractTest {
    @TempDir
    Path tmp;

    private Map<String, WebConsole> consoles(Engine engine) {
        Map<String, WebConsole> out = new TreeMap<>();
        for (String kind : KindRegistry.builtIn().identityKinds()) {
            IdentityConfig config = engine.config.auth().identity(name(kind)).orElseThrow();
            try {
                engine.service.identityInstance(config).webConsole().ifPresent(c -> out.put(kind, c));
            } catch (AtmosException e) {
                // kinds atmos-java cannot build yet have no console either
            }
        }
        return out;
    }

    private static String name(String kind) {
        return "id-" + kind.replace('/', '-');
    }

    private Engine engine() {
        StringBuilder yaml = new StringBuilder("auth:\n  identities:\n");
        for (String kind : KindRegistry.builtIn().identityKinds()) {
            yaml.append("    ").append(name(kind)).append(":\n      kind: ").append(kind).append("\n");
        }
        TestHost host = new TestHost(tmp);
        host.write("atmos.yaml", yaml.toString());
        return new Engine(host.build(), KindRegistry.builtIn(), new MemoryKeyring(), new ScriptedPrompter(false));
    }

    @Test
    void theKindsWithAConsoleAreTheAwsOnes() {
        assertThat(consoles(engine()).keySet()).containsExactly("aws/ambient", "aws/assume-role", "aws/assume-root", "aws/permission-set",
                "aws/user", "mock/aws");
    }

    @Test
    void badInputFailsBeforeTheSessionIsAskedFor() {
        Engine engine = engine();
        for (Map.Entry<String, WebConsole> e : consoles(engine).entrySet()) {
            IdentityConfig config = engine.config.auth().identity(name(e.getKey())).orElseThrow();
            Chain chain = new Chain(null, List.of(config));
            AtomicInteger asked = new AtomicInteger();
            Supplier<Credentials> session = () -> {
                asked.incrementAndGet();
                throw new AssertionError("the session was asked for");
            };
            ExitCode expected = e.getKey().equals("aws/ambient") ? ExitCode.AUTH : ExitCode.USAGE;
            WebConsole.Request badDestination = new WebConsole.Request("no-such-service",
                    new WebConsole.Requested(Duration.ofHours(1), WebConsole.Requested.Origin.DEFAULT, "the default"), "atmos");
            assertThatThrownBy(() -> e.getValue().link(engine.service.context(), chain, session, badDestination))
                    .as(e.getKey()).isInstanceOfSatisfying(AtmosException.class, x -> assertThat(x.exitCode()).isEqualTo(expected));
            WebConsole.Request badDuration = new WebConsole.Request(null,
                    new WebConsole.Requested(Duration.ofMinutes(5), WebConsole.Requested.Origin.FLAG, "--duration"), "atmos");
            assertThatThrownBy(() -> e.getValue().link(engine.service.context(), chain, session, badDuration))
                    .as(e.getKey()).isInstanceOfSatisfying(AtmosException.class, x -> assertThat(x.exitCode()).isEqualTo(expected));
            assertThat(asked).as(e.getKey()).hasValue(0);
            assertThat(e.getValue().name()).isEqualTo("AWS console");
        }
    }
}
