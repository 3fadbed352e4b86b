package atmos.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.system.Host;
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
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cached path: a command line recorded on the normal path is answered from its snapshot with the
 * same output, and only while everything it depended on is as it was.
 */
class FastPathTest {
    static final Snapshots.Policy POLICY = new Snapshots.Policy(Duration.ZERO);

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
        return Cli.with(host.build()).systemKeyring(keyring).processes(processes).snapshots(POLICY).run(args);
    }

    /** What the snapshot answers, or null when it cannot. */
    String fast(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = FastPath.run(host.build(), processes, new PrintStream(out, true, StandardCharsets.UTF_8), args);
        return code == FastPath.MISS ? null : out.toString(StandardCharsets.UTF_8);
    }

    /** A change to a file that keeps its size: only its times tell. */
    static void touch(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    }

    @Test
    void authEnvIsAnsweredFromItsSnapshotWithTheSameOutputInEveryFormat() {
        for (String format : new String[] {"json", "bash", "dotenv", "env"}) {
            Cli.Result normal = atmos("auth", "env", "--format", format);
            assertThat(normal.exitCode()).as(normal.toString()).isZero();
            assertThat(normal.err()).isEmpty();
            assertThat(fast("auth", "env", "--format", format)).as(format).isEqualTo(normal.out());
        }
        assertThat(atmos("auth", "login", "-i", "demo/readonly").exitCode()).isZero();
        Cli.Result readonly = atmos("auth", "env", "-i", "demo/readonly");
        assertThat(fast("auth", "env", "-i", "demo/readonly")).isEqualTo(readonly.out()).contains("DEMO_READONLY=true");
    }

    @Test
    void theNormalPathAnswersTheSecondTimeAsTheFirstWhenTheSnapshotIsUsedThroughMain() {
        Cli.Result first = atmos("auth", "env", "--format", "json");
        Cli.Result second = atmos("auth", "env", "--format", "json");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void authExecRunsTheCommandWithTheSameEnvironmentAndDirectory() {
        assertThat(atmos("auth", "exec", "--", "terraform", "plan").exitCode()).isZero();
        RecordingProcessRunner.Run normal = processes.last();
        assertThat(fast("auth", "exec", "--", "aws", "s3", "ls")).isEmpty();
        RecordingProcessRunner.Run cached = processes.last();
        assertThat(cached.command()).containsExactly("aws", "s3", "ls");
        assertThat(cached.env()).isEqualTo(normal.env());
        assertThat(cached.dir()).isEqualTo(normal.dir());
    }

    @Test
    void authExecRemovesWhatTheParentHadThatWouldShadowTheProfile() {
        assertThat(atmos("auth", "exec", "--", "true").exitCode()).isZero();
        host.env("AWS_ACCESS_KEY_ID", "AKIASTRAY").env("AWS_PROFILE", "other");
        assertThat(fast("auth", "exec", "--", "true")).isEmpty();
        assertThat(processes.last().env()).doesNotContainKey("AWS_ACCESS_KEY_ID").containsEntry("AWS_PROFILE", "demo/admin");
    }

    @Test
    void terraformDryRunIsAnsweredFromItsSnapshot() {
        Cli.Result normal = atmos("terraform", "plan", "vpc", "-s", "plat-ue2-dev", "--dry-run");
        assertThat(normal.exitCode()).as(normal.toString()).isZero();
        assertThat(fast("terraform", "plan", "vpc", "-s", "plat-ue2-dev", "--dry-run")).isEqualTo(normal.out()).contains("Would run:");
        assertThat(fast("terraform", "plan", "vpc", "-s", "plat-ue2-prod", "--dry-run")).isNull();
    }

    @Test
    void credentialProcessIsAnsweredFromItsSnapshot() {
        Cli.Result normal = atmos("aws", "credential-process", "-i", "demo/admin");
        assertThat(normal.exitCode()).as(normal.toString()).isZero();
        assertThat(normal.out()).startsWith("{\"Version\":1,\"AccessKeyId\":\"MOCK_KEY_demo/admin\"");
        assertThat(fast("aws", "credential-process", "-i", "demo/admin")).isEqualTo(normal.out());
    }

    @Test
    void anEditOfTheConfigurationInvalidatesTheSnapshot() throws IOException {
        atmos("auth", "env");
        assertThat(fast("auth", "env")).isNotNull();
        touch(repo.resolve("atmos.yaml"));
        assertThat(fast("auth", "env")).isNull();
        atmos("auth", "env");
        assertThat(fast("auth", "env")).isNotNull();
        Files.writeString(repo.resolve("profiles/demo/atmos.yaml"), "\n# edited\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(fast("auth", "env")).isNull();
    }

    @Test
    void aNewProfileFileOrFragmentInvalidatesTheSnapshot() throws IOException {
        atmos("auth", "env");
        Files.writeString(repo.resolve("profiles/demo/extra.yaml"), "auth:\n  identities:\n    demo/admin:\n      env: [{key: EXTRA, value: x}]\n");
        assertThat(fast("auth", "env")).isNull();
        Cli.Result normal = atmos("auth", "env");
        assertThat(normal.out()).contains("EXTRA=x");
        assertThat(fast("auth", "env")).isEqualTo(normal.out());
        Files.createDirectories(repo.resolve("atmos.d"));
        Files.writeString(repo.resolve("atmos.d/more.yaml"), "env: {FROM_FRAGMENT: y}\n");
        assertThat(fast("auth", "env")).isNull();
    }

    @Test
    void aNewImportInvalidatesTheSnapshot() throws IOException {
        Files.writeString(repo.resolve("atmos.yaml"), Files.readString(repo.resolve("atmos.yaml")) + "\nimport:\n  - extra/*.yaml\n");
        Files.createDirectories(repo.resolve("extra"));
        Files.writeString(repo.resolve("extra/one.yaml"), "env: {ONE: \"1\"}\n");
        assertThat(atmos("auth", "exec", "--", "true").exitCode()).isZero();
        assertThat(processes.last().env()).containsEntry("ONE", "1");
        assertThat(fast("auth", "exec", "--", "true")).isEmpty();
        Files.writeString(repo.resolve("extra/two.yaml"), "env: {TWO: \"2\"}\n");
        assertThat(fast("auth", "exec", "--", "true")).isNull();
        assertThat(atmos("auth", "exec", "--", "true").exitCode()).isZero();
        assertThat(processes.last().env()).containsEntry("TWO", "2");
    }

    @Test
    void aChangedVariableTheConfigurationReadsWithEnvInvalidatesTheSnapshotAndOthersDoNot() throws IOException {
        Files.writeString(repo.resolve("atmos.yaml"), Files.readString(repo.resolve("atmos.yaml")) + "\nenv:\n  TEAM: !env ACME_TEAM\n");
        host.env("ACME_TEAM", "blue");
        assertThat(atmos("auth", "exec", "--", "true").exitCode()).isZero();
        assertThat(processes.last().env()).containsEntry("TEAM", "blue");
        host.env("UNRELATED", "anything");
        assertThat(fast("auth", "exec", "--", "true")).isEmpty();
        assertThat(processes.last().env()).containsEntry("TEAM", "blue");
        host.env("ACME_TEAM", "red");
        assertThat(fast("auth", "exec", "--", "true")).isNull();
        host.env("ACME_TEAM", null);
        assertThat(fast("auth", "exec", "--", "true")).isNull();
    }

    @Test
    void anotherProfileIdentityOrDirectoryIsAnotherSnapshot() {
        atmos("auth", "env");
        host.env("ATMOS_PROFILE", "developers");
        assertThat(fast("auth", "env")).isNull();
        host.env("ATMOS_PROFILE", "demo").env("ATMOS_IDENTITY", "demo/readonly");
        assertThat(fast("auth", "env")).isNull();
        host.env("ATMOS_IDENTITY", null).cwd(repo.resolve("stacks"));
        assertThat(fast("auth", "env")).isNull();
        host.cwd(repo);
        assertThat(fast("auth", "env")).isNotNull();
        assertThat(fast("auth", "env", "-i", "demo/readonly")).isNull();
    }

    @Test
    void aNewStackManifestInvalidatesADryRun() throws IOException {
        atmos("terraform", "plan", "vpc", "-s", "plat-ue2-dev", "--dry-run");
        Files.writeString(repo.resolve("stacks/orgs/acme/plat/dev/us-west-2.yaml"), "import: [orgs/acme/plat/dev/_defaults]\nvars: {environment: uw2}\n");
        assertThat(fast("terraform", "plan", "vpc", "-s", "plat-ue2-dev", "--dry-run")).isNull();
    }

    @Test
    void aDryRunThatReadsTerraformStateIsInvalidatedWhenTheStateChanges() throws IOException {
        Path stack = repo.resolve("stacks/orgs/acme/plat/dev/us-east-2.yaml");
        Files.writeString(stack, Files.readString(stack) + "        peer: !terraform.state vpc plat-ue2-prod vpc_id\n");
        Path state = repo.resolve("components/terraform/vpc/terraform.tfstate.d/plat-ue2-prod/terraform.tfstate");
        Files.createDirectories(state.getParent());
        Files.writeString(state, "{\"version\": 4, \"outputs\": {\"vpc_id\": {\"value\": \"vpc-1\", \"type\": \"string\"}}}");
        touch(state);
        touch(stack);
        Cli.Result normal = atmos("terraform", "plan", "vpc", "-s", "plat-ue2-dev", "--dry-run");
        assertThat(normal.exitCode()).as(normal.toString()).isZero();
        assertThat(fast("terraform", "plan", "vpc", "-s", "plat-ue2-dev", "--dry-run")).isEqualTo(normal.out());
        Files.writeString(state, "{\"version\": 4, \"outputs\": {\"vpc_id\": {\"value\": \"vpc-2\", \"type\": \"string\"}}}");
        assertThat(fast("terraform", "plan", "vpc", "-s", "plat-ue2-dev", "--dry-run")).as("Terraform wrote the state again").isNull();
    }

    @Test
    void aDryRunThatReadsGitIsNeverAnsweredFromASnapshot() throws IOException {
        Path stack = repo.resolve("stacks/orgs/acme/plat/dev/us-east-2.yaml");
        Files.writeString(stack, Files.readString(stack) + "        revision: !git.sha unknown\n");
        touch(stack);
        Cli.Result normal = atmos("terraform", "plan", "vpc", "-s", "plat-ue2-dev", "--dry-run");
        assertThat(normal.exitCode()).as(normal.toString()).isZero();
        assertThat(fast("terraform", "plan", "vpc", "-s", "plat-ue2-dev", "--dry-run")).as("HEAD moves with every commit").isNull();
    }

    @Test
    void aLoginUnderOtherSettingsOfTheSameIdentityInvalidatesTheSnapshot() throws IOException {
        Cli.Result normal = atmos("auth", "env", "--format", "json");
        assertThat(normal.exitCode()).as(normal.toString()).isZero();
        assertThat(fast("auth", "env", "--format", "json")).isEqualTo(normal.out());
        List<Path> fingerprints;
        try (Stream<Path> files = Files.walk(host.home().resolve(".local/state/atmos/fingerprints"))) {
            fingerprints = files.filter(Files::isRegularFile).toList();
        }
        assertThat(fingerprints).isNotEmpty();
        // What another profile's login of the same identity name leaves: its fingerprint, its session in the shared files.
        for (Path f : fingerprints) {
            Files.writeString(f, "0".repeat(64) + "\n");
            touch(f);
        }
        assertThat(fast("auth", "env", "--format", "json")).isNull();
    }

    @Test
    void credentialsAboutToExpireOrLoggedOutAreLeftToTheNormalPath() {
        atmos("auth", "env");
        host.clock(java.time.Clock.offset(host.build().clock(), Duration.ofMinutes(56)));
        assertThat(fast("auth", "env")).as("less than the 5 minutes of margin left").isNull();
        host.clock(atmos.testing.FixedClock.at("2026-11-23T10:00:00Z"));
        assertThat(fast("auth", "env")).isNotNull();
        assertThat(atmos("auth", "logout", "--all").exitCode()).isZero();
        assertThat(fast("auth", "env")).isNull();
    }

    @Test
    void minTtlAsksForMoreThanTheMargin() {
        atmos("auth", "env", "--min-ttl", "30m");
        assertThat(fast("auth", "env", "--min-ttl", "30m")).isNotNull();
        host.clock(java.time.Clock.offset(host.build().clock(), Duration.ofMinutes(40)));
        assertThat(fast("auth", "env", "--min-ttl", "30m")).isNull();
        assertThat(fast("auth", "env")).isNull(); // not recorded without --min-ttl
    }

    @Test
    void nothingIsRecordedForARunThatPrintedAWarning() throws IOException {
        Files.writeString(repo.resolve("atmos.yaml"), Files.readString(repo.resolve("atmos.yaml")) + "\nenv:\n  \"BAD-NAME\": x\n");
        Cli.Result warned = atmos("auth", "exec", "--", "true");
        assertThat(warned.exitCode()).isZero();
        assertThat(warned.err()).contains("BAD-NAME");
        assertThat(fast("auth", "exec", "--", "true")).isNull();
        Cli.Result noSession = atmos("auth", "env", "-i", "core-root/terraform");
        assertThat(noSession.err()).contains("no valid cached credentials");
        assertThat(fast("auth", "env", "-i", "core-root/terraform")).isNull();
    }

    @Test
    void nothingIsRecordedForARunThatRanACommandOrDrewARandomValue() throws IOException {
        String config = Files.readString(repo.resolve("atmos.yaml"));
        Files.writeString(repo.resolve("atmos.yaml"), config + "\nenv:\n  WHO: !exec echo me\n");
        assertThat(atmos("auth", "exec", "--", "true").exitCode()).isZero();
        assertThat(processes.last().env()).containsEntry("WHO", "me");
        assertThat(fast("auth", "exec", "--", "true")).isNull();
        Files.writeString(repo.resolve("atmos.yaml"), config + "\nenv:\n  DICE: !random 6\n");
        assertThat(atmos("auth", "exec", "--", "true").exitCode()).isZero();
        assertThat(fast("auth", "exec", "--", "true")).isNull();
    }

    @Test
    void withAnAuditTrailEveryExecTakesTheNormalPathAndIsRecordedThere() throws IOException {
        Path audit = tmp.resolve("audit.jsonl");
        Files.writeString(repo.resolve("profiles/demo/audit.yaml"), "auth:\n  logs:\n    audit: " + audit + "\n");
        assertThat(atmos("auth", "exec", "--", "true").exitCode()).isZero();
        assertThat(atmos("auth", "exec", "--", "true").exitCode()).isZero();
        assertThat(fast("auth", "exec", "--", "true")).isNull();
        assertThat(Files.readAllLines(audit)).filteredOn(l -> l.contains("\"exec\"")).hasSize(2);
    }

    @Test
    void snapshotsCanBeTurnedOff() {
        host.env(FastPath.SWITCH, "false");
        atmos("auth", "env");
        assertThat(Recorder.fileFor(host.build(), "auth", "env")).isNull();
        host.env(FastPath.SWITCH, null);
        atmos("auth", "env");
        assertThat(Recorder.fileFor(host.build(), "auth", "env")).exists();
        host.env(FastPath.SWITCH, "off");
        assertThat(fast("auth", "env")).isNull();
    }

    @Test
    void theStoreIsPrivate() throws IOException {
        atmos("auth", "env");
        Path file = Recorder.fileFor(host.build(), "auth", "env");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(file.getParent().resolve("key")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    Host hostNow() {
        return host.build();
    }
}
