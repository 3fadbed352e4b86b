package atmos.log;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.testing.Cli;
import atmos.testing.FakeSts;
import atmos.testing.IssuedSecret;
import atmos.testing.RecordingProcessRunner;
import atmos.testing.TestHost;
import atmos.text.JsonText;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 8, an audit trail without secrets: with {@code auth.logs.audit}, every login, refresh,
 * exec, shell, terraform run and logout is one JSON line (time, event, identity, chain, expiration,
 * pid, command), never a credential; the file is 0600 in a 0700 directory, lines from concurrent
 * writers never interleave, and the file is rotated by size keeping {@link AuditLog#KEEP} old ones.
 */
class AuditTrailTest {
    @TempDir
    Path tmp;

    FakeSts sts;
    FakeSts.AccessKey key;
    FakeSts.MfaDevice mfa;
    TestHost host;
    final MemoryKeyring keyring = new MemoryKeyring();
    final RecordingProcessRunner processes = new RecordingProcessRunner(0);
    final List<String> typed = new ArrayList<>();

    @BeforeEach
    void setUp() {
        sts = FakeSts.start();
        FakeSts.User user = sts.addUser("111111111111", "ops");
        key = sts.createAccessKey(user);
        mfa = sts.enableVirtualMfa(user);
        sts.role("arn:aws:iam::999999999999:role/Admin").trust(user).create();
        host = new TestHost(tmp).clock(sts.clock()).env("AWS_ENDPOINT_URL_STS", sts.endpoint());
        host.write("atmos.yaml", """
                auth:
                  logs:
                    audit: ~/.local/state/atmos/audit/audit.jsonl
                  identities:
                    ops:
                      kind: aws/user
                      credentials: {region: us-east-1, mfa_arn: %s}
                    admin:
                      kind: aws/assume-role
                      via: {identity: ops}
                      principal: {assume_role: "arn:aws:iam::999999999999:role/Admin"}
                """.formatted(mfa.serialNumber()));
    }

    @AfterEach
    void tearDown() {
        sts.close();
    }

    private Cli.Result atmos(String stdin, String... args) {
        return Cli.with(host.build()).stdin(stdin).systemKeyring(keyring).processes(processes).run(args);
    }

    private Path trail() {
        return host.home().resolve(".local/state/atmos/audit/audit.jsonl");
    }

    private static List<Map<String, Object>> lines(Path file) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JsonText.parseObject(line));
        }
        return out;
    }

    @Test
    void every_event_is_one_json_line_with_names_and_times_and_never_a_value() throws Exception {
        String secret = key.secretAccessKey();
        assertThat(atmos(key.accessKeyId() + "\n" + secret + "\n\n\n", "auth", "user", "configure", "-i", "ops").exitCode()).isZero();
        String code = mfa.codeAt(sts.now());
        typed.add(code);
        Cli.Result login = atmos(code + "\n", "auth", "login", "-i", "admin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(atmos("", "auth", "exec", "-i", "admin", "--", "/usr/bin/aws", "s3", "ls", "--secret-arg").exitCode()).isZero();
        String wrong = "000000";
        Cli.Result failed = atmos(wrong + "\n", "auth", "login", "-i", "ops", "--force");
        assertThat(failed.exitCode()).isEqualTo(4);
        assertThat(atmos("", "auth", "logout", "admin").exitCode()).isZero();

        List<Map<String, Object>> events = lines(trail());
        assertThat(events).extracting(e -> e.get("event")).containsExactly("login", "exec", "login", "logout");
        Map<String, Object> first = events.get(0);
        assertThat(first).containsEntry("identity", "admin").containsEntry("chain", List.of("ops", "admin"))
                .containsEntry("result", "ok").containsEntry("command", "auth login").containsEntry("pid", (int) ProcessHandle.current().pid())
                .containsKeys("time", "expiration");
        assertThat(first.get("steps")).isEqualTo(List.of("ops", "admin"));
        assertThat(Instant.parse((String) first.get("expiration"))).isAfter(sts.now());
        assertThat(events.get(1)).containsEntry("event", "exec").containsEntry("program", "aws").containsEntry("command", "auth exec");
        assertThat(events.get(2)).containsEntry("result", "failed").containsEntry("identity", "ops");
        assertThat((String) events.get(2).get("error")).contains("MultiFactorAuthentication");
        assertThat(events.get(3)).containsEntry("event", "logout").containsEntry("scope", "admin").containsEntry("command", "auth logout");

        String text = Files.readString(trail());
        assertThat(text).as("program arguments are not recorded").doesNotContain("--secret-arg");
        List<IssuedSecret> secrets = new ArrayList<>(sts.issuedSecrets());
        typed.forEach(c -> secrets.add(new IssuedSecret("typed MFA code", c)));
        for (IssuedSecret s : secrets) {
            assertThat(text.contains(s.value())).as(s.label() + " is in the audit trail").isFalse();
        }
        assertThat(mode(trail())).isEqualTo("rw-------");
        assertThat(mode(trail().getParent())).isEqualTo("rwx------");
    }

    @Test
    void a_console_sign_in_is_recorded_with_where_it_leads_and_never_the_link() throws Exception {
        try (atmos.testing.FakeSignin signin = atmos.testing.FakeSignin.start(sts)) {
            host.env("AWS_ENDPOINT_URL_SIGNIN", signin.endpoint());
            assertThat(atmos(key.accessKeyId() + "\n" + key.secretAccessKey() + "\n\n\n", "auth", "user", "configure", "-i", "ops").exitCode())
                    .isZero();
            Cli.Result console = atmos(mfa.codeAt(sts.now()) + "\n", "auth", "console", "-i", "admin", "--print-only");
            assertThat(console.exitCode()).as(console.toString()).isZero();
            String url = console.out().strip();
            List<Map<String, Object>> events = lines(trail());
            assertThat(events).extracting(e -> e.get("event")).containsExactly("login", "console");
            assertThat(events.get(1)).containsEntry("identity", "admin").containsEntry("chain", List.of("ops", "admin"))
                    .containsEntry("command", "auth console").containsEntry("destination", java.net.URI.create(url).getHost())
                    .containsKey("expiration");
            String text = Files.readString(trail());
            assertThat(text.contains(url)).as("the sign-in link is in the audit trail").isFalse();
            assertThat(text).doesNotContain("SigninToken");
        }
    }

    @Test
    void concurrent_writers_never_interleave_and_the_trail_rotates_by_size_keeping_three_old_files() throws Exception {
        Path file = tmp.resolve("audit/trail.jsonl");
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
        int writers = 4;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            // One AuditLog per writer, as separate atmos processes would have; the lock file serialises them.
            AuditLog audit = new AuditLog(file, 16 * 1024, clock, "auth exec", Log.silent());
            int writer = w;
            done.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    audit.record("exec", Map.of("identity", "writer-" + writer, "seq", i, "padding", "x".repeat(100)));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        List<Map<String, Object>> all = new ArrayList<>();
        // About 40 KB in 16 KiB files: rotated twice, nothing dropped yet.
        for (String name : List.of("trail.jsonl.2", "trail.jsonl.1", "trail.jsonl")) { // oldest first
            Path p = file.resolveSibling(name);
            assertThat(p).as(name).exists();
            assertThat(Files.size(p)).as(name + " stays under the size limit").isLessThanOrEqualTo(16 * 1024);
            assertThat(mode(p)).isEqualTo("rw-------");
            all.addAll(lines(p)); // every line parses: none was cut or interleaved
        }
        assertThat(file.resolveSibling("trail.jsonl.3")).doesNotExist();
        assertThat(all).as("no line lost").hasSize(writers * each);
        for (int w = 0; w < writers; w++) {
            String id = "writer-" + w;
            List<Integer> seq = all.stream().filter(e -> id.equals(e.get("identity"))).map(e -> (Integer) e.get("seq")).toList();
            assertThat(seq).as(id + ", in order across the rotated files").isEqualTo(java.util.stream.IntStream.range(0, each).boxed().toList());
        }
        // Past the capacity of the kept files, the oldest file is dropped: never more than three old ones.
        AuditLog more = new AuditLog(file, 16 * 1024, clock, "auth exec", Log.silent());
        for (int i = 0; i < 400; i++) {
            more.record("exec", Map.of("identity", "late", "seq", i, "padding", "y".repeat(100)));
        }
        assertThat(file.resolveSibling("trail.jsonl.3")).exists();
        assertThat(file.resolveSibling("trail.jsonl.4")).as("only three old files are kept").doesNotExist();
        assertThat(lines(file.resolveSibling("trail.jsonl.3"))).isNotEmpty();
    }

    @Test
    void a_trail_that_is_a_symbolic_link_is_not_followed_and_the_command_still_works() throws Exception {
        Path target = Files.writeString(tmp.resolve("elsewhere.txt"), "not yours to append to\n");
        Files.createDirectories(trail().getParent());
        Files.createSymbolicLink(trail(), target);
        assertThat(atmos(key.accessKeyId() + "\n" + key.secretAccessKey() + "\n\n\n", "auth", "user", "configure", "-i", "ops").exitCode()).isZero();
        Cli.Result login = atmos(mfa.codeAt(sts.now()) + "\n", "auth", "login", "-i", "ops");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.err()).contains("cannot write the audit log " + trail());
        assertThat(Files.readString(target)).isEqualTo("not yours to append to\n");
    }

    @Test
    void validate_reports_a_bad_audit_size_at_its_line() {
        host.write("atmos.yaml", """
                auth:
                  logs:
                    audit: /var/log/
                    audit_max_size: ten megabytes
                  identities:
                    ops: {kind: aws/user}
                """);
        Cli.Result r = atmos("", "auth", "validate");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("atmos.yaml:3: auth.logs.audit: the audit log path \"/var/log/\" names a directory")
                .contains("atmos.yaml:4: auth.logs.audit_max_size: invalid audit log size: \"ten megabytes\" is not a size");
        assertThat(AuditLog.parseSize("10MiB")).isEqualTo(10L << 20);
        assertThat(AuditLog.parseSize("500 KB")).isEqualTo(500_000L);
        assertThat(AuditLog.parseSize("1048576")).isEqualTo(1L << 20);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
