package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.AtmosProcess;
import atmos.testing.AwsCli;
import atmos.testing.Cli;
import atmos.testing.SamlWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each form driver in a real atmos process, no terminal, the password from the environment, and the
 * AWS CLI as the consumer of the session: {@code atmos auth exec -- aws sts get-caller-identity}.
 */
class SamlProcessTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"okta-admin", "adfs-admin", "google-admin"})
    void theAwsCliSeesTheRoleTheAssertionWasExchangedFor(String identity) throws Exception {
        AwsCli.require();
        try (SamlWorld world = SamlWorld.start()) {
            Path work = Files.createDirectories(tmp.resolve("work"));
            Files.writeString(work.resolve("atmos.yaml"), world.atmosYaml("username: alice@acme.test, password: !env ACME_IDP_PASSWORD"));
            Map<String, String> env = new HashMap<>();
            env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
            env.put("PATH", "/usr/bin:/bin");
            env.put("ATMOS_KEYRING_TYPE", "file");
            env.put("ATMOS_KEYRING_PASSWORD", "a password for the test keyring");
            env.put("ACME_IDP_PASSWORD", SamlWorld.PASSWORD);
            env.put("AWS_ENDPOINT_URL_STS", world.sts.endpoint());
            Cli.Result r = AtmosProcess.run(env, work, "", AtmosProcess.command("auth", "exec", "-i", identity, "--", "/usr/bin/aws", "sts",
                    "get-caller-identity", "--endpoint-url", world.sts.endpoint(), "--output", "text", "--query", "Arn"));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out().strip()).isEqualTo("arn:aws:sts::111111111111:assumed-role/acme-admin/alice@acme.test");
            assertThat(r.all()).doesNotContain(SamlWorld.PASSWORD);
        }
    }
}
