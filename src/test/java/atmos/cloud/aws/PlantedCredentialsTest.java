package atmos.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import atmos.keyring.MemoryKeyring;
import atmos.testing.AtmosProcess;
import atmos.testing.Cli;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another local user must not be able to hand you credentials: the AWS files atmos reads are used only
 * when they are yours, private, and reached through no link (the bundled example's demo profile).
 */
class PlantedCredentialsTest {
    private static final String PLANTED = """
            ; atmos: expiration=2099-01-01T00:00:00Z
            [demo/admin]
            aws_access_key_id     = ASIAPLANTEDBYMALLORY
            aws_secret_access_key = planted
            aws_session_token     = planted
            """;

    @TempDir
    Path tmp;

    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp).cwd(Path.of(System.getProperty("atmos.project.dir", ".")).resolve("examples/acme").toAbsolutePath())
                .env("ATMOS_PROFILE", "demo");
    }

    private Cli.Result atmos(String... args) {
        return Cli.with(host.build()).systemKeyring(keyring).run(args);
    }

    private Path credentialsFile() throws Exception {
        try (Stream<Path> files = Files.walk(host.home().resolve(".config/atmos"))) {
            return files.filter(p -> p.endsWith("demo-sso/credentials")).findFirst().orElseThrow();
        }
    }

    @Test
    void a_credentials_file_of_another_user_is_refused_not_used() throws Exception {
        assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0, "needs root to act as another user");
        assertThat(atmos("auth", "login").exitCode()).isZero();
        Path file = credentialsFile();
        Files.delete(file);
        Files.writeString(file, PLANTED);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.setAttribute(file, "unix:uid", 65534);

        Cli.Result env = atmos("auth", "env", "-f", "json");
        assertThat(env.all()).doesNotContain("ASIAPLANTEDBYMALLORY");
        assertThat(env.exitCode()).isNotZero();
        assertThat(env.err()).contains("refusing to use " + file).contains("belongs to another user").contains("hint:");
        assertThat(env.err()).doesNotContain("\tat ");
    }

    @Test
    void a_credentials_file_others_could_write_to_is_discarded_and_rewritten() throws Exception {
        assertThat(atmos("auth", "login").exitCode()).isZero();
        Path file = credentialsFile();
        Files.writeString(file, PLANTED);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        Cli.Result env = atmos("auth", "env", "-f", "json");
        assertThat(env.exitCode()).as(env.toString()).isZero();
        assertThat(env.out()).doesNotContain("ASIAPLANTEDBYMALLORY").contains("AWS_ACCESS_KEY_ID");
        assertThat(Files.readString(file)).doesNotContain("ASIAPLANTEDBYMALLORY");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void a_symlinked_provider_directory_is_refused_and_its_target_keeps_its_mode() throws Exception {
        assertThat(atmos("auth", "login").exitCode()).isZero();
        Path dir = credentialsFile().getParent();
        Path target = Files.createDirectories(tmp.resolve("mallory"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(target.resolve("credentials"), PLANTED);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
        Files.createSymbolicLink(dir, target);

        Cli.Result env = atmos("auth", "env", "-f", "json");
        assertThat(env.all()).doesNotContain("ASIAPLANTEDBYMALLORY");
        assertThat(env.exitCode()).isNotZero();
        assertThat(env.err()).contains("symbolic link");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void under_umask_000_every_directory_and_file_atmos_creates_is_private() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("h"));
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("ATMOS_PROFILE", "demo");
        env.put("ATMOS_KEYRING_TYPE", "file");
        env.put("ATMOS_KEYRING_PASSWORD", "correct horse battery");
        env.put("ATMOS_LOGS_FILE", home.resolve("logs/deep/atmos.log").toString());
        List<String> java = AtmosProcess.command("auth", "login");
        List<String> cmd = new java.util.ArrayList<>(List.of("/bin/bash", "-c", "umask 000; exec \"$@\"", "bash"));
        cmd.addAll(java);
        Cli.Result r = AtmosProcess.run(env, host.cwd(), "", cmd);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        try (Stream<Path> all = Files.walk(home)) {
            List<Path> created = all.filter(p -> !p.equals(home)).toList();
            assertThat(created).as("login wrote its files").anyMatch(p -> p.endsWith("credentials"))
                    .anyMatch(p -> p.toString().contains("keyring")).anyMatch(p -> p.toString().endsWith(".lock"))
                    .anyMatch(p -> p.endsWith("atmos.log"));
            for (Path p : created) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                assertThat(mode).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }
}
