package atmos.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.credentials.AwsCredentials;
import atmos.error.AtmosException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsFilesTest {
    @TempDir
    Path tmp;

    private static final AwsCredentials SESSION = AwsCredentials.session("ASIAEXAMPLE", "secret/key+1", "token==", "eu-west-1",
            Instant.parse("2026-11-23T11:00:00Z"));

    @Test
    void writesTheProfileAsAtmosDoesOwnerOnly() throws Exception {
        AwsFiles files = new AwsFiles(tmp.resolve("atmos/realm/aws"));
        files.write("acme-sso", "plat-dev/terraform", SESSION, "eu-west-1");
        Path creds = tmp.resolve("atmos/realm/aws/acme-sso/credentials");
        assertThat(Files.readString(creds)).isEqualTo("""
                ; atmos: expiration=2026-11-23T11:00:00Z
                [plat-dev/terraform]
                aws_access_key_id     = ASIAEXAMPLE
                aws_secret_access_key = secret/key+1
                aws_session_token     = token==
                """);
        assertThat(Files.readString(tmp.resolve("atmos/realm/aws/acme-sso/config"))).isEqualTo("[profile plat-dev/terraform]\nregion = eu-west-1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(creds))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(creds.getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("atmos/realm/aws")))).isEqualTo("rwx------");
    }

    @Test
    void updatesOneProfileAndKeepsTheOthersAndTheirComments() throws Exception {
        AwsFiles files = new AwsFiles(tmp);
        Path creds = files.credentialsFile("p");
        Files.createDirectories(creds.getParent());
        Files.writeString(creds, "# mine\n[other]\naws_access_key_id = AKIAOTHER\n");
        files.write("p", "me", SESSION, null);
        files.write("p", "me", SESSION, null);
        String text = Files.readString(creds);
        assertThat(text).startsWith("# mine\n[other]\naws_access_key_id = AKIAOTHER\n\n; atmos: expiration=");
        assertThat(text.split("\\[me]", -1)).hasSize(2);
    }

    @Test
    void readsBackTheSessionWithItsExpirationAndRegion() {
        AwsFiles files = new AwsFiles(tmp);
        files.write("p", "default", SESSION, "us-west-2");
        AwsCredentials back = files.read("p", "default").orElseThrow();
        assertThat(back.accessKeyId()).isEqualTo("ASIAEXAMPLE");
        assertThat(back.expirationTime()).isEqualTo(SESSION.expirationTime());
        assertThat(back.region()).isEqualTo("us-west-2");
        assertThat(Files.exists(files.configFile("p"))).isTrue();
    }

    @Test
    void removingTheLastProfileDeletesTheFiles() {
        AwsFiles files = new AwsFiles(tmp);
        files.write("p", "a", SESSION, "us-east-1");
        files.write("p", "b", SESSION, "us-east-1");
        assertThat(files.remove("p", "a")).isTrue();
        assertThat(files.read("p", "a")).isEmpty();
        assertThat(files.read("p", "b")).isPresent();
        files.remove("p", "b");
        assertThat(Files.exists(files.credentialsFile("p"))).isFalse();
        assertThat(files.remove("p", "b")).isFalse();
    }

    @Test
    void longLivedKeysAreNeverWrittenToTheSharedFiles() {
        AwsFiles files = new AwsFiles(tmp);
        assertThatThrownBy(() -> files.write("p", "u", AwsCredentials.longLived("AKIA", "s", null, null), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- defence in depth (issue 8)

    @Test
    void aProfileNameThatWouldBreakTheSharedFileIsRefusedAndTheFileIsLeftAsItWas() throws Exception {
        AwsFiles files = new AwsFiles(tmp);
        files.write("p", "good", SESSION, "us-east-1");
        String credsBefore = Files.readString(files.credentialsFile("p"));
        String configBefore = Files.readString(files.configFile("p"));
        for (String profile : List.of("evil\n[good]", "a]b", "a[b", "x#y", "x;y", " x", "x ", "", "a\rb", "a\u2028b")) {
            assertThatThrownBy(() -> files.write("p", profile, SESSION, "us-east-1"))
                    .as(profile)
                    .isInstanceOf(AtmosException.class)
                    .hasMessageContaining("cannot be an AWS profile name")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThat(Files.readString(files.credentialsFile("p"))).isEqualTo(credsBefore);
        assertThat(Files.readString(files.configFile("p"))).isEqualTo(configBefore);
    }

    @Test
    void aValueThatWouldAddLinesIsRefused() throws Exception {
        AwsFiles files = new AwsFiles(tmp);
        assertThatThrownBy(() -> files.write("p", "me", SESSION, "us-east-1\n[profile evil]\ncredential_process = touch pwned"))
                .isInstanceOf(AtmosException.class)
                .hasMessageContaining("region")
                .hasMessageContaining("line break or control character");
        AwsCredentials forged = AwsCredentials.session("ASIA", "s", "tok\n[other]\naws_access_key_id = X", null, SESSION.expirationTime());
        assertThatThrownBy(() -> files.write("p", "me", forged, null))
                .isInstanceOf(AtmosException.class)
                .hasMessageContaining("aws_session_token");
        assertThat(Files.exists(files.credentialsFile("p"))).isFalse();
    }

    @Test
    void aProviderDirectoryMustStayInsideTheAwsDirectory() {
        AwsFiles files = new AwsFiles(tmp.resolve("aws"));
        for (String provider : List.of("../escape", "a/b", "..", ".", "", "a\\b", "a\nb")) {
            assertThatThrownBy(() -> files.write(provider, "me", SESSION, null)).as(provider).isInstanceOf(AtmosException.class)
                    .hasMessageContaining("cannot be used as a directory name");
            assertThatThrownBy(() -> files.credentialsFile(provider)).as(provider).isInstanceOf(AtmosException.class);
        }
        assertThat(tmp.resolve("escape")).doesNotExist();
    }

    @Test
    void sectionsAlreadyInTheFileAreWrittenBackAsTheyWereEvenIfANewOneCouldNotUseTheirName() throws Exception {
        AwsFiles files = new AwsFiles(tmp);
        Files.createDirectories(files.credentialsFile("p").getParent());
        Files.writeString(files.credentialsFile("p"), "[legacy;old]\naws_access_key_id = X\n");
        files.write("p", "me", SESSION, null);
        assertThat(Files.readString(files.credentialsFile("p"))).startsWith("[legacy;old]\naws_access_key_id = X\n\n").contains("[me]");
    }
}
