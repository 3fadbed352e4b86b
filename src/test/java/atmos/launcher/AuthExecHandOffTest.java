package atmos.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.snapshot.FastPath;
import atmos.snapshot.Snapshots;
import atmos.testing.Acme;
import atmos.testing.AtmosProcess;
import atmos.testing.Cli;
import atmos.testing.RecordingProcessRunner;
import atmos.testing.TestHost;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code auth exec} on the cached path, both halves together: what the JVM hands over (written by the real
 * {@link FastPath} from a snapshot) applied by the real launcher, which then {@code exec}s the command. The
 * command must get exactly the environment the normal path gives it — the user's variables, also those
 * named like the launcher's own or that bash cannot name, less what would shadow the identity — whether
 * the launcher applies the change itself or, for names bash will not set, starts it under {@code env -i}.
 */
class AuthExecHandOffTest {
    @TempDir
    Path tmp;

    Path repo;
    Path install;
    Path handoff;
    TestHost host;
    final Map<String, String> env = new HashMap<>();
    final MemoryKeyring keyring = new MemoryKeyring();
    final RecordingProcessRunner processes = new RecordingProcessRunner(0);

    @BeforeEach
    void setUp() throws Exception {
        repo = Acme.copyTo(tmp.resolve("acme"));
        install = LauncherInstall.create(tmp.resolve("install"));
        Files.writeString(install.resolve("atmos.jar"), "not a real jar");
        handoff = tmp.resolve("handoff.txt");
        // A JDK whose java answers as atmos's cached path would: with the hand-off written by FastPath below.
        Path jdk = StandInJdk.create(tmp.resolve("jdk"), "21.0.1", "cat " + handoff + " >&3");

        host = new TestHost(tmp).cwd(repo);
        env.put("HOME", host.home().toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("JAVA_HOME", jdk.toString());
        env.put("ATMOS_NO_CDS", "1");
        env.put("ATMOS_PROFILE", "demo");
        env.put("SHLVL", "1");
        // PWD as a shell exports it: see run. (Bash drops an OLDPWD that is not a directory.)
        env.put("OLDPWD", tmp.toString());
        // What the identity's environment must replace or remove, and what must pass untouched.
        env.put("AWS_ACCESS_KEY_ID", "AKIASTRAYKEY");
        env.put("AWS_PROFILE", "someone-else");
        env.put("here", "the user's");
        env.put("jar", "the user's");
        env.put("cache", "the user's");
        env.put("flags", "the user's");
        env.put("odd.name", "passes through");
        env.put("QUOTES", "it's a \"$HOME\" `x`");
    }

    /** The environment the command gets on the normal path, and the one it gets from the launcher's exec. */
    record Envs(Map<String, String> normal, Map<String, String> launched, String handedOver) {
    }

    Envs run() throws Exception {
        return run(repo);
    }

    /** {@code auth exec -- env} started in {@code dir} (atmos's -C when it is not the repository). */
    Envs run(Path dir) throws Exception {
        List<String> words = new java.util.ArrayList<>();
        if (!dir.equals(repo)) {
            words.addAll(List.of("-C", repo.toString()));
        }
        words.addAll(List.of("auth", "exec", "--", "env"));
        String[] args = words.toArray(new String[0]);
        host.cwd(dir);
        env.put("PWD", dir.toString());
        env.forEach(host::env);
        List<String> login = new java.util.ArrayList<>(words.subList(0, words.size() - 4));
        login.addAll(List.of("auth", "login"));
        Cli.Result loggedIn = Cli.with(host.build()).systemKeyring(keyring).processes(processes).run(login.toArray(new String[0]));
        assertThat(loggedIn.exitCode()).as(loggedIn.toString()).isZero();
        Cli.Result normal = Cli.with(host.build()).systemKeyring(keyring).processes(processes)
                .snapshots(new Snapshots.Policy(Duration.ZERO)).run(args);
        assertThat(normal.exitCode()).as(normal.toString()).isZero();
        Map<String, String> normalEnv = processes.last().env();

        // The launcher's JVM sees the launcher's environment: bash has raised SHLVL by then.
        TestHost jvm = host.env("SHLVL", "2");
        Files.writeString(handoff, "");
        int code = FastPath.run(jvm.build(), processes, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                args, handoff);
        assertThat(code).as("answered from the snapshot").isZero();
        String handedOver = Files.readString(handoff);

        List<String> launcher = new java.util.ArrayList<>(List.of("/bin/bash", install.resolve("bin/atmos").toString()));
        launcher.addAll(words);
        Process p = AtmosProcess.start(env, dir, launcher);
        p.getOutputStream().close();
        var out = AtmosProcess.drain(p.getInputStream());
        var err = AtmosProcess.drain(p.getErrorStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err.get()).isZero();
        Map<String, String> launched = new TreeMap<>();
        for (String line : out.get().split("\n")) {
            int eq = line.indexOf('=');
            launched.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return new Envs(without(normalEnv), without(launched), handedOver);
    }

    /** Less what a shell sets for each command it runs ({@code _}) and its nesting level. */
    static Map<String, String> without(Map<String, String> env) {
        Map<String, String> m = new TreeMap<>(env);
        m.remove("_");
        m.remove("SHLVL");
        return m;
    }

    @Test
    void the_launcher_applies_the_change_itself_and_the_command_gets_what_the_normal_path_gives() throws Exception {
        Envs e = run();
        assertThat(e.handedOver()).contains("atmos_unset=(").contains("atmos_export=(").doesNotContain("atmos_clean")
                .doesNotContain("atmos_env=").doesNotContain("the user's").doesNotContain("AKIASTRAYKEY");
        assertThat(e.launched()).isEqualTo(e.normal());
        assertThat(e.launched()).containsEntry("AWS_PROFILE", "demo/admin").doesNotContainKey("AWS_ACCESS_KEY_ID")
                .containsEntry("here", "the user's").containsEntry("jar", "the user's").containsEntry("cache", "the user's")
                .containsEntry("flags", "the user's").containsEntry("odd.name", "passes through")
                .containsEntry("QUOTES", "it's a \"$HOME\" `x`").containsEntry("ATMOS_PROFILE", "demo");
    }

    @Test
    void a_name_bash_will_not_set_sends_the_whole_environment_through_env_dash_i_with_the_same_result() throws Exception {
        Path profile = repo.resolve("profiles/demo/atmos.yaml");
        String yaml = Files.readString(profile);
        // demo/admin gets a variable bash gives a meaning of its own.
        String withEnv = yaml.replaceFirst("(?m)^(    demo/admin:\\n)", "$1      env:\n        - key: BASH_ENV\n          value: /dev/null\n");
        assertThat(withEnv).as("the demo profile's admin identity").isNotEqualTo(yaml);
        Files.writeString(profile, withEnv);
        Envs e = run();
        assertThat(e.handedOver()).contains("atmos_clean=1").contains("atmos_env=(").doesNotContain("atmos_unset");
        assertThat(e.launched()).isEqualTo(e.normal()).containsEntry("BASH_ENV", "/dev/null").containsEntry("jar", "the user's");
    }

    @Test
    void in_another_directory_the_command_gets_pwd_and_oldpwd_as_the_normal_path_passes_them() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Envs e = run(elsewhere);
        assertThat(e.handedOver()).as("a cd would rewrite PWD and OLDPWD").contains("atmos_clean=1");
        assertThat(e.launched()).isEqualTo(e.normal()).containsEntry("OLDPWD", tmp.toString())
                .containsEntry("PWD", elsewhere.toString());
    }
}
