package atmos.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import atmos.error.AtmosException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What another local user could plant or swap in atmos's own directories is refused or made harmless. */
class SecureFilesTest {
    static final int NOBODY = 65534;

    @TempDir
    Path tmp;

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    static boolean isRoot() throws Exception {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    @Test
    void missing_directories_are_created_owner_only_and_existing_parents_are_left_alone() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        SecureFiles.securePrivateDir(tmp.resolve("atmos"), tmp.resolve("atmos/realm/aws/acme"));
        for (String p : new String[] {"atmos", "atmos/realm", "atmos/realm/aws", "atmos/realm/aws/acme"}) {
            assertThat(mode(tmp.resolve(p))).as(p).isEqualTo("rwx------");
        }
        assertThat(mode(tmp)).as("not ours to change").isEqualTo("rwxr-xr-x");
    }

    @Test
    void a_directory_of_ours_that_others_could_write_to_is_made_private() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("atmos/aws/acme"));
        Files.setPosixFilePermissions(tmp.resolve("atmos/aws"), PosixFilePermissions.fromString("rwxrwxrwx"));
        SecureFiles.securePrivateDir(tmp.resolve("atmos"), dir);
        assertThat(mode(tmp.resolve("atmos/aws"))).isEqualTo("rwx------");
    }

    @Test
    void a_secret_file_others_could_write_to_is_not_trusted_and_is_removed() throws Exception {
        Path file = Files.createDirectories(tmp.resolve("atmos/aws/acme")).resolve("credentials");
        Files.writeString(file, "[x]\naws_access_key_id = PLANTED\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(SecureFiles.checkSecretFile(tmp.resolve("atmos"), file)).isFalse();
        assertThat(file).doesNotExist();
    }

    @Test
    void a_secret_file_only_others_could_read_is_tightened_and_kept() throws Exception {
        Path file = Files.createDirectories(tmp.resolve("atmos")).resolve("credentials");
        Files.writeString(file, "mine");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(SecureFiles.checkSecretFile(tmp.resolve("atmos"), file)).isTrue();
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("mine");
    }

    @Test
    void a_symlinked_provider_directory_is_refused_and_its_target_is_not_touched() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(target.resolve("credentials"), "[x]\n");
        Files.createDirectories(tmp.resolve("atmos/aws"));
        Files.createSymbolicLink(tmp.resolve("atmos/aws/acme"), target);

        assertThatThrownBy(() -> SecureFiles.checkSecretFile(tmp.resolve("atmos"), tmp.resolve("atmos/aws/acme/credentials")))
                .isInstanceOf(AtmosException.class).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> SecureFiles.securePrivateDir(tmp.resolve("atmos"), tmp.resolve("atmos/aws/acme")))
                .isInstanceOf(AtmosException.class).hasMessageContaining("symbolic link");
        assertThat(mode(target)).as("the link's target keeps its mode").isEqualTo("rwxr-xr-x");
    }

    @Test
    void a_symlinked_secret_file_is_refused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("atmos"));
        Files.writeString(tmp.resolve("other"), "x");
        Files.createSymbolicLink(dir.resolve("credentials"), tmp.resolve("other"));
        assertThatThrownBy(() -> SecureFiles.checkSecretFile(dir, dir.resolve("credentials")))
                .isInstanceOf(AtmosException.class).hasMessageContaining("symbolic link");
    }

    @Test
    void the_root_may_be_reached_through_a_link_of_the_users_own() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("dotfiles/atmos"));
        Files.createSymbolicLink(tmp.resolve("atmos"), real);
        Files.writeString(real.resolve("credentials"), "x");
        Files.setPosixFilePermissions(real.resolve("credentials"), PosixFilePermissions.fromString("rw-------"));
        assertThat(SecureFiles.checkSecretFile(tmp.resolve("atmos"), tmp.resolve("atmos/credentials"))).isTrue();
    }

    @Test
    void a_file_of_another_user_is_refused_with_a_hint() throws Exception {
        assumeTrue(isRoot(), "needs root to give a file to another user");
        Path file = Files.createDirectories(tmp.resolve("atmos/aws/acme")).resolve("credentials");
        Files.writeString(file, "[x]\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.setAttribute(file, "unix:uid", NOBODY);
        assertThatThrownBy(() -> SecureFiles.checkSecretFile(tmp.resolve("atmos"), file))
                .isInstanceOfSatisfying(AtmosException.class, e -> {
                    assertThat(e.getMessage()).contains("belongs to another user (uid " + NOBODY);
                    assertThat(e.hint()).contains("rm -rf " + file);
                });
        assertThat(file).exists();
    }

    @Test
    void a_directory_of_another_user_is_refused_even_when_private() throws Exception {
        assumeTrue(isRoot(), "needs root to give a directory to another user");
        Path dir = Files.createDirectories(tmp.resolve("atmos/aws/acme"));
        Files.setAttribute(tmp.resolve("atmos/aws"), "unix:uid", NOBODY);
        assertThatThrownBy(() -> SecureFiles.securePrivateDir(tmp.resolve("atmos"), dir))
                .isInstanceOf(AtmosException.class).hasMessageContaining("belongs to another user");
    }

    @Test
    void a_lock_file_that_is_a_link_is_refused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("locks"));
        Files.writeString(tmp.resolve("victim"), "x");
        Files.createSymbolicLink(dir.resolve("a.lock"), tmp.resolve("victim"));
        assertThatThrownBy(() -> SecureFiles.lock(dir, dir.resolve("a.lock"), java.time.Duration.ofSeconds(1), null))
                .isInstanceOf(AtmosException.class).hasMessageContaining("cannot open lock file");
    }

    @Test
    void appending_creates_the_file_owner_only() throws Exception {
        Path file = tmp.resolve("new/dir/out.env");
        SecureFiles.append(file, "A=1\n".getBytes());
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(tmp.resolve("new"))).isEqualTo("rwx------");
    }

    @Test
    void a_file_with_a_name_near_the_length_limit_is_written_and_its_stale_temporaries_found() throws Exception {
        Path file = tmp.resolve("x".repeat(250));
        SecureFiles.writeAtomically(file, "one".getBytes());
        SecureFiles.writeAtomically(file, "two".getBytes());
        assertThat(Files.readString(file)).isEqualTo("two");
        Path stale = tmp.resolve("." + "x".repeat(64) + "123.tmp");
        Files.writeString(stale, "left by a writer that died");
        SecureFiles.removeStaleTemporaries(file);
        assertThat(stale).doesNotExist();
        try (var names = Files.list(tmp)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactly("x".repeat(250));
        }
    }
}
