package atmos.keyring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryKeyringTest extends KeyringContractTest {

    @Override
    protected Keyring newKeyring() {
        return new MemoryKeyring();
    }

    @Test
    void describesItselfAsProcessLocal() {
        assertThat(keyring.describe()).isEqualTo("memory (this process only)");
    }
}
