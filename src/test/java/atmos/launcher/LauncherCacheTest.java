package atmos.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import atmos.testing.AtmosProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher ({@code bin/atmos}) keeps the path of the JDK it executes in its cache: another local
 * user who can write there could run code as you. These run the real script against a stand-in JDK
 * whose {@code java} only records that it ran.
 */
class LauncherCacheTest {
    private static final int NOBODY = 65534;

    @TempDir
    Path tmp;

    Path install;
    Path jdk;
    Path ran;
    Path evil;
    Path evilRan;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        install = LauncherInstall.create(tmp.resolve("install"));
        Files.writeString(install.resolve("atmos.jar"), "not a real jar: the stand-in java never reads it");
        ran = tmp.resolve("ran.txt");
        jdk = StandInJdk.create(tmp.resolve("jdk"), "21.0.1", "printf '%s\\n' \"$*\" >> " + ran);
        evilRan = tmp.resolve("evil-ran.txt");
        evil = StandInJdk.create(tmp.resolve("evil"), "21.0.1", "echo EVIL > " + evilRan).resolve("bin/java");
        env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", tmp.resolve("home").toString());
        env.put("JAVA_HOME", jdk.toString());
        env.put("ATMOS_NO_CDS", "1");
        Files.createDirectories(tmp.resolve("home"));
    }

    private record Run(int exit, String err) {
    }

    private Run launch(String umask) throws Exception {
        Process p = AtmosProcess.start(env, tmp, List.of("/bin/bash", "-c", "umask " + umask + "; exec \"$0\" version",
                install.resolve("bin/atmos").toString()));
        p.getOutputStream().close();
        var err = AtmosProcess.drain(p.getErrorStream());
        AtmosProcess.drain(p.getInputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        return new Run(p.exitValue(), err.get());
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    private Path cache() {
        return tmp.resolve("home/.cache/atmos-java");
    }

    private Path choiceFile() {
        return cache().resolve("java-" + jdk.toString().replace('/', '_'));
    }

    @Test
    void under_umask_000_the_cache_its_new_parents_and_the_choice_file_are_private() throws Exception {
        env.put("XDG_CACHE_HOME", tmp.resolve("home/made/by/atmos").toString());
        Run r = launch("000");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(ran)).contains("-jar").contains("version");
        Path cache = tmp.resolve("home/made/by/atmos/atmos-java");
        assertThat(mode(cache)).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("home/made"))).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("home/made/by"))).isEqualTo("rwx------");
        try (var files = Files.list(cache)) {
            for (Path f : files.toList()) {
                assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void a_choice_file_planted_in_a_cache_others_can_write_to_is_never_executed() throws Exception {
        Files.createDirectories(cache());
        Files.setPosixFilePermissions(cache(), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(choiceFile(), "21 " + evil + "\n");
        Files.setPosixFilePermissions(choiceFile(), PosixFilePermissions.fromString("rw-rw-rw-"));
        Run r = launch("022");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(evilRan).doesNotExist();
        assertThat(Files.readString(ran)).contains("version");
        assertThat(r.err()).contains("writable by other users");
        assertThat(mode(cache())).isEqualTo("rwx------");
        assertThat(Files.readString(choiceFile())).doesNotContain(evil.toString());
    }

    @Test
    void a_cache_directory_of_another_user_is_not_used_at_all() throws Exception {
        assumeTrue(isRoot(), "needs root to give files to another user");
        Files.createDirectories(cache());
        Files.writeString(choiceFile(), "21 " + evil + "\n");
        Files.setPosixFilePermissions(cache(), PosixFilePermissions.fromString("rwx------"));
        Files.setAttribute(choiceFile(), "unix:uid", NOBODY);
        Files.setAttribute(cache(), "unix:uid", NOBODY);
        Run r = launch("022");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(evilRan).doesNotExist();
        assertThat(Files.readString(ran)).contains("version");
        assertThat(r.err()).contains("not a directory of yours");
        assertThat(Files.readString(choiceFile())).as("another user's files are left alone").contains(evil.toString());
    }

    @Test
    void a_choice_file_of_another_user_in_our_own_cache_is_discarded() throws Exception {
        assumeTrue(isRoot(), "needs root to give files to another user");
        Files.createDirectories(cache());
        Files.setPosixFilePermissions(cache(), PosixFilePermissions.fromString("rwx------"));
        Files.writeString(choiceFile(), "21 " + evil + "\n");
        Files.setPosixFilePermissions(choiceFile(), PosixFilePermissions.fromString("rw-------"));
        Files.setAttribute(choiceFile(), "unix:uid", NOBODY);
        Run r = launch("022");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(evilRan).doesNotExist();
        assertThat(Files.readString(ran)).contains("version");
    }

    @Test
    void a_cache_that_is_a_symbolic_link_is_refused() throws Exception {
        Path elsewhere = tmp.resolve("elsewhere");
        Files.createDirectories(elsewhere);
        Files.writeString(elsewhere.resolve("java-" + jdk.toString().replace('/', '_')), "21 " + evil + "\n");
        Files.createDirectories(cache().getParent());
        Files.createSymbolicLink(cache(), elsewhere);
        Run r = launch("022");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(evilRan).doesNotExist();
        assertThat(r.err()).contains("not a directory of yours");
    }

    @Test
    void with_no_home_the_launcher_runs_without_a_cache_and_writes_nothing_to_the_root() throws Exception {
        env.put("HOME", "");
        Run r = launch("022");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(ran)).contains("version");
        assertThat(Path.of("/.cache/atmos-java")).doesNotExist();
    }

    @Test
    void the_choice_it_wrote_itself_is_used_on_the_next_run() throws Exception {
        assertThat(launch("022").exit()).isZero();
        assertThat(Files.readString(choiceFile(), StandardCharsets.UTF_8)).isEqualTo("21 " + jdk.resolve("bin/java") + "\n");
        Run second = launch("022");
        assertThat(second.exit()).isZero();
        assertThat(second.err()).isEmpty();
        assertThat(Files.readAllLines(ran)).hasSize(2);
    }

    @Test
    void once_checked_an_unchanged_cache_is_trusted_without_forking_find() throws Exception {
        Path bin = tmp.resolve("spy");
        Path finds = tmp.resolve("finds.txt");
        Files.createDirectories(bin);
        Files.writeString(bin.resolve("find"), "#!/bin/sh\necho find >> " + finds + "\nexec /usr/bin/find \"$@\"\n");
        Files.setPosixFilePermissions(bin.resolve("find"), PosixFilePermissions.fromString("rwxr-xr-x"));
        env.put("PATH", bin + ":/usr/bin:/bin");
        assertThat(launch("022").exit()).isZero();
        assertThat(finds).as("the first run checks the new directory").exists();
        // The choice file the first run wrote is checked by a later run; a run in the same clock tick as a
        // check checks again. Within a few runs one finds everything older than the last check.
        int runs = 1;
        long before;
        do {
            before = Files.readAllLines(finds).size();
            assertThat(launch("022").exit()).isZero();
            runs++;
        } while (Files.readAllLines(finds).size() > before && runs < 10);
        assertThat(Files.readAllLines(finds)).as("a run that forked no find").hasSize((int) before);
        Run next = launch("022");
        assertThat(next.exit()).as(next.err()).isZero();
        assertThat(Files.readAllLines(finds)).as("nothing changed since the last check").hasSize((int) before);
        assertThat(Files.readAllLines(ran)).hasSize(runs + 1).allMatch(l -> l.endsWith("version"));
    }

    @Test
    void a_file_others_could_write_to_after_the_last_check_is_caught_by_its_modification_time() throws Exception {
        assertThat(launch("022").exit()).isZero();
        assertThat(launch("022").exit()).isZero();
        // The owner opens the cache to others after it was checked; someone rewrites the choice file in place
        // (no entry added, removed or renamed: the directory's own time stamp does not change).
        Files.setPosixFilePermissions(cache(), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(choiceFile(), PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.writeString(choiceFile(), "21 " + evil + "\n");
        Run r = launch("022");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(evilRan).doesNotExist();
        assertThat(r.err()).contains("writable by other users");
        assertThat(mode(cache())).isEqualTo("rwx------");
    }

    @Test
    void a_time_stamp_of_another_user_is_not_taken_for_a_check() throws Exception {
        assumeTrue(isRoot(), "needs root to give files to another user");
        Files.createDirectories(cache());
        Files.setPosixFilePermissions(cache(), PosixFilePermissions.fromString("rwx------"));
        Files.writeString(choiceFile(), "21 " + evil + "\n");
        Files.setAttribute(choiceFile(), "unix:uid", NOBODY);
        Path checked = cache().resolve("checked");
        Files.writeString(checked, "checked\n");
        Files.setLastModifiedTime(checked, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 86_400_000L));
        Files.setAttribute(checked, "unix:uid", NOBODY);
        Run r = launch("022");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(evilRan).doesNotExist();
        assertThat(Files.readString(ran)).contains("version");
    }

    private static boolean isRoot() throws Exception {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }
}
