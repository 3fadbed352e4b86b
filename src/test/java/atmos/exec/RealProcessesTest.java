package atmos.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import atmos.testing.AtmosProcess;
import atmos.testing.Cli;
import atmos.testing.FakeSts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * atmos as a real process with real children: Debian's aws CLI consuming the credentials (from the
 * files and from the environment), exit codes, Ctrl-C, and no secret in any process's arguments.
 */
class RealProcessesTest {
    private static final Path AWS = Path.of("/usr/bin/aws");

    @TempDir
    Path tmp;

    FakeSts sts;
    FakeSts.AccessKey key;
    FakeSts.MfaDevice mfa;
    Map<String, String> env = new HashMap<>();
    Path work;

    @BeforeEach
    void setUp() throws Exception {
        sts = FakeSts.start();
        FakeSts.User user = sts.addUser("111111111111", "superadmin");
        key = sts.createAccessKey(user);
        mfa = sts.enableVirtualMfa(user);
        sts.role("arn:aws:iam::999999999999:role/OrganizationAccountAccessRole").trust(user).create();
        work = Files.createDirectories(tmp.resolve("work"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(work.resolve("atmos.yaml"), """
                auth:
                  realm: proc
                  keyring:
                    type: file
                  identities:
                    superadmin:
                      kind: aws/user
                      credentials: {region: us-east-1, mfa_arn: %s}
                    prod-admin:
                      kind: aws/assume-role
                      via: {identity: superadmin}
                      principal: {assume_role: "arn:aws:iam::999999999999:role/OrganizationAccountAccessRole"}
                """.formatted(mfa.serialNumber()));
        env.put("HOME", home.toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("AWS_ENDPOINT_URL_STS", sts.endpoint());
        env.put("ATMOS_KEYRING_PASSWORD", "correct horse battery staple");
        Cli.Result configured = AtmosProcess.run(env, work, key.accessKeyId() + "\n" + key.secretAccessKey() + "\n\n",
                AtmosProcess.command("auth", "user", "configure", "-i", "superadmin"));
        assertThat(configured.exitCode()).as(configured.toString()).isZero();
    }

    @AfterEach
    void tearDown() {
        sts.close();
    }

    private String code() {
        return mfa.codeAt(sts.now());
    }

    @Test
    void theAwsCliReadsTheCredentialsFromTheFilesAtmosWrote() throws Exception {
        assumeAwsCli();
        Cli.Result r = AtmosProcess.run(env, work, code() + "\n", AtmosProcess.command("auth", "exec", "-i", "prod-admin", "--",
                AWS.toString(), "sts", "get-caller-identity", "--endpoint-url", sts.endpoint(), "--output", "json"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\"Arn\": \"arn:aws:sts::999999999999:assumed-role/OrganizationAccountAccessRole/atmos-prod-admin-")
                .contains("\"Account\": \"999999999999\"");
        assertThat(r.all()).doesNotContain(key.secretAccessKey());
    }

    @Test
    void theAwsCliReadsTheCredentialsFromTheEnvironmentAuthEnvPrints() throws Exception {
        assumeAwsCli();
        Cli.Result login = AtmosProcess.run(env, work, code() + "\n", AtmosProcess.command("auth", "login", "-i", "prod-admin"));
        assertThat(login.exitCode()).as(login.toString()).isZero();
        String atmos = String.join(" ", AtmosProcess.command("auth", "env", "-i", "prod-admin").stream().map(a -> "'" + a + "'").toList());
        String script = "set -e; eval \"$(" + atmos + ")\"; unset AWS_PROFILE AWS_SHARED_CREDENTIALS_FILE AWS_CONFIG_FILE; "
                + "AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null " + AWS
                + " sts get-caller-identity --endpoint-url " + sts.endpoint() + " --output text --query Arn";
        Cli.Result r = AtmosProcess.run(env, work, "", List.of("sh", "-c", script));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().strip()).startsWith("arn:aws:sts::999999999999:assumed-role/OrganizationAccountAccessRole/atmos-prod-admin-");
    }

    @Test
    void noSecretAppearsInTheArgumentsOfAtmosOrItsChild() throws Exception {
        String mfaCode = code();
        String script = "tr '\\0' ' ' < /proc/$$/cmdline; echo; tr '\\0' ' ' < /proc/$PPID/cmdline; echo; "
                + "grep -h aws_secret_access_key \"$AWS_SHARED_CREDENTIALS_FILE\" | sed 's/.*= *//'";
        Cli.Result r = AtmosProcess.run(env, work, mfaCode + "\n", AtmosProcess.command("auth", "exec", "-i", "prod-admin", "--", "sh", "-c", script));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        String sessionSecret = lines.get(lines.size() - 1).strip();
        assertThat(sessionSecret).hasSizeGreaterThan(20);
        String cmdlines = lines.get(0) + "\n" + lines.get(1);
        assertThat(cmdlines).contains("atmos.Main").contains("sh -c")
                .doesNotContain(sessionSecret).doesNotContain(key.secretAccessKey()).doesNotContain(mfaCode);
        assertThat(r.err()).doesNotContain(sessionSecret).doesNotContain(key.secretAccessKey()).doesNotContain(mfaCode);
    }

    @Test
    void theChildsExitCodeBecomesAtmossExitCode() throws Exception {
        Cli.Result r = AtmosProcess.run(env, work, code() + "\n", AtmosProcess.command("auth", "exec", "-i", "superadmin", "--", "sh", "-c", "exit 7"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
        Cli.Result missing = AtmosProcess.run(env, work, "", AtmosProcess.command("auth", "exec", "-i", "superadmin", "--", "no-such-command-xyz"));
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.err()).contains("command not found: no-such-command-xyz");
    }

    @Test
    void ctrlCReachesTheChildAndItsExitCodeIsKept() throws Exception {
        Path ready = tmp.resolve("ready");
        String script = "trap 'exit 42' INT; touch " + ready + "; while true; do sleep 0.1; done";
        List<String> cmd = new java.util.ArrayList<>(List.of("setsid"));
        cmd.addAll(AtmosProcess.command("auth", "exec", "-i", "superadmin", "--", "sh", "-c", script));
        Process p = AtmosProcess.start(env, work, cmd);
        try (var in = p.getOutputStream()) {
            in.write((code() + "\n").getBytes());
        }
        var err = AtmosProcess.drain(p.getErrorStream());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(ready) && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(50);
        }
        assertThat(Files.exists(ready)).as("child started; atmos said: %s", p.isAlive() ? "" : err.get()).isTrue();
        // A terminal's Ctrl-C goes to the whole foreground process group: atmos and its child.
        new ProcessBuilder("kill", "-INT", "--", "-" + p.pid()).start().waitFor();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("atmos said: %s", err.get()).isEqualTo(42);
    }

    private static void assumeAwsCli() {
        boolean ci = "true".equals(System.getenv("CI"));
        if (!Files.isExecutable(AWS)) {
            if (ci) {
                throw new AssertionError("CI=true but " + AWS + " is missing: the test command installs Debian's awscli");
            }
            assumeTrue(false, AWS + " is not installed (apt-get install awscli)");
        }
    }
}
