package atmos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import atmos.keyring.MemoryKeyring;
import atmos.testing.Cli;
import atmos.testing.Corpus;
import atmos.testing.TestHost;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 5, bad input: whatever a configuration file, a flag, a duration, an ARN or an account id
 * holds, the answer is one {@code error:} line (with {@code file:line} where a file is at fault), a
 * {@code hint:} line, a documented exit code, no stack trace, no hang and bounded memory.
 *
 * <p>Two halves: a generated corpus ({@link Corpus}: 1,000 seeded cases, the same every run unless
 * {@code -Datmos.corpus.seed=random} explores new ones; each run through the whole program in-process with injected streams), and hand-written cases for what a
 * generator would rarely hit (FIFOs, /dev/zero, 50 MB files, links and directories where credential
 * files belong). {@code assertTimeoutPreemptively} is a hang guard only, with generous limits.
 */
class BadInputGetsAClearErrorTest {
    /** The exit codes the README documents for errors a user can cause with input (not exec's passthrough). */
    static final Set<Integer> DOCUMENTED = Set.of(0, 1, 2, 3, 4, 5);
    static final Pattern FILE_LINE = Pattern.compile("[\\w./-]+\\.ya?ml:\\d+");
    static final Duration HANG_GUARD = Duration.ofSeconds(60);

    // ================================================================ shared checks

    /** The output contract for any input: documented code; on failure one error line and one hint, no trace. */
    static void assertClearOutcome(Cli.Result r, String input) {
        assertClearOutcome(r, input, false);
    }

    /** @param debug --verbose or debug logging was asked for: a stack trace may follow the error (and only then) */
    static void assertClearOutcome(Cli.Result r, String input, boolean debug) {
        String shown = "input:\n" + input + "\n" + r;
        assertThat(DOCUMENTED).as(shown).contains(r.exitCode());
        assertThat(r.err()).as(shown).doesNotContain("error: unexpected").doesNotContain("this is a bug");
        if (!debug) {
            assertThat(r.err()).as(shown).doesNotContain("\tat ").doesNotContain("Exception");
        }
        if (r.exitCode() != 0 && r.exitCode() != 1 && !isWhoamiStatus(r)) {
            List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
            assertThat(errors).as(shown).hasSize(1);
            assertThat(r.err()).as(shown).contains("\nhint: ");
        }
    }

    static final Pattern WHOAMI_HUMAN = Pattern.compile("(?s)✗ (Not logged in as (\\S+)|Credentials of (\\S+) have expired)\n.*"
            + "\n⚠ Run 'atmos auth login --identity (\\S+)' to log in\\.\n");
    static final Pattern WHOAMI_JSON = Pattern.compile("(?s)\\{\n.*\n  \"authenticated\": false,\n.*\\}\n");

    /**
     * {@code auth whoami} without valid credentials answers with its status report and exit 4 (SPEC: a
     * status line, the rows, then a warning naming the login command; or the JSON with
     * {@code authenticated: false}): that report, whole and naming one identity, is its documented answer.
     */
    static boolean isWhoamiStatus(Cli.Result r) {
        if (r.exitCode() != 4) {
            return false;
        }
        var human = WHOAMI_HUMAN.matcher(r.err());
        if (human.matches()) {
            String named = human.group(2) != null ? human.group(2) : human.group(3);
            return named.equals(human.group(4)) && r.out().isEmpty();
        }
        return r.err().isEmpty() && WHOAMI_JSON.matcher(r.out()).matches();
    }

    /** An error line that blames a YAML file names the line too (whole-file problems such as size name the file only). */
    static void assertFileLineWhenAFileIsBlamed(Cli.Result r, String input) {
        r.err().lines().filter(l -> l.startsWith("error: ") && l.contains(".yaml") && !l.contains("MiB") && !l.contains("UTF-8"))
                .forEach(l -> assertThat(FILE_LINE.matcher(l).find()).as("file:line\n" + input + "\n" + r).isTrue());
    }

    static Cli.Result run(TestHost host, String... args) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> Cli.with(host.build()).systemKeyring(new MemoryKeyring())
                .processes((cmd, env, dir) -> 0).run(args), "hang guard");
    }

    // ================================================================ hand-written cases

    @TempDir
    Path tmp;

    TestHost host;

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp).env("ATMOS_KEYRING_TYPE", "memory");
    }

    private static final List<String[]> COMMANDS = List.of(
            new String[] {"auth", "validate"}, new String[] {"auth", "list"}, new String[] {"auth", "env", "-i", "me"},
            new String[] {"list", "stacks"});

    /** Runs every command against the configuration and checks the contract; returns the validate result. */
    private Cli.Result everyCommand(String what) {
        Cli.Result first = null;
        for (String[] cmd : COMMANDS) {
            Cli.Result r = run(host, cmd);
            assertClearOutcome(r, what + " / " + String.join(" ", cmd));
            first = first == null ? r : first;
        }
        return first;
    }

    private Path sparse(Path p, long size) throws IOException {
        Files.createDirectories(p.getParent());
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
        }
        return p;
    }

    @Test
    void an_include_of_a_fifo_fails_instead_of_waiting_for_a_writer() throws Exception {
        Path fifo = host.cwd().resolve("pipe.yaml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        host.write("atmos.yaml", "auth:\n  identities:\n    me: !include pipe.yaml\n");
        Cli.Result r = everyCommand("!include fifo");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).as(r.toString()).contains("atmos.yaml:3").contains("pipe.yaml").contains("not a regular file");
    }

    @Test
    void an_include_of_dev_zero_and_of_a_directory_fail_at_their_line() {
        host.write("atmos.yaml", "auth:\n  identities:\n    me: !include /dev/zero\n");
        Cli.Result zero = everyCommand("!include /dev/zero");
        assertThat(zero.exitCode()).isEqualTo(3);
        assertThat(zero.err()).contains("atmos.yaml:3").contains("/dev/zero");
        host.write("atmos.yaml", "auth:\n  identities:\n    me: !include /tmp\n");
        Cli.Result dir = everyCommand("!include directory");
        assertThat(dir.exitCode()).isEqualTo(3);
        assertThat(dir.err()).contains("atmos.yaml:3");
    }

    @Test
    void fifty_megabyte_configuration_profile_and_stack_files_are_refused_before_they_are_read() throws Exception {
        long fifty = 50L << 20;
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        sparse(host.cwd().resolve("atmos.yaml"), fifty);
        assertThat(everyCommand("50 MB atmos.yaml").err()).contains("atmos.yaml").contains("MiB");
        host.write("atmos.yaml", "profiles: {base_path: profiles}\nstacks: {base_path: stacks, included_paths: [\"**/*\"]}\n");
        sparse(host.cwd().resolve("profiles/big/atmos.yaml"), fifty);
        Cli.Result profile = run(host, "--profile", "big", "auth", "validate");
        assertClearOutcome(profile, "50 MB profile");
        assertThat(profile.exitCode()).isEqualTo(3);
        assertThat(profile.err()).contains("profiles/big/atmos.yaml");
        sparse(host.cwd().resolve("stacks/huge.yaml"), fifty);
        Cli.Result stacks = run(host, "list", "stacks");
        assertClearOutcome(stacks, "50 MB stack");
        assertThat(stacks.exitCode()).isEqualTo(3);
        assertThat(stacks.err()).contains("huge.yaml");
        long after = rt.totalMemory() - rt.freeMemory();
        assertThat(after - before).as("nothing close to 50 MB was read into memory").isLessThan(40L << 20);
    }

    @Test
    void a_file_that_is_not_utf8_is_refused_with_its_name() throws Exception {
        Files.write(host.cwd().resolve("atmos.yaml"), new byte[] {'a', 'u', 't', 'h', ':', '\n', ' ', ' ', 'x', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        Cli.Result r = everyCommand("Latin-1 atmos.yaml");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("atmos.yaml").contains("UTF-8");
    }

    @Test
    void wrong_types_bad_yaml_and_deep_nesting_each_name_their_line() {
        String[][] cases = {
                {"auth:\n  identities: [a, b]\n", "atmos.yaml:2"},
                {"auth:\n  identities:\n    me: {kind: aws/user, via: foo}\n", "atmos.yaml:3"},
                {"auth:\n  identities:\n    me: {kind: [aws/user]}\n", "atmos.yaml:3"},
                {"auth:\n  identities:\n    me: {kind: aws/user\n", "atmos.yaml:"},
                {"auth:\n\tidentities: {}\n", "atmos.yaml:2"},
                {"auth:\n  identities:\n    me: *nowhere\n", "atmos.yaml:3"},
                {"auth: " + "[".repeat(5000) + "]".repeat(5000) + "\n", "atmos.yaml:1"},
                {"auth:\n  realm: \"UPPER case!\"\n  identities:\n    me: {kind: aws/user}\n", "atmos.yaml:2"},
                {"auth:\n  identities:\n    me: {kind: aws/user, session: {duration: forever}}\n", "atmos.yaml:3"},
                {"auth:\n  identities:\n    r:\n      kind: aws/assume-role\n      via: {identity: me}\n      principal: {assume_role: not-an-arn}\n"
                        + "    me: {kind: aws/user}\n", "atmos.yaml:6"},
                {"auth:\n  providers:\n    p: {kind: aws/iam-identity-center, region: us-east-1, start_url: https://x.awsapps.com/start}\n"
                        + "  identities:\n    ps:\n      kind: aws/permission-set\n      via: {provider: p}\n"
                        + "      principal: {name: Admin, account: {id: \"12345\"}}\n", "atmos.yaml:8"},
        };
        for (String[] c : cases) {
            host.write("atmos.yaml", c[0]);
            Cli.Result r = everyCommand(c[0]);
            assertThat(r.exitCode()).as(c[0] + "\n" + r).isIn(1, 3);
            assertThat(r.err()).as(c[0] + "\n" + r).contains(c[1]);
        }
    }

    @Test
    void a_credentials_path_that_is_a_directory_or_a_link_out_is_refused_clearly() throws Exception {
        host.env("ATMOS_PROFILE", "demo").cwd(Path.of(System.getProperty("atmos.project.dir", ".")).resolve("examples/acme").toAbsolutePath());
        Cli.Result login = run(host, "auth", "login");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        Path credentials;
        try (Stream<Path> files = Files.walk(host.home().resolve(".config/atmos"))) {
            credentials = files.filter(p -> p.endsWith("credentials")).findFirst().orElseThrow();
        }
        Files.delete(credentials);
        Files.createDirectories(credentials.resolve("oops"));
        Cli.Result dir = run(host, "auth", "env", "-f", "json");
        assertClearOutcome(dir, "credentials is a directory");
        assertThat(dir.exitCode()).isNotZero();
        assertThat(dir.err()).contains(credentials.toString()).contains("not a regular file");

        try (Stream<Path> walk = Files.walk(credentials)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Path outside = Files.writeString(tmp.resolve("outside"), "[x]\n");
        Files.createSymbolicLink(credentials, outside);
        Cli.Result link = run(host, "auth", "env", "-f", "json");
        assertClearOutcome(link, "credentials is a link");
        assertThat(link.exitCode()).isNotZero();
        assertThat(link.err()).contains("symbolic link");
        assertThat(Files.readString(outside)).isEqualTo("[x]\n");
    }

    @Test
    void bad_flags_and_values_are_usage_errors_with_a_hint() {
        host.write("atmos.yaml", "auth:\n  identities:\n    me: {kind: mock, via: {provider: m}}\n  providers:\n    m: {kind: mock}\n");
        String[][] cases = {
                {"auth", "login", "--nope"}, {"auth", "env", "-f", "xml", "-i", "me"}, {"--logs-level", "loud", "auth", "list"},
                {"auth", "list", "-f", "pdf"}, {"auth", "whoami", "-o", "yaml", "-i", "me"}, {"auth", "login", "-i", "me", "--auth-flow", "carrier-pigeon"},
                {"auth", "exec", "-i", "me"}, {"auth", "logout", "--tags"}, {"nosuch"}, {"auth", "env", "-i"},
        };
        for (String[] c : cases) {
            Cli.Result r = run(host, c);
            assertClearOutcome(r, String.join(" ", c));
            assertThat(r.exitCode()).as(String.join(" ", c) + "\n" + r).isIn(2, 3);
        }
    }

    /** Found by the corpus (seed -5783051245901408712): a bare {@code auth whoami} before any login. */
    @Test
    void whoami_without_credentials_answers_with_its_status_report_and_exit_4() {
        host.write("atmos.yaml", "auth:\n  identities:\n    me: {kind: mock, default: true, via: {provider: m}}\n  providers:\n    m: {kind: mock}\n");
        Cli.Result human = run(host, "auth", "whoami");
        Cli.Result json = run(host, "auth", "whoami", "-o", "json");
        assertThat(isWhoamiStatus(human)).as(human.toString()).isTrue();
        assertThat(isWhoamiStatus(json)).as(json.toString()).isTrue();
        assertClearOutcome(human, "auth whoami");
        assertClearOutcome(json, "auth whoami -o json");
        Cli.Result error = run(host, "auth", "whoami", "-i", "nobody");
        assertThat(isWhoamiStatus(error)).as(error.toString()).isFalse();
        assertClearOutcome(error, "auth whoami -i nobody");
    }

    // ================================================================ generated corpus

    private TestHost freshHost() throws IOException {
        return new TestHost(Files.createTempDirectory(tmp, "case")).env("ATMOS_KEYRING_TYPE", "memory");
    }

    /** Mangled atmos.yaml: pieces of real configuration with their structure broken in every way (400 cases). */
    @Test
    void any_atmos_yaml_gets_a_clear_answer() {
        Corpus.cases(400, g -> {
            String yaml = yamlDocument(g);
            TestHost h = newHost();
            write(h, yaml);
            for (String[] cmd : new String[][] {{"auth", "validate"}, {"auth", "env", "-i", "me"}}) {
                Cli.Result r = run(h, cmd);
                assertClearOutcome(r, yaml);
                assertFileLineWhenAFileIsBlamed(r, yaml);
            }
        });
    }

    private static final List<String> KEYS = List.of("auth", "identities", "providers", "me", "kind", "via", "provider", "identity",
            "principal", "assume_role", "account", "id", "name", "session", "duration", "realm", "keyring", "type", "logs",
            "level", "audit", "audit_max_size", "region", "start_url", "credentials", "mfa_arn", "env", "default", "spec", "import",
            "profiles", "stacks", "base_path", "");
    private static final List<String> SCALARS = List.of("aws/user", "aws/assume-role", "aws/permission-set", "aws/iam-identity-center",
            "mock", "aws/saml", "github/oidc", "true", "false", "null", "~", "1h", "-5m", "99999999999h", "0", "1e309", "0x1F", "'quoted'",
            "\"unterminated", "arn:aws:iam::123456789012:role/Admin", "arn:aws:iam::1234:role/", "arn:::", "123456789012",
            "12345678901", "1234567890123", "us-east-1", "https://x.awsapps.com/start", "!env HOME", "!env", "!include nope.yaml",
            "!include /dev/zero", "!repo-root", "!cwd", "!random 5", "!terraform.state a b", "!unknown-tag x", "&anchor v", "*anchor",
            "*missing", "<<: *anchor", "{", "}", "[", "]", "- ", ": ", "#", "|", ">", "%YAML 1.2", "---", "...", "\t", "é", "\u0000",
            "\u202e", "\uFEFF", "Debug", "Loud", "file", "memory", "system", "10MiB", "huge", "/dev/zero");
    private static final List<String> SEPARATORS = List.of(": ", ":", " : ", ": {", ": [", ":\n", ": - ", " ");

    static String yamlDocument(Corpus g) {
        List<String> lines = g.list(1, 14, () -> "  ".repeat(g.between(0, 6)) + g.oneOf(KEYS) + g.oneOf(SEPARATORS)
                + (g.chance(0.8) ? g.oneOf(SCALARS) : g.chars(12)));
        return String.join("\n", lines) + "\n";
    }

    /** Command lines made of real commands and options with wrong, missing and strange values (300 cases). */
    @Test
    void any_command_line_gets_a_clear_answer() {
        TestHost h = newHost();
        write(h, "auth:\n  providers:\n    m: {kind: mock}\n  identities:\n    me: {kind: mock, default: true, via: {provider: m}}\n");
        Corpus.cases(300, g -> {
            List<String> args = g.list(1, 7, () -> g.chance(0.9) ? g.oneOf(WORDS) : g.chars(6));
            Cli.Result r = run(h, args.toArray(String[]::new));
            assertClearOutcome(r, String.join(" ", args), args.contains("--verbose") || args.contains("Debug"));
        });
    }

    private static final List<String> WORDS = List.of("auth", "login", "whoami", "env", "list", "validate", "logout", "user", "configure",
            "-i", "--identity", "me", "nobody", "false", "-p", "--provider", "m", "-f", "--format", "json", "bash", "xml", "-o",
            "--output-file", "--all", "--all-realms", "--dry-run", "--force", "--tags", "--keychain", "--logs-level", "Debug", "loud",
            "--profile", "ghost", "--config", "/nonexistent.yaml", "--config-path", "-C", "/nonexistent", "--no-color", "--verbose",
            "--", "-", "=", "--identity=", "-i=me", "--format=dotenv", "--providers", "--identities", "stacks", "describe",
            "component", "-s", "nostack", "version", "completion", "zsh", "tcsh", "help", "--help", "--auth-flow", "pkce", "\u0000", "é", "", " ");

    /** Durations, ARNs and account ids where atmos.yaml takes them: valid, or an error at their line (300 cases). */
    @Test
    void any_duration_arn_or_account_id_gets_a_clear_answer() {
        Corpus.cases(300, g -> {
            String duration = duration(g);
            String arn = arn(g);
            String account = account(g);
            TestHost h = newHost();
            String yaml = """
                    auth:
                      providers:
                        p: {kind: aws/iam-identity-center, region: us-east-1, start_url: "https://x.awsapps.com/start", session: {duration: %s}}
                      identities:
                        me: {kind: aws/user, session: {duration: %s}}
                        role:
                          kind: aws/assume-role
                          via: {identity: me}
                          principal: {assume_role: %s, duration: %s}
                        ps:
                          kind: aws/permission-set
                          via: {provider: p}
                          principal: {name: Admin, account: {id: %s}}
                    """.formatted(quote(duration), quote(duration), quote(arn), quote(duration), quote(account));
            write(h, yaml);
            for (String[] cmd : new String[][] {{"auth", "validate"}, {"auth", "env", "-i", "role"}, {"auth", "env", "-i", "ps"}}) {
                Cli.Result r = run(h, cmd);
                assertClearOutcome(r, yaml);
                assertFileLineWhenAFileIsBlamed(r, yaml);
                if (r.exitCode() == 1) {
                    assertThat(FILE_LINE.matcher(r.err()).find()).as("validate names file:line\n" + yaml + "\n" + r).isTrue();
                }
            }
        });
    }

    private TestHost newHost() {
        try {
            return freshHost();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void write(TestHost h, String text) {
        try {
            Files.write(h.cwd().resolve("atmos.yaml"), text.getBytes(StandardCharsets.UTF_8)); // lone surrogates become '?'
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }

    static String duration(Corpus g) {
        return g.either(
                () -> g.oneOf("1h", "15m", "900", "12h", "0s", "-1h", "1h30m", "1.5h", "PT1H", "1d", "1w", "99999999999999999999h", "h",
                        "1hh", "1 h", "", " ", "NaN", "1e3s", "9223372036854775807s", "0x10m", "forever"),
                () -> g.between(-100000L, 100000L) + g.oneOf("", "s", "m", "h", "ms", "us", "ns", "d", "y", "µs"),
                () -> g.chars(10));
    }

    static String arn(Corpus g) {
        return g.either(
                () -> g.oneOf("arn:aws:iam::123456789012:role/Admin", "arn:aws:iam::123456789012:role/path/to/Admin",
                        "arn:aws-us-gov:iam::123456789012:role/A", "arn:aws:iam::12345678901:role/A", "arn:aws:iam::123456789012:user/A",
                        "arn:aws:iam::123456789012:role/", "arn:aws:sts::123456789012:assumed-role/A/s", "arn", "arn:", "", "role/Admin",
                        "arn:aws:iam::123456789012:role/" + "a".repeat(300)),
                () -> "arn:aws:iam::" + g.digits(0, 14) + ":role/" + g.chars(20));
    }

    static String account(Corpus g) {
        return g.either(() -> g.digits(0, 14),
                () -> g.oneOf("123456789012", "000000000000", "-12345678901", "1234 5678 9012", "12345678901a", "１２３４５６７８９０１２"),
                () -> g.chars(13));
    }

}
