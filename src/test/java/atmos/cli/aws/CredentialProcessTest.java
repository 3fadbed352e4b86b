package atmos.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.exec.SystemProcessRunner;
import atmos.keyring.MemoryKeyring;
import atmos.testing.AtmosProcess;
import atmos.testing.AwsCli;
import atmos.testing.BarePty;
import atmos.testing.Cli;
import atmos.testing.FakeSts;
import atmos.testing.RecordingProcessRunner;
import atmos.testing.ScriptedPrompter;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atmos aws credential-process} (the Go Atmos's name, and its alias {@code auth env --format
 * credential-process}): the AWS credential_process document, renewed under the login lock when the
 * cached session would not last {@code --min-validity}; prompts on the controlling terminal; and the
 * opt-in {@code spec.files.credential_process} that makes the isolated AWS config use it.
 */
class CredentialProcessTest {
    @TempDir
    Path tmp;

    FakeSts sts;
    FakeSts.MfaDevice mfa;
    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();

    @BeforeEach
    void setUp() {
        sts = FakeSts.start();
        sts.rejectMfaCodeReuse(false);
        FakeSts.User user = sts.addUser("111111111111", "dev");
        FakeSts.AccessKey key = sts.createAccessKey(user);
        mfa = sts.enableVirtualMfa(user);
        sts.role("arn:aws:iam::222222222222:role/Admin").trust(user).maxSessionDuration(Duration.ofHours(1)).create();
        host = new TestHost(tmp).clock(sts.clock()).env("AWS_ENDPOINT_URL_STS", sts.endpoint())
                .env("DEV_KEY_ID", key.accessKeyId()).env("DEV_SECRET", key.secretAccessKey());
        config("");
    }

    void config(String providerFiles) {
        host.write("atmos.yaml", """
                auth:
                  providers:
                    office:
                      kind: mock/aws
                      region: eu-west-1%s
                  identities:
                    dev:
                      kind: aws/user
                      credentials: {access_key_id: !env DEV_KEY_ID, secret_access_key: !env DEV_SECRET, mfa_arn: %s, region: eu-west-1}
                    admin:
                      kind: aws/assume-role
                      default: true
                      via: {identity: dev}
                      principal: {assume_role: "arn:aws:iam::222222222222:role/Admin"}
                    desk:
                      kind: mock/aws
                      via: {provider: office}
                """.formatted(providerFiles, mfa.serialNumber()));
    }

    @AfterEach
    void tearDown() {
        sts.close();
    }

    Cli.Result atmos(String... args) {
        return Cli.with(host.build()).systemKeyring(keyring).prompter(new ScriptedPrompter(false, sts.currentMfaCode(mfa))).run(args);
    }

    @Test
    void printsTheGoAtmosDocumentAndTheEnvFormatIsTheSame() {
        Cli.Result r = atmos("aws", "credential-process", "--identity", "admin");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).matches("\\{\"Version\":1,\"AccessKeyId\":\"ASIA[A-Z0-9]+\",\"SecretAccessKey\":\"[^\"]+\",\"SessionToken\":\"[^\"]+\","
                + "\"Expiration\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"}\n");
        assertThat(r.err()).isEmpty();
        Cli.Result alias = atmos("auth", "env", "--format", "credential-process", "-i", "admin");
        assertThat(alias.out()).isEqualTo(r.out());
        host.env("ATMOS_IDENTITY", "admin");
        assertThat(atmos("aws", "credential-process").out()).as("ATMOS_IDENTITY").isEqualTo(r.out());
        host.env("ATMOS_IDENTITY", null);
        assertThat(atmos("aws", "credential-process").out()).as("the default identity").isEqualTo(r.out());
    }

    @Test
    void reusesCachedCredentialsWhileTheyStayValidForMinValidityElseRenewsThem() {
        atmos("aws", "credential-process", "-i", "admin");
        assertThat(sts.count("AssumeRole")).isEqualTo(1);
        sts.advance(Duration.ofMinutes(40)); // 20 minutes left
        atmos("aws", "credential-process", "-i", "admin");
        assertThat(sts.count("AssumeRole")).as("more than the default 15 minutes left").isEqualTo(1);
        atmos("aws", "credential-process", "-i", "admin", "--min-validity", "30m");
        assertThat(sts.count("AssumeRole")).as("less than 30 minutes left").isEqualTo(2);
        sts.advance(Duration.ofMinutes(50)); // 10 minutes left of the renewed hour
        host.env("ATMOS_AWS_CREDENTIAL_PROCESS_MIN_VALIDITY", "5m");
        atmos("aws", "credential-process", "-i", "admin");
        assertThat(sts.count("AssumeRole")).as("the variable asks for 5 minutes").isEqualTo(2);
        host.env("ATMOS_AWS_CREDENTIAL_PROCESS_MIN_VALIDITY", null);
        atmos("aws", "credential-process", "-i", "admin");
        assertThat(sts.count("AssumeRole")).as("the default 15 minutes").isEqualTo(3);
        assertThat(sts.count("GetSessionToken")).as("the user session (and its MFA code) was reused").isEqualTo(1);
    }

    @Test
    void neverOpensThePickerNorRunsWithAuthenticationDisabled() {
        Cli.Result bare = atmos("aws", "credential-process", "--identity");
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.err()).contains("cannot choose an identity interactively").contains("atmos auth list");
        Cli.Result off = atmos("aws", "credential-process", "--identity=false");
        assertThat(off.exitCode()).isEqualTo(2);
        assertThat(off.err()).contains("authentication disabled");
        Cli.Result bad = atmos("aws", "credential-process", "-i", "admin", "--min-validity", "soon");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--min-validity");
        assertThat(bad.out()).isEmpty();
    }

    @Test
    void promptsOnTheControllingTerminalBecauseTheSdkCapturesStdoutAndStderr() throws Exception {
        Map<String, String> env = new HashMap<>(host.build().env());
        env.put("ATMOS_KEYRING_TYPE", "memory");
        String command = String.join(" ", AtmosProcess.command("aws", "credential-process", "-i", "admin").stream().map(a -> "'" + a + "'").toList());
        try (BarePty pty = BarePty.start(env, host.cwd(), List.of("sh", "-c", command + " >out.json 2>err.txt"))) {
            pty.await("MFA code");
            pty.type(sts.currentMfaCode(mfa));
            assertThat(pty.exit()).as(pty.screen()).isZero();
        }
        assertThat(Files.readString(host.cwd().resolve("out.json"))).startsWith("{\"Version\":1,\"AccessKeyId\":\"ASIA");
        assertThat(Files.readString(host.cwd().resolve("err.txt"))).doesNotContain("MFA code");
    }

    @Test
    void theOptInSettingMakesTheIsolatedConfigRunCredentialProcessAndTheAwsCliUsesIt() throws Exception {
        AwsCli.require();
        config("\n      spec: {files: {credential_process: true}}");
        Path launcher = tmp.resolve("atmos-launcher");
        Files.writeString(launcher, "#!/bin/sh\nexec " + String.join(" ", AtmosProcess.command().stream().map(a -> "'" + a + "'").toList())
                + " \"$@\"\n");
        launcher.toFile().setExecutable(true);
        String previous = System.getProperty("atmos.launcher");
        System.setProperty("atmos.launcher", launcher.toString());
        try {
            host.env("ATMOS_KEYRING_TYPE", "memory");
            RecordingProcessRunner recorder = new RecordingProcessRunner(0);
            Cli.Result login = Cli.with(host.build()).systemKeyring(keyring).processes(recorder).run("auth", "exec", "-i", "desk", "--", "true");
            assertThat(login.exitCode()).as(login.toString()).isZero();
            Path config = host.home().resolve(".config/atmos/aws/office/config");
            assertThat(Files.readString(config)).contains("[profile desk]")
                    .contains("credential_process = " + launcher + " --chdir " + host.cwd() + " aws credential-process --identity desk");
            assertThat(recorder.last().env()).containsEntry("AWS_SHARED_CREDENTIALS_FILE", "/dev/null").containsEntry("AWS_PROFILE", "desk");

            Cli.Result r = Cli.with(host.build()).systemKeyring(keyring).processes(new SystemProcessRunner())
                    .run("auth", "exec", "-i", "desk", "--", "sh", "-c", "aws configure export-credentials --format process > exported.json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(Files.readString(host.cwd().resolve("exported.json"))).contains("\"AccessKeyId\": \"MOCK_KEY_desk\"");
        } finally {
            if (previous == null) {
                System.clearProperty("atmos.launcher");
            } else {
                System.setProperty("atmos.launcher", previous);
            }
        }
    }
}
