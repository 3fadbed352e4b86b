package atmos.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * A child process for the credential tests: the AWS SDK for Java v2 resolving credentials through its
 * default chain, as an SDK program run by {@code atmos auth exec} would. Writes {@code DIR/first} (access
 * key id, session token), signals {@code DIR/ready}, waits for {@code DIR/go}, resolves again with a new
 * provider (no cache) and writes {@code DIR/second}.
 *
 * <pre>java -cp … atmos.testing.SdkCredentialsProbe DIR</pre>
 */
public final class SdkCredentialsProbe {
    private SdkCredentialsProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        write(dir.resolve("first"), resolve());
        Files.writeString(dir.resolve("ready"), "");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(dir.resolve("go"))) {
            if (System.nanoTime() > deadline) {
                System.exit(3);
            }
            Thread.sleep(50);
        }
        write(dir.resolve("second"), resolve());
    }

    private static AwsCredentials resolve() {
        try (DefaultCredentialsProvider p = DefaultCredentialsProvider.builder().build()) {
            return p.resolveCredentials();
        }
    }

    private static void write(Path file, AwsCredentials c) throws Exception {
        String token = c instanceof AwsSessionCredentials s ? s.sessionToken() : "";
        String from = c.providerName().orElse("?");
        Files.writeString(file, c.accessKeyId() + "\n" + token + "\n" + from + "\n", StandardCharsets.UTF_8);
    }
}
