package atmos.system;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.AtmosProcess;
import atmos.testing.Cli;
import atmos.testing.SsoWorld;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 6, permissions: a whole IAM Identity Center login, {@code auth env --output-file}, an exec
 * and an audit trail, run as real processes under {@code umask 000}, leave every file they create 0600
 * and every directory 0700; existing files and directories of atmos's that are too open are tightened
 * (or, when others could have written to them, discarded); and nothing follows a link out of atmos's
 * directories. Mode checks, not EACCES: the tests run as root, whom permissions do not stop.
 *
 * <p>The pieces (each check of {@link SecureFiles}, planted files of another user) are proven one by one
 * in {@code SecureFilesTest} and {@code cloud/aws/PlantedCredentialsTest}; this class is the whole run.
 */
class UmaskZeroLoginLeavesEverythingPrivateTest {
    @TempDir
    Path tmp;

    SsoWorld world;

    @BeforeEach
    void setUp() throws Exception {
        world = SsoWorld.start(tmp.resolve("w"), "perm", "{name: plat-dev}", Duration.ofHours(8));
        world.sso.autoApproveDevices(Duration.ZERO);
        Files.writeString(world.work.resolve("atmos.yaml"), Files.readString(world.work.resolve("atmos.yaml"))
                .replace("auth:\n", "auth:\n  logs:\n    audit: ~/.local/state/atmos/audit.jsonl\n"));
        world.env.put("ATMOS_LOGS_FILE", world.home.resolve("logs/deep/atmos.log").toString());
        world.env.put("ATMOS_LOGS_LEVEL", "Info");
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    /** Runs atmos in its own JVM with umask 000, so every file it creates would be 0666 and every directory 0777 by default. */
    private Cli.Result underUmask000(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "umask 000; exec \"$@\"", "sh"));
        cmd.addAll(AtmosProcess.command(args));
        return AtmosProcess.run(world.env, world.work, "", cmd);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private List<Path> createdUnderHome() throws Exception {
        try (Stream<Path> all = Files.walk(world.home)) {
            return all.filter(p -> !p.equals(world.home)).toList();
        }
    }

    @Test
    void every_file_and_directory_a_whole_login_creates_is_owner_only() throws Exception {
        Path envFile = world.home.resolve("out/env/identity.env");
        for (String[] args : new String[][] {{"auth", "login"}, {"auth", "env", "-f", "dotenv", "-o", envFile.toString()},
                {"auth", "exec", "--", "true"}, {"auth", "whoami"}}) {
            Cli.Result r = underUmask000(args);
            assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        }
        List<Path> created = createdUnderHome();
        assertThat(created).as("the run wrote what it should")
                .anyMatch(p -> p.endsWith("credentials")).anyMatch(p -> p.endsWith("config"))
                .anyMatch(p -> p.toString().contains("/keyring/")).anyMatch(p -> p.toString().endsWith(".lock"))
                .anyMatch(p -> p.endsWith("atmos.log")).anyMatch(p -> p.endsWith("audit.jsonl")).anyMatch(p -> p.equals(envFile));
        for (Path p : created) {
            assertThat(Files.isSymbolicLink(p)).as(p + " is a link").isFalse();
            assertThat(mode(p)).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
        }
    }

    @Test
    void loose_existing_modes_are_tightened_and_files_others_could_write_are_discarded() throws Exception {
        assertThat(underUmask000("auth", "login").exitCode()).isZero();
        Path credentials;
        try (Stream<Path> files = Files.walk(world.home.resolve(".config/atmos"))) {
            credentials = files.filter(p -> p.endsWith("credentials")).findFirst().orElseThrow();
        }
        Path awsDir = credentials.getParent().getParent();
        Path keyringDir = world.home.resolve(".local/share/atmos/keyring");
        Files.setPosixFilePermissions(awsDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(keyringDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-r--r--"));
        // env reads the AWS files, login --provider the keyring: each checks the directories on its way.
        Cli.Result env = underUmask000("auth", "env", "-f", "json");
        assertThat(env.exitCode()).as(env.toString()).isZero();
        Cli.Result provider = underUmask000("auth", "login", "--provider", "acme-sso");
        assertThat(provider.exitCode()).as(provider.toString()).isZero();
        assertThat(mode(awsDir)).isEqualTo("rwx------");
        assertThat(mode(keyringDir)).isEqualTo("rwx------");
        assertThat(mode(credentials)).as("readable by others: tightened and kept").isEqualTo("rw-------");

        String before = Files.readString(credentials);
        Files.writeString(credentials, before.replaceAll("aws_access_key_id\\s*=\\s*\\S+", "aws_access_key_id = ASIAPLANTEDBYMALLORY"));
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-rw-rw-"));
        Cli.Result again = underUmask000("auth", "exec", "--", "true");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(Files.readString(credentials)).as("writable by others: not trusted, written anew from the keyring")
                .doesNotContain("ASIAPLANTEDBYMALLORY");
        assertThat(mode(credentials)).isEqualTo("rw-------");
    }

    @Test
    void no_link_below_the_atmos_directories_is_followed_and_their_targets_are_left_alone() throws Exception {
        assertThat(underUmask000("auth", "login").exitCode()).isZero();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(outside.resolve("planted"), "[plat-dev/terraform]\naws_access_key_id = ASIAPLANTEDBYMALLORY\n");

        // The realm's directory of the AWS files, the lock directory, a keyring item: each a link out.
        Path realm = world.home.resolve(".config/atmos/perm");
        Path locks = world.home.resolve(".local/state/atmos/locks");
        Path item;
        try (Stream<Path> items = Files.list(world.home.resolve(".local/share/atmos/keyring"))) {
            item = items.filter(p -> p.getFileName().toString().endsWith("acme-sso")).findFirst().orElseThrow();
        }
        record Case(Path path, Path target, String[] args) {
        }
        for (Case c : List.of(new Case(realm, outside, new String[] {"auth", "env", "-f", "json"}),
                new Case(locks, outside, new String[] {"auth", "login", "--force"}),
                new Case(item, outside.resolve("planted"), new String[] {"auth", "login", "--provider", "acme-sso"}))) {
            Path aside = Files.move(c.path(), tmp.resolve("aside-" + c.path().getFileName()));
            Files.createSymbolicLink(c.path(), c.target());
            Cli.Result r = underUmask000(c.args());
            assertThat(r.exitCode()).as(c.path() + "\n" + r).isNotZero();
            assertThat(r.err()).as(c.path() + "\n" + r).contains("symbolic link").contains("hint:").doesNotContain("\tat ");
            assertThat(r.out()).doesNotContain("ASIAPLANTEDBYMALLORY");
            Files.delete(c.path());
            Files.move(aside, c.path());
        }
        assertThat(mode(outside)).as("the links' target keeps its mode").isEqualTo("rwxr-xr-x");
        try (Stream<Path> items = Files.list(outside)) {
            assertThat(items.map(p -> p.getFileName().toString()).toList()).as("nothing was written there").containsExactly("planted");
        }
        assertThat(Files.readString(outside.resolve("planted"))).contains("ASIAPLANTEDBYMALLORY");
        assertThat(underUmask000("auth", "exec", "--", "true").exitCode()).as("all is well once the links are gone").isZero();
    }
}
