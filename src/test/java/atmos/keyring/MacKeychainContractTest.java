package atmos.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.error.AtmosException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The macOS Keychain backend against a stand-in {@code security} (these tests run on Linux) that keeps
 * items in a file and records every call: the same contract as every backend, go-keyring's item
 * layout, and no secret in any argv.
 */
class MacKeychainContractTest extends KeyringContractTest {
    @TempDir
    static Path tmp;

    private Path store;
    private Path log;
    private Path security;

    @Override
    protected Keyring newKeyring() {
        try {
            Path dir = Files.createTempDirectory(tmp, "kc");
            store = dir.resolve("items.json");
            log = dir.resolve("calls.jsonl");
            security = dir.resolve("security");
            String script = new String(getClass().getResourceAsStream("/keyring/macos/security-standin.py").readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@STORE@", store.toString()).replace("@LOG@", log.toString());
            Files.writeString(security, script);
            security.toFile().setExecutable(true);
            return new MacKeychain(security);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    protected Keyring reopen(Keyring store) {
        return new MacKeychain(security);
    }

    /** One {@code security -i} command holds 4096 bytes at most, as in go-keyring: a clear error, nothing stored. */
    @Override
    @Test
    void largeValuesSurviveUnchanged() {
        String large = "x".repeat(5000);
        assertThatThrownBy(() -> keyring.set("atmos_large", large)).isInstanceOf(AtmosException.class)
                .hasMessageContaining("too large for the macOS keychain");
        assertThat(keyring.get("atmos_large")).isEmpty();
        String fits = "y".repeat(2000);
        keyring.set("atmos_fits", fits);
        assertThat(reopen(keyring).get("atmos_fits")).contains(fits);
    }

    @Test
    void itemsAreLaidOutAsGoKeyringLaysThemOutAndItsOwnEncodingsAreRead() throws Exception {
        keyring.set("atmos_plat-dev/terraform", "{\"type\":\"aws\"}");
        String stored = Files.readString(store);
        assertThat(stored).contains("\"service\": \"atmos_plat-dev/terraform\"").contains("\"account\": \"atmos-auth\"")
                .contains("\"password\": \"go-keyring-base64:" + Base64.getEncoder().encodeToString("{\"type\":\"aws\"}".getBytes()) + "\"");
        // What older go-keyring versions wrote: hex with its prefix, or the value as it is.
        Files.writeString(store, "[{\"service\": \"atmos_a\", \"account\": \"atmos-auth\", \"password\": \"go-keyring-encoded:6869\"},"
                + " {\"service\": \"atmos_b\", \"account\": \"atmos-auth\", \"password\": \"plain\"},"
                + " {\"service\": \"other\", \"account\": \"someone\", \"password\": \"x\"}]");
        assertThat(keyring.get("atmos_a")).contains("hi");
        assertThat(keyring.get("atmos_b")).contains("plain");
        assertThat(keyring.keys()).containsExactly("atmos_a", "atmos_b");
    }

    @Test
    void noSecretIsEverInAnArgv() throws Exception {
        keyring.set("atmos_secret", "very-secret-value-42");
        keyring.get("atmos_secret");
        keyring.keys();
        keyring.remove("atmos_secret");
        List<String> calls = Files.readAllLines(log);
        assertThat(calls).isNotEmpty();
        String encoded = Base64.getEncoder().encodeToString("very-secret-value-42".getBytes());
        for (String call : calls) {
            String argv = call.substring(0, call.indexOf("\"stdin\""));
            assertThat(argv).doesNotContain("very-secret-value-42").doesNotContain(encoded);
        }
        assertThat(calls).anyMatch(c -> c.contains(encoded) && c.contains("\"argv\": [\"-i\"]"));
    }
}
