package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.testing.Cli;
import atmos.testing.FakeSts;
import atmos.testing.RecordingProcessRunner;
import atmos.testing.ScriptedPrompter;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The break-glass flow end to end against an honest fake STS: keys stored with {@code user configure},
 * MFA at login, a role chained from the user, the files and environment the tools read, and failures
 * that leave what was cached intact.
 */
class AwsUserFlowTest {
    @TempDir
    Path tmp;

    FakeSts sts;
    FakeSts.AccessKey key;
    FakeSts.MfaDevice mfa;
    FakeSts.User user;
    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();
    RecordingProcessRunner processes = new RecordingProcessRunner(0);

    @BeforeEach
    void setUp() {
        sts = FakeSts.start();
        user = sts.addUser("111111111111", "superadmin");
        key = sts.createAccessKey(user);
        mfa = sts.enableVirtualMfa(user);
        sts.role("arn:aws:iam::999999999999:role/OrganizationAccountAccessRole").trust(user).maxSessionDuration(Duration.ofHours(4)).create();
        host = new TestHost(tmp).clock(sts.clock()).env("AWS_ENDPOINT_URL_STS", sts.endpoint());
        host.write("atmos.yaml", """
                auth:
                  realm: e2e
                  identities:
                    superadmin:
                      kind: aws/user
                      credentials:
                        region: us-east-1
                        mfa_arn: %s
                    prod-admin:
                      kind: aws/assume-role
                      via: {identity: superadmin}
                      principal:
                        assume_role: arn:aws:iam::999999999999:role/OrganizationAccountAccessRole
                """.formatted(mfa.serialNumber()));
    }

    @AfterEach
    void tearDown() {
        sts.close();
    }

    private Cli cli(String stdin) {
        return Cli.with(host.build()).systemKeyring(keyring).processes(processes).stdin(stdin);
    }

    private void configureKeys() {
        Cli.Result r = cli(key.accessKeyId() + "\n" + key.secretAccessKey() + "\n\n").run("auth", "user", "configure", "-i", "superadmin");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    private String code(int stepsAhead) {
        return mfa.codeAt(sts.now().plusSeconds(30L * stepsAhead));
    }

    @Test
    void userConfigureStoresTheKeysInTheKeyringWithoutEchoingTheSecret() {
        Cli.Result r = cli(key.accessKeyId() + "\n" + key.secretAccessKey() + "\n\n").run("auth", "user", "configure", "-i", "superadmin");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("AWS Access Key ID: ").contains("AWS Secret Access Key: ")
                .contains("MFA ARN is managed by atmos.yaml").contains("✓ Saved credentials to keyring: superadmin")
                .doesNotContain(key.secretAccessKey());
        assertThat(r.out()).isEmpty();
        assertThat(keyring.get("atmos_e2e_superadmin")).get().asString()
                .startsWith("{\"type\":\"aws\",\"data\":{\"access_key_id\":\"" + key.accessKeyId() + "\"");
    }

    @Test
    void loginAsksForTheMfaCodeThenAssumesTheChainedRole() {
        configureKeys();
        Cli.Result r = cli(code(0) + "\n").run("auth", "login", "-i", "prod-admin");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("MFA code for " + mfa.serialNumber()).contains("✓ Authentication successful!")
                .contains("superadmin → prod-admin");
        assertThat(sts.successCount("GetSessionToken")).isEqualTo(1);
        assertThat(sts.successCount("AssumeRole")).isEqualTo(1);
        FakeSts.Call getSession = sts.calls("GetSessionToken").get(0);
        assertThat(getSession.parameters()).containsEntry("SerialNumber", mfa.serialNumber()).containsEntry("DurationSeconds", "43200");
        FakeSts.Call assume = sts.calls("AssumeRole").get(0);
        assertThat(assume.parameters().get("RoleSessionName")).startsWith("atmos-prod-admin-");

        Cli.Result again = cli("").run("auth", "login", "-i", "prod-admin");
        assertThat(again.err()).contains("Already logged in as prod-admin");
        assertThat(sts.count("AssumeRole")).isEqualTo(1);
    }

    @Test
    void aSecondRoleReusesTheCachedUserSessionWithoutAnotherMfaCode() {
        configureKeys();
        sts.role("arn:aws:iam::888888888888:role/OrganizationAccountAccessRole").trust(sts.addUser("111111111111", "other"))
                .trustAccount("111111111111").create();
        host.write("atmos.yaml", readConfig() + """
                    staging-admin:
                      kind: aws/assume-role
                      via: {identity: superadmin}
                      principal:
                        assume_role: arn:aws:iam::888888888888:role/OrganizationAccountAccessRole
                """);
        assertThat(cli(code(0) + "\n").run("auth", "login", "-i", "prod-admin").exitCode()).isZero();
        Cli.Result second = cli("").run("auth", "login", "-i", "staging-admin");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.err()).doesNotContain("MFA code");
        assertThat(sts.count("GetSessionToken")).isEqualTo(1);
    }

    private String readConfig() {
        try {
            return Files.readString(host.cwd().resolve("atmos.yaml"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theMfaCodeMustBeSixDigits() {
        configureKeys();
        Cli.Result r = cli("12345\n").run("auth", "login", "-i", "superadmin");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error: MFA token must be 6 digits");
        assertThat(sts.count("GetSessionToken")).isZero();
    }

    @Test
    void aRejectedMfaCodeFailsClearlyAndKeepsWhatWasCached() throws Exception {
        configureKeys();
        assertThat(cli(code(0) + "\n").run("auth", "login", "-i", "prod-admin").exitCode()).isZero();
        Path creds = credentialsFile();
        String filesBefore = Files.readString(creds);
        String keyringBefore = keyring.get("atmos_e2e_prod-admin").orElseThrow();
        Cli.Result r = cli("000000\n").run("auth", "login", "-i", "prod-admin", "--force");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("error: invalid MFA token for aws/user identity \"superadmin\"")
                .contains("AccessDenied: MultiFactorAuthentication failed").contains("hint: ");
        assertThat(Files.readString(creds)).isEqualTo(filesBefore);
        assertThat(keyring.get("atmos_e2e_prod-admin")).contains(keyringBefore);
        assertThat(keyring.get("atmos_e2e_superadmin")).isPresent();
    }

    @Test
    void onATerminalMissingKeysAreAskedForAtLoginAndStoredWhenAwsAcceptsThem() {
        ScriptedPrompter p = new ScriptedPrompter(true, key.accessKeyId(), key.secretAccessKey(), code(0), "y");
        Cli.Result r = Cli.with(host.build()).systemKeyring(keyring).processes(processes).prompter(p).run("auth", "login", "-i", "superadmin");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("no access keys for aws/user identity \"superadmin\" are stored").contains("Saved credentials to keyring")
                .doesNotContain(key.secretAccessKey());
        assertThat(keyring.get("atmos_e2e_superadmin")).get().asString().contains(key.accessKeyId());
        assertThat(p.asked()).contains("AWS Access Key ID: ", "AWS Secret Access Key: ");
    }

    @Test
    void onATerminalRotatedKeysAreAskedForAgainAndTheNewOnesReplaceThem() {
        configureKeys();
        FakeSts.AccessKey rotated = sts.createAccessKey(user);
        sts.deleteAccessKey(key.accessKeyId());
        ScriptedPrompter p = new ScriptedPrompter(true, code(0), rotated.accessKeyId(), rotated.secretAccessKey(), code(1), "y");
        Cli.Result r = Cli.with(host.build()).systemKeyring(keyring).processes(processes).prompter(p).run("auth", "login", "-i", "superadmin");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("AWS does not accept the stored access key of \"superadmin\" (InvalidClientTokenId)");
        assertThat(keyring.get("atmos_e2e_superadmin")).get().asString().contains(rotated.accessKeyId()).doesNotContain(key.accessKeyId());
    }

    @Test
    void revokedKeysAreReportedWithoutDeletingThem() {
        configureKeys();
        sts.deleteAccessKey(key.accessKeyId());
        Cli.Result r = cli(code(0) + "\n").run("auth", "login", "-i", "superadmin");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("AWS does not recognise the access key of aws/user identity \"superadmin\"")
                .contains("InvalidClientTokenId").contains("atmos auth user configure --identity superadmin");
        assertThat(keyring.get("atmos_e2e_superadmin")).isPresent();
    }

    @Test
    void withoutStoredKeysLoginSaysHowToStoreThem() {
        Cli.Result r = cli("").run("auth", "login", "-i", "superadmin");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("no access keys for aws/user identity \"superadmin\"")
                .contains("hint: run 'atmos auth user configure --identity superadmin'");
    }

    @Test
    void execGetsTheIsolatedFilesAndProfileAndNotTheParentsKeys() throws Exception {
        configureKeys();
        host.env("AWS_ACCESS_KEY_ID", "AKIAPARENTKEY0000000").env("AWS_PROFILE", "personal");
        Cli.Result r = cli(code(0) + "\n").run("auth", "exec", "-i", "prod-admin", "--", "terraform", "plan");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        RecordingProcessRunner.Run run = processes.last();
        assertThat(run.command()).containsExactly("terraform", "plan");
        assertThat(run.env()).containsEntry("AWS_PROFILE", "prod-admin").containsEntry("AWS_REGION", "us-east-1")
                .containsEntry("AWS_SDK_LOAD_CONFIG", "1").containsEntry("AWS_EC2_METADATA_DISABLED", "true")
                .doesNotContainKey("AWS_ACCESS_KEY_ID");
        Path creds = Path.of(run.env().get("AWS_SHARED_CREDENTIALS_FILE"));
        assertThat(creds).isEqualTo(credentialsFile());
        String text = Files.readString(creds);
        assertThat(text).contains("[prod-admin]").contains("[superadmin]").contains("; atmos: expiration=")
                .contains("aws_session_token").doesNotContain(key.secretAccessKey());
        assertThat(Files.readString(Path.of(run.env().get("AWS_CONFIG_FILE")))).contains("[profile prod-admin]\nregion = us-east-1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(creds))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(creds.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void theChildsExitCodeIsPassedThrough() {
        configureKeys();
        RecordingProcessRunner failing = new RecordingProcessRunner(3);
        Cli.Result r = Cli.with(host.build()).systemKeyring(keyring).processes(failing).stdin(code(0) + "\n")
                .run("auth", "exec", "-i", "superadmin", "--", "false");
        assertThat(r.exitCode()).isEqualTo(3);
    }

    @Test
    void execWithoutACommandIsAUsageError() {
        Cli.Result r = cli("").run("auth", "exec", "-i", "superadmin");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error: no command given");
    }

    @Test
    void identityFalseRunsTheCommandWithTheParentEnvironmentUntouched() {
        host.env("AWS_PROFILE", "personal");
        Cli.Result r = cli("").run("auth", "exec", "--identity=false", "--", "aws", "s3", "ls");
        assertThat(r.exitCode()).isZero();
        assertThat(processes.last().env()).containsEntry("AWS_PROFILE", "personal").doesNotContainKey("AWS_SHARED_CREDENTIALS_FILE");
        assertThat(sts.calls()).isEmpty();
    }

    @Test
    void whoamiAsksStsWhoTheSessionIsAndNeverPrintsASecret() {
        configureKeys();
        assertThat(cli(code(0) + "\n").run("auth", "login", "-i", "prod-admin").exitCode()).isZero();
        Cli.Result json = cli("").run("auth", "whoami", "-i", "prod-admin", "-o", "json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out()).contains("\"principal\": \"arn:aws:sts::999999999999:assumed-role/OrganizationAccountAccessRole/atmos-prod-admin-")
                .contains("\"account\": \"999999999999\"").contains("\"identity\": \"prod-admin\"")
                .contains("\"credential_store\": \"memory (this process only)\"").contains("\"authenticated\": true")
                .contains("\"AWS_SHARED_CREDENTIALS_FILE\": \"~/.config/atmos/e2e/aws/aws-user/credentials\"");
        Cli.Result human = cli("").run("auth", "whoami", "-i", "prod-admin");
        assertThat(human.err()).contains("✓ Current Authentication Status").contains("Principal     arn:aws:sts::999999999999:assumed-role/")
                .contains("Credentials   memory (this process only)");
        for (Cli.Result r : new Cli.Result[]{json, human}) {
            String all = r.all();
            assertThat(all).doesNotContain(key.secretAccessKey());
            sts.calls().stream().map(FakeSts.Call::accessKeyId).filter(id -> id != null && id.startsWith("ASIA"))
                    .forEach(id -> sts.session(id).ifPresent(s -> assertThat(all).doesNotContain(s.accessKeyId() + "x")));
        }
    }

    @Test
    void whoamiWithoutASessionSaysHowToLogInAndExits4() {
        Cli.Result r = cli("").run("auth", "whoami", "-i", "prod-admin");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("✗ Not logged in as prod-admin").contains("Run 'atmos auth login --identity prod-admin'");
    }

    @Test
    void envPrintsTheSessionForEvalAndGithub() throws Exception {
        configureKeys();
        Cli.Result r = cli(code(0) + "\n").run("auth", "env", "-i", "prod-admin", "--login");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("export AWS_PROFILE=prod-admin\n").contains("export AWS_ACCESS_KEY_ID=ASIA")
                .contains("export AWS_SESSION_TOKEN=").doesNotContain("MFA code");
        Path ghEnv = tmp.resolve("github_env");
        Cli.Result gh = Cli.with(host.env("GITHUB_ENV", ghEnv.toString()).build()).systemKeyring(keyring).run("auth", "env", "-i", "prod-admin", "-f", "github");
        assertThat(gh.exitCode()).as(gh.toString()).isZero();
        // Only GitHub's mask commands reach stdout: the secrets are hidden from the job's log before they are written.
        assertThat(gh.out().lines()).hasSize(3).allMatch(l -> l.startsWith("::add-mask::"));
        assertThat(Files.readString(ghEnv)).contains("AWS_PROFILE=prod-admin\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ghEnv))).isEqualTo("rw-------");
    }

    @Test
    void envWithoutLoginNeverAuthenticatesItPrintsTheCacheOrTheConfigurationWithAWarning() {
        configureKeys();
        Cli.Result none = cli("").run("auth", "env", "-i", "prod-admin");
        assertThat(none.exitCode()).as(none.toString()).isZero();
        assertThat(none.out()).contains("export AWS_PROFILE=prod-admin\n").contains("export AWS_SHARED_CREDENTIALS_FILE=")
                .doesNotContain("AWS_ACCESS_KEY_ID").doesNotContain("AWS_SESSION_TOKEN");
        assertThat(none.err()).contains("no valid cached credentials for prod-admin").contains("atmos auth login --identity prod-admin")
                .contains("--login").doesNotContain("MFA code");
        assertThat(sts.calls()).isEmpty();

        assertThat(cli(code(0) + "\n").run("auth", "login", "-i", "prod-admin").exitCode()).isZero();
        Cli.Result cached = cli("").run("auth", "env", "-i", "prod-admin");
        assertThat(cached.out()).contains("export AWS_ACCESS_KEY_ID=ASIA").contains("export AWS_SESSION_TOKEN=");
        assertThat(cached.err()).doesNotContain("no valid cached credentials");
    }

    @Test
    void githubFormatWithoutGithubEnvOrAFileNamesBoth() {
        Cli.Result r = cli("").run("auth", "env", "-i", "prod-admin", "-f", "github");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("GITHUB_ENV").contains("--output-file");
    }

    @Test
    void logoutRemovesSessionsButKeepsTheLongLivedKeysUnlessKeychain() throws Exception {
        configureKeys();
        assertThat(cli(code(0) + "\n").run("auth", "login", "-i", "prod-admin").exitCode()).isZero();
        Cli.Result r = cli("").run("auth", "logout", "--all");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("✓ Logged out all identities and providers").contains("long-lived keys");
        assertThat(keyring.keys()).containsExactly("atmos_e2e_superadmin");
        assertThat(Files.exists(credentialsFile())).isFalse();
        Cli.Result noForce = cli("").run("auth", "logout", "-i", "superadmin", "--keychain");
        assertThat(noForce.exitCode()).isEqualTo(2);
        assertThat(cli("").run("auth", "logout", "-i", "superadmin", "--keychain", "--force").exitCode()).isZero();
        assertThat(keyring.keys()).isEmpty();
    }

    @Test
    void secretsNeverReachTheLogsEvenAtTraceLevel() {
        configureKeys();
        Cli.Result r = cli(code(0) + "\n").run("--logs-level", "Trace", "auth", "login", "-i", "prod-admin");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).doesNotContain(key.secretAccessKey());
        String creds = keyring.get("atmos_e2e_prod-admin").orElseThrow();
        String secret = creds.replaceAll(".*\"secret_access_key\":\"([^\"]+)\".*", "$1");
        String token = creds.replaceAll(".*\"session_token\":\"([^\"]+)\".*", "$1");
        assertThat(r.err()).doesNotContain(secret).doesNotContain(token);
    }

    private Path credentialsFile() {
        return host.home().resolve(".config/atmos/e2e/aws/aws-user/credentials");
    }
}
