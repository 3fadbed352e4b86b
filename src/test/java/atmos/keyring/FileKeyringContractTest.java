package atmos.keyring;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileKeyringContractTest extends KeyringContractTest {

    private static final PasswordSource PASSWORD = dir -> "contract-password".toCharArray();

    @TempDir
    Path temp;

    @Override
    protected Keyring newKeyring() {
        return new FileKeyring(temp.resolve("keyring"), PASSWORD);
    }

    /** A new instance on the same directory: values must come from the files, not from memory. */
    @Override
    protected Keyring reopen(Keyring store) {
        return new FileKeyring(temp.resolve("keyring"), PASSWORD);
    }
}
