package atmos.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.AtmosProcess;
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
 * The launcher's side of the cached path, run against a stand-in JDK whose {@code java} records its
 * arguments and answers on the hand-off descriptor as the real one would: which start-up cache and
 * flags each kind of command gets, a miss handed back (the normal path then runs in a JVM of its own),
 * and auth exec's command handed over and exec'd by the script in place of a child of the JVM.
 */
class LauncherCachedPathTest {
    @TempDir
    Path tmp;

    Path install;
    Path jdk;
    Path calls;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        install = LauncherInstall.create(tmp.resolve("install"));
        Files.writeString(install.resolve("atmos.jar"), "not a real jar");
        calls = tmp.resolve("calls.txt");
        env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", tmp.resolve("home").toString());
        Files.createDirectories(tmp.resolve("home"));
    }

    /** A JDK 21 whose java appends its arguments to calls.txt, then runs {@code body}. */
    void java(String body) throws Exception {
        jdk = StandInJdk.create(tmp.resolve("jdk"), "21.0.1", "printf '%s\\n' \"$*\" >> " + calls + "\n" + body);
        env.put("JAVA_HOME", jdk.toString());
    }

    record Run(int exit, String out, String err) {
    }

    Run atmos(String... args) throws Exception {
        Process p = AtmosProcess.start(env, tmp, AtmosProcessArgs.of(install.resolve("bin/atmos"), args));
        p.getOutputStream().close();
        var out = AtmosProcess.drain(p.getInputStream());
        var err = AtmosProcess.drain(p.getErrorStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out.get(), err.get());
    }

    /** The archives a trained cache holds (contents do not matter to the stand-in). */
    void trainedArchives() throws Exception {
        trainedArchives("21", "jsa");
    }

    void trainedArchives(String major, String ext) throws Exception {
        Path cache = tmp.resolve("home/.cache/atmos-java");
        Files.createDirectories(cache);
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx------"));
        String stem = "atmos-" + major + install.resolve("bin/../atmos.jar").toString().replaceAll("[/.]", "_");
        for (String name : List.of(stem + "." + ext, stem + "-cached." + ext)) {
            Files.writeString(cache.resolve(name), "");
            Files.setPosixFilePermissions(cache.resolve(name), PosixFilePermissions.fromString("rw-------"));
        }
    }

    List<String> calls() throws Exception {
        return Files.readAllLines(calls);
    }

    @Test
    void otherCommandsRunInOneJvmWithTheWholeProgramsCache() throws Exception {
        java("echo listed");
        trainedArchives();
        Run r = atmos("auth", "list");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("listed\n");
        assertThat(calls()).singleElement().asString().contains(".jsa").doesNotContain("-cached.jsa").doesNotContain("-Xint")
                .doesNotContain("atmos.handoff").endsWith("-jar " + install.resolve("bin/../atmos.jar") + " auth list");
    }

    @Test
    void aCachedPathCommandAnswersInAnInterpretedJvmWithTheCachedPathsCache() throws Exception {
        java("echo '{\"AWS_PROFILE\": \"x\"}'; exit 0");
        trainedArchives();
        Run r = atmos("auth", "env", "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("{\"AWS_PROFILE\": \"x\"}\n");
        assertThat(calls()).singleElement().asString().contains("-Xint").contains("-cached.jsa").contains("-Datmos.handoff=/dev/fd/3")
                .as("names the main class: -jar would open the jar to read its manifest")
                .endsWith("-cp " + install.resolve("bin/../atmos.jar") + " atmos.Main auth env --format json")
                .contains("-XX:ArchiveRelocationMode=0");
    }

    @Test
    void theCachedPathsJvmMapsItsCacheWhereItAsksAndNoOtherJvmDoes() throws Exception {
        java("""
                case "$*" in
                  *atmos.handoff=/dev/fd/3*) echo atmos_miss=1 >&3 ;;
                  *) echo normal-path ;;
                esac""");
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
        trainedArchives("25", "aot");
        Run r = atmos("auth", "env");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(calls()).hasSize(2);
        assertThat(calls().get(0)).contains("-XX:ArchiveRelocationMode=0").contains("-cached.aot");
        assertThat(calls().get(1)).as("the normal path's JVM reads what users give it: the JDK's default, a random address")
                .doesNotContain("ArchiveRelocationMode").doesNotContain("-cached.aot").contains("-jar");
    }

    @Test
    void aMissIsHandedBackAndTheNormalPathRunsInAJvmOfItsOwn() throws Exception {
        java("""
                case "$*" in
                  *atmos.handoff=/dev/fd/3*) echo atmos_miss=1 >&3 ;;
                  *) echo normal-path; exit 3 ;;
                esac""");
        trainedArchives();
        Run r = atmos("terraform", "plan", "vpc", "-s", "dev", "--dry-run");
        assertThat(r.exit()).as("the normal path's exit code").isEqualTo(3);
        assertThat(r.out()).isEqualTo("normal-path\n");
        assertThat(calls()).hasSize(2);
        assertThat(calls().get(1)).contains("-Datmos.handoff=done").doesNotContain("-Xint").doesNotContain("-cached.jsa").contains(".jsa");
    }

    @Test
    void authExecHandsTheCommandOverAndTheScriptExecsItInPlaceOfTheJvm() throws Exception {
        Path ran = tmp.resolve("ran.txt");
        Path handoff = tmp.resolve("handoff.txt");
        Files.writeString(handoff, "atmos_dir=" + tmp + "\n" + "atmos_clean=1\n"
                + "atmos_env=( 'PATH=/usr/bin:/bin' 'AWS_PROFILE=demo/admin' 'ODD=it'\"'\"'s a $HOME' )\n"
                + "atmos_cmd=( /bin/sh -c 'echo \"$AWS_PROFILE|$ODD\" > " + ran + "; env >> " + ran + "; exit 5' )\n");
        java("cat " + handoff + " >&3");
        trainedArchives();
        Run r = atmos("auth", "exec", "--", "ignored");
        assertThat(r.exit()).as("the command's exit code").isEqualTo(5);
        List<String> lines = Files.readAllLines(ran);
        assertThat(lines.get(0)).isEqualTo("demo/admin|it's a $HOME");
        assertThat(lines).as("exactly the environment handed over (env -i)").contains("AWS_PROFILE=demo/admin")
                .noneMatch(l -> l.startsWith("HOME=") || l.startsWith("JAVA_HOME="));
        assertThat(calls()).hasSize(1);
    }

    @Test
    void trainingMakesBothCaches() throws Exception {
        java("""
                for a in "$@"; do case "$a" in -XX:ArchiveClassesAtExit=*) : > "${a#-XX:ArchiveClassesAtExit=}" ;; esac; done""");
        Files.createDirectories(tmp.resolve("home/.cache/atmos-java"));
        Run r = atmos("__train");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(String.join("\n", calls())).contains("__warmup").contains("__warmup-cached prepare").contains("__warmup-cached replay");
        try (var files = Files.list(tmp.resolve("home/.cache/atmos-java"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).anyMatch(n -> n.endsWith("-cached.jsa"))
                    .anyMatch(n -> n.endsWith("_jar.jsa"));
        }
    }

    /** The launcher's command line. */
    static final class AtmosProcessArgs {
        static List<String> of(Path launcher, String... args) {
            List<String> cmd = new java.util.ArrayList<>(List.of("/bin/bash", launcher.toString()));
            cmd.addAll(List.of(args));
            return cmd;
        }
    }
}
