package atmos.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.PasswordBasedDecrypter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeyringTest {

    /** The password the fixture files were written with (see src/test/resources/keyring/99designs/README.md). */
    private static final String FIXTURE_PASSWORD = "fixture-password-1234";
    private static final String PASSWORD = "correct horse battery staple";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05.123456789Z"), ZoneOffset.UTC);

    @TempDir
    Path temp;

    private Path dir() {
        return temp.resolve("keyring");
    }

    private FileKeyring keyring(String password) {
        return new FileKeyring(dir(), d -> password.toCharArray(), CLOCK, tempFile -> { });
    }

    private Path copyGoFixtures() throws IOException, URISyntaxException {
        Path fixtures = Path.of(getClass().getResource("/keyring/99designs/v1.2.2").toURI());
        Files.createDirectories(dir());
        try (Stream<Path> files = Files.list(fixtures)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir().resolve(f.getFileName().toString()));
            }
        }
        return dir();
    }

    private static String headerJson(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    }

    @Test
    void aPasswordThatDoesNotOpenTheStoredItemsIsRefusedBeforeAnythingIsWritten() throws Exception {
        keyring(PASSWORD).set("atmos_a", "first");
        byte[] before = Files.readAllBytes(dir().resolve("atmos_a"));
        FileKeyring typo = keyring(PASSWORD + "x");
        assertThatThrownBy(() -> typo.set("atmos_b", "second"))
                .isInstanceOfSatisfying(AtmosException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.KEYRING);
                    assertThat(e.getMessage()).contains("wrong password").contains("nothing was changed");
                });
        assertThatThrownBy(() -> typo.set("atmos_a", "overwritten")).isInstanceOf(AtmosException.class);
        assertThat(dir().resolve("atmos_b")).doesNotExist();
        assertThat(Files.readAllBytes(dir().resolve("atmos_a"))).isEqualTo(before);
        assertThat(keyring(PASSWORD).get("atmos_a")).contains("first");
    }

    @Test
    void anEmptyKeyringTakesAnyPasswordAndDamagedItemsDoNotBlockTheCheck() throws Exception {
        FileKeyring fresh = keyring(PASSWORD);
        fresh.set("atmos_a", "v");
        Files.writeString(dir().resolve("atmos_0damaged"), "not a jwe");
        assertThat(keyring(PASSWORD).get("atmos_a")).contains("v");
        keyring(PASSWORD).set("atmos_c", "w");
        assertThat(keyring(PASSWORD).get("atmos_c")).contains("w");
    }

    @Test
    void presenceIsKnownWithoutThePassword() throws Exception {
        keyring(PASSWORD).set("atmos_a", "v");
        FileKeyring noPassword = new FileKeyring(dir(), d -> {
            throw new AssertionError("asked for a password");
        });
        assertThat(noPassword.contains("atmos_a")).isTrue();
        assertThat(noPassword.contains("atmos_b")).isFalse();
    }

    // --- compatibility with the Go library ------------------------------------------------------

    @Test
    void readsItemsWrittenByTheGoKeyringLibrary() throws Exception {
        copyGoFixtures();
        FileKeyring keyring = keyring(FIXTURE_PASSWORD);

        assertThat(keyring.keys()).containsExactly("atmos_mock-provider", "atmos_myrealm_dev-admin", "empty", "team/ops%1");
        assertThat(keyring.get("atmos_myrealm_dev-admin")).contains("{\"type\":\"aws\",\"data\":{"
                + "\"access_key_id\":\"AKIAIOSFODNN7EXAMPLE\",\"secret_access_key\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\","
                + "\"session_token\":\"FwoGZXIvYXdzEXAMPLETOKEN\",\"region\":\"us-east-1\",\"expiration\":\"2099-12-31T23:59:59Z\"}}");
        assertThat(keyring.get("atmos_mock-provider")).contains("{\"type\":\"mock\",\"data\":{\"AccessKeyID\":\"mock-access-key\","
                + "\"SecretAccessKey\":\"mock-secret-key\",\"SessionToken\":\"mock-session-token\",\"Region\":\"us-east-1\","
                + "\"Expiration\":\"2099-12-31T23:59:59Z\"}}");
        assertThat(keyring.get("team/ops%1")).contains("héllo wörld ✓ 🔑 <&> \"quoted\"");
        assertThat(keyring.get("empty")).contains("");
    }

    @Test
    void theGoFixturesCarryTheJose2goHeader() throws Exception {
        Path file = copyGoFixtures().resolve("atmos_myrealm_dev-admin");

        String header = headerJson(Files.readString(file));

        // json.Marshal of jose2go's header map: sorted keys, Go time.Now().String() with monotonic part.
        assertThat(header).matches("\\{\"alg\":\"PBES2-HS256\\+A128KW\","
                + "\"created\":\"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})? [+-]\\d{4} [A-Za-z0-9+-]+ m=[+-]\\d+\\.\\d{9}\","
                + "\"enc\":\"A256GCM\",\"p2c\":8192,\"p2s\":\"[A-Za-z0-9_-]{16}\"}");
    }

    @Test
    void writesTheSamePlaintextItemAsTheGoLibrary() {
        // The payloads of the fixtures "team/ops%1" and "empty", printed by jose2go.Decode.
        assertThat(new String(GoItemFormat.itemJson("team/ops%1",
                "héllo wörld ✓ 🔑 <&> \"quoted\"".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("{\"Key\":\"team/ops%1\",\"Data\":\"aMOpbGxvIHfDtnJsZCDinJMg8J+UkSA8Jj4gInF1b3RlZCI=\","
                        + "\"Label\":\"\",\"Description\":\"\",\"KeychainNotTrustApplication\":false,\"KeychainNotSynchronizable\":false}");
        assertThat(new String(GoItemFormat.itemJson("empty", new byte[0]), StandardCharsets.UTF_8))
                .isEqualTo("{\"Key\":\"empty\",\"Data\":\"\",\"Label\":\"\",\"Description\":\"\","
                        + "\"KeychainNotTrustApplication\":false,\"KeychainNotSynchronizable\":false}");
        // encoding/json escapes HTML characters and control characters in the key.
        assertThat(new String(GoItemFormat.itemJson("a<b>&c\"\\\n\u0001\u2028", new byte[0]), StandardCharsets.UTF_8))
                .startsWith("{\"Key\":\"a\\u003cb\\u003e\\u0026c\\\"\\\\\\n\\u0001\\u2028\",\"Data\":\"\",");
    }

    @Test
    void writesACompactJweWithTheHeaderFieldsJose2goWrites() throws Exception {
        keyring(PASSWORD).set("atmos_dev", "value");
        String token = Files.readString(dir().resolve("atmos_dev"));

        String[] parts = token.split("\\.", -1);
        assertThat(parts).hasSize(5);
        assertThat(token).matches("[A-Za-z0-9_.-]+"); // base64url without padding, no newline
        // Nimbus orders the fields differently from jose2go's sorted map; jose2go accepts any order.
        assertThat(headerJson(token)).matches("\\{\"p2s\":\"[A-Za-z0-9_-]{16}\",\"p2c\":8192,\"enc\":\"A256GCM\","
                + "\"alg\":\"PBES2-HS256\\+A128KW\",\"created\":\"2025-01-02 03:04:05.123456789 \\+0000 UTC\"}");
        String p2s = headerJson(token).replaceAll(".*\"p2s\":\"([^\"]+)\".*", "$1");
        Base64.Decoder b64 = Base64.getUrlDecoder();
        assertThat(b64.decode(p2s)).hasSize(12);
        assertThat(b64.decode(parts[1])).hasSize(40); // AES key wrap of a 32-byte A256GCM key
        assertThat(b64.decode(parts[2])).hasSize(12); // GCM IV
        assertThat(b64.decode(parts[4])).hasSize(16); // GCM tag

        JWEObject jwe = JWEObject.parse(token);
        jwe.decrypt(new PasswordBasedDecrypter(PASSWORD));
        assertThat(jwe.getPayload().toString()).isEqualTo("{\"Key\":\"atmos_dev\",\"Data\":\"dmFsdWU=\",\"Label\":\"\","
                + "\"Description\":\"\",\"KeychainNotTrustApplication\":false,\"KeychainNotSynchronizable\":false}");
    }

    @Test
    void theCreatedHeaderUsesGoTimeLayout() {
        assertThat(GoItemFormat.goTimeString(ZonedDateTime.of(2025, 1, 2, 3, 4, 5, 500_000_000, ZoneOffset.UTC)))
                .isEqualTo("2025-01-02 03:04:05.5 +0000 UTC");
        assertThat(GoItemFormat.goTimeString(ZonedDateTime.of(2025, 1, 2, 3, 4, 5, 0, ZoneId.of("Europe/Berlin"))))
                .isEqualTo("2025-01-02 03:04:05 +0100 CET");
        assertThat(GoItemFormat.goTimeString(ZonedDateTime.of(2025, 7, 2, 3, 4, 5, 120, ZoneId.of("America/New_York"))))
                .isEqualTo("2025-07-02 03:04:05.00000012 -0400 EDT");
        assertThat(GoItemFormat.goTimeString(ZonedDateTime.of(2025, 7, 2, 3, 4, 5, 0, ZoneOffset.ofHoursMinutes(5, 30))))
                .isEqualTo("2025-07-02 03:04:05 +0530 +0530");
    }

    // --- errors ---------------------------------------------------------------------------------

    @Test
    void wrongPasswordIsAClearErrorAndLeavesTheFileUntouched() throws Exception {
        Path file = copyGoFixtures().resolve("atmos_myrealm_dev-admin");
        byte[] before = Files.readAllBytes(file);
        FileTime modified = Files.getLastModifiedTime(file);

        assertThatThrownBy(() -> keyring("not-the-password").get("atmos_myrealm_dev-admin"))
                .isInstanceOfSatisfying(AtmosException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.KEYRING);
                    assertThat(e.getMessage()).contains(dir().toString()).contains("wrong password")
                            .doesNotContain("not-the-password").doesNotContain("\n");
                    assertThat(e.hint()).contains("ATMOS_KEYRING_PASSWORD").doesNotContain("not-the-password");
                });
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
    }

    @Test
    void aFileThatIsNotAJweIsAClearErrorNamingTheFile() throws IOException {
        Files.createDirectories(dir());
        Files.writeString(dir().resolve("atmos_junk"), "this is not a keyring item");

        assertThatThrownBy(() -> keyring(PASSWORD).get("atmos_junk"))
                .isInstanceOfSatisfying(AtmosException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.KEYRING);
                    assertThat(e.getMessage()).contains(dir().resolve("atmos_junk").toString()).contains("damaged")
                            .doesNotContain(PASSWORD);
                });
    }

    @Test
    void aTamperedItemFailsItsIntegrityCheckAndIsNotMistakenForAWrongPassword() throws IOException {
        FileKeyring keyring = keyring(PASSWORD);
        keyring.set("atmos_dev", "some value long enough to tamper with");
        Path file = dir().resolve("atmos_dev");
        String[] parts = Files.readString(file).split("\\.");
        byte[] cipherText = Base64.getUrlDecoder().decode(parts[3]);
        cipherText[0] ^= 1;
        parts[3] = Base64.getUrlEncoder().withoutPadding().encodeToString(cipherText);
        Files.writeString(file, String.join(".", parts));

        assertThatThrownBy(() -> keyring.get("atmos_dev"))
                .isInstanceOfSatisfying(AtmosException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.KEYRING);
                    assertThat(e.getMessage()).contains(file.toString()).contains("integrity").doesNotContain("wrong password");
                });
    }

    @Test
    void aDirectoryPathThatIsAFileIsAClearError() throws IOException {
        Files.writeString(dir(), "a file");

        assertThatThrownBy(() -> keyring(PASSWORD).set("atmos_k", "v"))
                .isInstanceOfSatisfying(AtmosException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.KEYRING);
                    assertThat(e.getMessage()).contains(dir().toString()).contains("not a directory");
                });
    }

    @Test
    void keysThatCannotBeFileNamesAreRefused() {
        FileKeyring keyring = keyring(PASSWORD);

        for (String bad : List.of("", ".", "..", ".hidden", "nul\0byte")) {
            assertThatThrownBy(() -> keyring.set(bad, "v"))
                    .isInstanceOfSatisfying(AtmosException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.KEYRING));
        }
        assertThat(dir()).doesNotExist();
    }

    // --- files and directory --------------------------------------------------------------------

    @Test
    void writesFilesOwnerOnlyInAnOwnerOnlyDirectory() throws IOException {
        new FileKeyring(temp.resolve("a/b/keyring"), d -> PASSWORD.toCharArray()).set("atmos_k", "v");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve("a/b/keyring"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve("a/b/keyring/atmos_k"))))
                .isEqualTo("rw-------");
    }

    @Test
    void setIsAtomicAndKeepsTheOldValueWhenWritingFails() throws IOException {
        keyring(PASSWORD).set("atmos_dev", "old value");
        List<Path> seen = new ArrayList<>();
        FileKeyring failing = new FileKeyring(dir(), d -> PASSWORD.toCharArray(), CLOCK, tempFile -> {
            seen.add(tempFile);
            // the new content is complete in the temporary file; fail as a full disk or crash would
            throw new IOException("No space left on device (simulated)");
        });

        assertThatThrownBy(() -> failing.set("atmos_dev", "new value"))
                .isInstanceOfSatisfying(AtmosException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.KEYRING);
                    assertThat(e.getMessage()).contains("No space left").doesNotContain("new value").doesNotContain(PASSWORD);
                });
        assertThat(seen).singleElement().satisfies(t -> {
            assertThat(t.getParent()).isEqualTo(dir());
            assertThat(t.getFileName().toString()).startsWith(".");
        });
        assertThat(keyring(PASSWORD).get("atmos_dev")).contains("old value");
        try (Stream<Path> files = Files.list(dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("atmos_dev");
        }
    }

    @Test
    void aFailedRenameLeavesNoTemporaryFileBehind() throws IOException {
        // A non-empty directory where the item file should be: the final rename fails for real.
        Files.createDirectories(dir().resolve("atmos_dev").resolve("child"));

        assertThatThrownBy(() -> keyring(PASSWORD).set("atmos_dev", "value"))
                .isInstanceOfSatisfying(AtmosException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.KEYRING));
        try (Stream<Path> files = Files.list(dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("atmos_dev");
        }
    }

    @Test
    void keysArePercentDecodedFileNames() throws IOException {
        Files.createDirectories(dir().resolve("a-directory"));
        for (String name : List.of("a%2Fb", "c%25d", "lower%2fcase", "plain", "%zz", ".hidden", ".123.tmp")) {
            Files.writeString(dir().resolve(name), "x");
        }

        assertThat(keyring(PASSWORD).keys()).containsExactly("%zz", "a/b", "c%d", "lower/case", "plain");
    }

    @Test
    void fileNamesEncodeOnlyPercentAndSlash() {
        keyring(PASSWORD).set("team/ops%1 é:*?", "v");

        assertThat(dir().resolve("team%2Fops%251 é:*?")).isRegularFile();
        assertThat(GoItemFormat.percentDecode(GoItemFormat.percentEncode("a/%/b%2F"))).isEqualTo("a/%/b%2F");
    }

    // --- the password ---------------------------------------------------------------------------

    @Test
    void doesNotAskForThePasswordToReadAMissingKey() {
        AtomicInteger asked = new AtomicInteger();
        FileKeyring keyring = new FileKeyring(dir(), d -> {
            asked.incrementAndGet();
            return PASSWORD.toCharArray();
        });

        assertThat(keyring.get("atmos_missing")).isEmpty();
        assertThat(keyring.keys()).isEmpty();
        keyring.remove("atmos_missing");
        assertThat(asked).hasValue(0);
        assertThat(dir()).doesNotExist();

        keyring.set("atmos_a", "1");
        keyring.set("atmos_b", "2");
        assertThat(keyring.get("atmos_a")).contains("1");
        keyring.remove("atmos_a");
        assertThat(keyring.keys()).containsExactly("atmos_b");
        assertThat(asked).hasValue(1);
    }

    @Test
    void asksForThePasswordWithTheDirectoryAndClearsTheArrayItWasGiven() {
        List<Path> askedFor = new ArrayList<>();
        char[] given = PASSWORD.toCharArray();
        FileKeyring keyring = new FileKeyring(dir(), d -> {
            askedFor.add(d);
            return given;
        });

        keyring.set("atmos_k", "v");

        assertThat(askedFor).containsExactly(dir().toAbsolutePath());
        assertThat(new String(given)).isEqualTo("\0".repeat(PASSWORD.length()));
        assertThat(new FileKeyring(dir(), d -> PASSWORD.toCharArray()).get("atmos_k")).contains("v");
    }

    @Test
    void aPasswordSourceFailurePropagatesAndWritesNothing() {
        FileKeyring keyring = new FileKeyring(dir(), d -> {
            throw new AtmosException(ExitCode.KEYRING, "keyring: password required", "set ATMOS_KEYRING_PASSWORD");
        });

        assertThatThrownBy(() -> keyring.set("atmos_k", "v")).hasMessage("keyring: password required");
        assertThat(keyring.keys()).isEmpty();
    }

    @Test
    void describeNamesTheDirectory() {
        assertThat(keyring(PASSWORD).describe()).isEqualTo("file (" + dir().toAbsolutePath() + ")");
    }
}
