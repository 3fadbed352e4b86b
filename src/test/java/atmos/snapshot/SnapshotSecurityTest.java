package atmos.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import atmos.keyring.MemoryKeyring;
import atmos.testing.Acme;
import atmos.testing.Cli;
import atmos.testing.RecordingProcessRunner;
import atmos.testing.TestHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot decides which files the cached path trusts and what it prints, so it is held to what the
 * AWS files are held to (SECURITY.md): one that another user could have planted or changed is never
 * used, and none ever holds a secret.
 */
class SnapshotSecurityTest {
    @TempDir
    Path tmp;

    Path repo;
    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();
    RecordingProcessRunner processes = new RecordingProcessRunner(0);

    @BeforeEach
    void setUp() throws IOException {
        repo = Acme.copyTo(tmp.resolve("acme"));
        host = new TestHost(tmp).cwd(repo).env("ATMOS_PROFILE", "demo");
        assertThat(atmos("auth", "login").exitCode()).isZero();
    }

    Cli.Result atmos(String... args) {
        return Cli.with(host.build()).systemKeyring(keyring).processes(processes).snapshots(new Snapshots.Policy(Duration.ZERO)).run(args);
    }

    String fast(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = FastPath.run(host.build(), processes, new PrintStream(out, true, StandardCharsets.UTF_8), args);
        return code == FastPath.MISS ? null : out.toString(StandardCharsets.UTF_8);
    }

    /** A snapshot that would print what an attacker chose, at the name the command line looks for. */
    Path plant(String... args) throws IOException {
        atmos(args);
        Path file = Recorder.fileFor(host.build(), args);
        Snapshot s = Snapshot.parse(Files.readAllBytes(file));
        s.kind = "text";
        s.creds = null;
        s.ops.clear();
        s.text = "export AWS_PROFILE=attacker\n";
        Files.write(file, s.render());
        assertThat(fast(args)).as("the planted snapshot is well formed").isEqualTo("export AWS_PROFILE=attacker\n");
        return file;
    }

    static boolean root() throws IOException {
        return Files.getOwner(Path.of("/proc/self")).getName().equals("root");
    }

    @Test
    void aSnapshotOwnedByAnotherUserIsNeverUsed() throws IOException {
        assumeTrue(root(), "changing a file's owner needs root");
        Path file = plant("auth", "env");
        UserPrincipal nobody = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(file, nobody);
        assertThat(fast("auth", "env")).isNull();
        Cli.Result normal = atmos("auth", "env");
        assertThat(normal.exitCode()).isZero();
        assertThat(normal.out()).contains("AWS_PROFILE=demo/admin").doesNotContain("attacker");
    }

    @Test
    void aSnapshotOthersCouldWriteIsDeletedAndNotUsed() throws IOException {
        Path file = plant("auth", "env");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(fast("auth", "env")).isNull();
        assertThat(file).doesNotExist();
    }

    @Test
    void aKeyOthersCouldWriteIsNotUsed() throws IOException {
        plant("auth", "env");
        Path key = Recorder.fileFor(host.build(), "auth", "env").getParent().resolve("key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw--w--w-"));
        assertThat(fast("auth", "env")).isNull();
    }

    @Test
    void aSnapshotDirectoryThatIsALinkIsNotFollowed() throws IOException {
        Path file = plant("auth", "env");
        Path dir = file.getParent();
        Path elsewhere = tmp.resolve("elsewhere");
        Files.move(dir, elsewhere);
        Files.createSymbolicLink(dir, elsewhere);
        assertThat(fast("auth", "env")).isNull();
        Cli.Result normal = atmos("auth", "env");
        assertThat(normal.exitCode()).isZero();
        assertThat(normal.out()).doesNotContain("attacker");
        assertThat(Files.readString(elsewhere.resolve(file.getFileName()))).contains("attacker"); // nothing written through the link
    }

    @Test
    void aCacheDirectoryOfAnotherUserIsNotUsedAndTheCommandStillWorks() throws IOException {
        assumeTrue(root(), "changing a directory's owner needs root");
        Path file = plant("auth", "env");
        Path atmosCache = file.getParent().getParent();
        UserPrincipal nobody = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(atmosCache, nobody);
        assertThat(fast("auth", "env")).isNull();
        Cli.Result normal = atmos("auth", "env");
        assertThat(normal.exitCode()).isZero();
        assertThat(normal.out()).contains("AWS_PROFILE=demo/admin");
    }

    @Test
    void theCachedPathChecksTheAwsFilesAsTheNormalPathDoes() throws IOException {
        assertThat(atmos("auth", "env").exitCode()).isZero();
        assertThat(fast("auth", "env")).isNotNull();
        Path credentials = host.home().resolve(".config/atmos/aws/demo-sso/credentials");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(fast("auth", "env")).as("a credentials file others could write is not trusted").isNull();
        assertThat(atmos("auth", "login").exitCode()).isZero();
        assertThat(fast("auth", "env")).isNotNull();
        Path link = credentials.resolveSibling("credentials");
        Files.move(credentials, tmp.resolve("moved-credentials"));
        Files.createSymbolicLink(link, tmp.resolve("moved-credentials"));
        assertThat(fast("auth", "env")).as("a link below atmos's directory is not followed").isNull();
    }

    @Test
    void noSnapshotHoldsACredentialOrAValueTheConfigurationReadFromTheEnvironment() throws IOException {
        Files.writeString(repo.resolve("atmos.yaml"), Files.readString(repo.resolve("atmos.yaml"))
                + "\nenv:\n  GITHUB_TOKEN: !env MY_TOKEN\n  PLAIN: !env MY_PLAIN\n");
        host.env("MY_TOKEN", "ghp_supersecretvalue123").env("MY_PLAIN", "plain-value-from-env");
        String[][] lines = {{"auth", "env"}, {"auth", "env", "-f", "json"}, {"auth", "exec", "--", "true"},
                {"aws", "credential-process", "-i", "demo/admin"}};
        for (String[] line : lines) {
            assertThat(atmos(line).exitCode()).isZero();
            Path file = Recorder.fileFor(host.build(), line);
            assertThat(file).as(String.join(" ", line)).exists();
            String text = Files.readString(file);
            assertThat(text).doesNotContain("MOCK_KEY_").doesNotContain("MOCK_SECRET_").doesNotContain("MOCK_TOKEN_")
                    .doesNotContain("ghp_supersecretvalue123").doesNotContain("plain-value-from-env");
            assertThat(fast(line)).as("answered all the same").isNotNull();
        }
        assertThat(processes.last().env()).containsEntry("GITHUB_TOKEN", "ghp_supersecretvalue123");
        assertThat(Files.readString(Recorder.fileFor(host.build(), "auth", "exec", "--"))).contains("var\tGITHUB_TOKEN\t$MY_TOKEN");
        assertThat(Files.readString(Recorder.fileFor(host.build(), "auth", "env")))
                .contains("var\tAWS_SESSION_TOKEN\t@token").contains("var\tAWS_SECRET_ACCESS_KEY\t@secret");
    }

    @Test
    void aSecretWrittenInTheConfigurationIsNotCopiedIntoASnapshot() throws IOException {
        Files.writeString(repo.resolve("atmos.yaml"), Files.readString(repo.resolve("atmos.yaml"))
                + "\nenv:\n  TF_TOKEN_app_terraform_io: literal-token-in-config\n");
        assertThat(atmos("auth", "exec", "--", "true").exitCode()).isZero();
        Path file = Recorder.fileFor(host.build(), "auth", "exec", "--");
        assertThat(file == null || !Files.exists(file)).as("no snapshot").isTrue();
        assertThat(fast("auth", "exec", "--", "true")).isNull();
    }
}
