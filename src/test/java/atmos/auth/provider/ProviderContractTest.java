package atmos.auth.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.auth.AuthContext;
import atmos.auth.KindRegistry;
import atmos.auth.Provider;
import atmos.config.ProviderConfig;
import atmos.credentials.CredentialCodec;
import atmos.credentials.Credentials;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.keyring.MemoryKeyring;
import atmos.system.Prompter;
import atmos.testing.Engine;
import atmos.testing.TestHost;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every provider kind keeps, run by each kind against its fake: a login returns
 * credentials that expire in the future and that the store can keep exactly when the kind says it
 * may; a refusal is an {@link AtmosException} with exit code 4, a hint, and no secret in either;
 * refresh never asks anybody; logout is safe with whatever the login returned.
 */
public abstract class ProviderContractTest {
    @TempDir
    protected Path tmp;

    protected TestHost host;
    protected MemoryKeyring keyring = new MemoryKeyring();

    /** Starts the fakes and writes an atmos.yaml with one provider named {@code provider}. */
    protected abstract void arrange(TestHost host);

    /** Makes the next login fail the way users most often see (a wrong password, a missing variable …). */
    protected abstract void arrangeRefusal(TestHost host);

    /** Answers for the prompts a successful login asks (none for non-interactive kinds). */
    protected abstract Prompter prompter();

    /** Answers for the refused login. */
    protected Prompter refusalPrompter() {
        return prompter();
    }

    /** Values that must never appear in an error: passwords, tokens, request secrets. */
    protected abstract List<String> secrets();

    protected abstract void stopFakes();

    @BeforeEach
    void setUpContract() {
        host = new TestHost(tmp);
        arrange(host);
    }

    @AfterEach
    void tearDownContract() {
        stopFakes();
    }

    private Provider provider(Prompter prompter) {
        Engine engine = new Engine(host.build(), KindRegistry.builtIn(), keyring, prompter);
        AuthContext ctx = engine.service.context();
        ProviderConfig pc = engine.config.auth().provider("provider").orElseThrow();
        contextHolder = ctx;
        return KindRegistry.builtIn().provider(pc.kind()).create(pc, ctx);
    }

    private AuthContext contextHolder;

    @Test
    void aLoginReturnsCredentialsThatAreFreshAndStorableExactlyWhenTheKindSaysSo() {
        Provider p = provider(prompter());
        Credentials c = p.authenticate(contextHolder);
        assertThat(c).isNotNull();
        assertThat(c.isExpired(contextHolder.now())).isFalse();
        if (p.caching() == Provider.Caching.ALL) {
            assertThat(CredentialCodec.decode(CredentialCodec.encode(c))).isPresent();
        }
        for (String s : secrets()) {
            assertThat(c.toString()).doesNotContain(s);
        }
    }

    @Test
    void aRefusalIsExitCode4WithAHintAndNoSecret() {
        arrangeRefusal(host);
        Provider p = provider(refusalPrompter());
        assertThatThrownBy(() -> p.authenticate(contextHolder)).isInstanceOfSatisfying(AtmosException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH);
            assertThat(e.hint()).isNotBlank();
            for (String s : secrets()) {
                assertThat(e.getMessage()).doesNotContain(s);
                assertThat(e.hint()).doesNotContain(s);
            }
        });
    }

    @Test
    void refreshNeverAsksAnybodyAndLogoutIsSafe() {
        Provider p = provider(prompter());
        Credentials c = p.authenticate(contextHolder);
        Provider again = provider(new atmos.testing.ScriptedPrompter(false));
        Optional<Credentials> refreshed = again.refresh(contextHolder, c);
        refreshed.ifPresent(r -> assertThat(r.isExpired(contextHolder.now())).isFalse());
        again.logout(contextHolder, c);
    }
}
