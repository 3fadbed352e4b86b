package atmos.auth.identity.aws;

import atmos.credentials.AwsCredentials;
import atmos.error.AtmosException;
import atmos.system.Prompter;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Asking a person for an IAM user's access key pair: the key id (checked to look like one) and the
 * secret (hidden, never echoed or logged). Shared by {@code auth user configure} and by a login that
 * finds no keys, or keys AWS no longer accepts, on a terminal.
 */
public final class UserKeys {
    private UserKeys() {
    }

    /** Long-lived keys (no MFA device, no duration) from the prompter; secrets are registered with {@code mask}. */
    public static AwsCredentials ask(Prompter prompter, Consumer<String> warn, Consumer<String> mask) {
        String keyId = prompter.line("AWS Access Key ID: ", "").strip();
        if (!keyId.matches("[A-Z0-9]{16,128}")) {
            throw AtmosException.usage("that does not look like an AWS access key ID (16 or more capital letters and digits, e.g. AKIA…)",
                    "copy the access key ID from the IAM console or ~/.aws/credentials");
        }
        if (keyId.startsWith("ASIA")) {
            warn.accept("ASIA… keys are temporary session keys; long-lived IAM user keys start with AKIA");
        }
        char[] secretChars = prompter.secret("AWS Secret Access Key: ");
        String secret = new String(secretChars).strip();
        Arrays.fill(secretChars, '\0');
        if (secret.isEmpty()) {
            throw AtmosException.usage("the secret access key is required", "paste the secret access key that belongs to " + keyId);
        }
        mask.accept(secret);
        return AwsCredentials.longLived(keyId, secret, null, null);
    }
}
