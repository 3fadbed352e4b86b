package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.cloud.aws.CredentialServer;
import atmos.credentials.AwsCredentials;
import atmos.exec.SystemProcessRunner;
import atmos.keyring.MemoryKeyring;
import atmos.log.Log;
import atmos.testing.AwsCli;
import atmos.testing.Cli;
import atmos.testing.FakeSts;
import atmos.testing.RecordingProcessRunner;
import atmos.testing.TestHost;
import atmos.testing.TestJvm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code auth exec --server} (and {@code terraform --server}): the container-credentials endpoint on
 * 127.0.0.1, used by real clients (Debian's AWS CLI, the AWS SDK for Java v2) in a real child that keeps
 * running while the fake STS's clock moves past the role session's hour: the chain is renewed and the
 * client gets new credentials without the child doing anything.
 */
class CredentialServerTest {
    @TempDir
    Path tmp;

    FakeSts sts;
    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();

    @BeforeEach
    void setUp() {
        sts = FakeSts.start();
        FakeSts.User user = sts.addUser("111111111111", "ci");
        FakeSts.AccessKey key = sts.createAccessKey(user);
        sts.role("arn:aws:iam::222222222222:role/Admin").trust(user).maxSessionDuration(Duration.ofHours(1)).create();
        host = new TestHost(tmp).clock(sts.clock()).env("AWS_ENDPOINT_URL_STS", sts.endpoint())
                .env("CI_KEY_ID", key.accessKeyId()).env("CI_SECRET", key.secretAccessKey())
                .env("AWS_PROFILE", "stray").env("AWS_ACCESS_KEY_ID", "AKIASTRAY");
        host.write("atmos.yaml", """
                auth:
                  identities:
                    ci:
                      kind: aws/user
                      credentials: {access_key_id: !env CI_KEY_ID, secret_access_key: !env CI_SECRET, region: eu-west-1}
                    admin:
                      kind: aws/assume-role
                      default: true
                      via: {identity: ci}
                      principal: {assume_role: "arn:aws:iam::222222222222:role/Admin", region: eu-west-1}
                """);
    }

    @AfterEach
    void tearDown() {
        sts.close();
    }

    /**
     * Runs {@code atmos auth exec --server -- sh -c SCRIPT} with a real child; SCRIPT writes a first
     * answer, touches ready and waits for go. Meanwhile the clock moves 50 minutes: the hour-long role
     * session has 10 minutes left, less than the server hands out.
     */
    Cli.Result runMovingTheClock(String script) throws Exception {
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.with(host.build()).systemKeyring(keyring)
                .processes(new SystemProcessRunner()).run("auth", "exec", "--server", "--", "sh", "-c", script));
        Path ready = host.cwd().resolve("ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(ready) && !run.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ready).as(run.isDone() ? run.get().toString() : "the child did not get its first credentials").exists();
        sts.advance(Duration.ofMinutes(50));
        Files.writeString(host.cwd().resolve("go"), "");
        return run.get(180, TimeUnit.SECONDS);
    }

    @Test
    void theAwsCliGetsRenewedCredentialsWhileTheChildRuns() throws Exception {
        AwsCli.require();
        Cli.Result r = runMovingTheClock("""
                set -e
                env | grep -c AWS_CONTAINER_AUTHORIZATION_TOKEN= > has-token
                [ -z "${AWS_PROFILE:-}" ] && [ -z "${AWS_ACCESS_KEY_ID:-}" ] && echo clean > clean
                aws configure export-credentials --format process > first.json
                touch ready
                while [ ! -f go ]; do sleep 0.1; done
                aws configure export-credentials --format process > second.json
                """);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String first = Files.readString(host.cwd().resolve("first.json"));
        String second = Files.readString(host.cwd().resolve("second.json"));
        assertThat(Files.readString(host.cwd().resolve("clean"))).as("the stray profile and keys do not shadow the server").contains("clean");
        assertThat(keyId(first)).startsWith("ASIA");
        assertThat(keyId(second)).startsWith("ASIA").isNotEqualTo(keyId(first));
        assertThat(sts.count("AssumeRole")).as("the role renewed once, while the child ran").isEqualTo(2);
        assertThat(sts.count("GetSessionToken")).as("the user's session was still fresh").isEqualTo(1);
        assertThat(Instant.parse(field(second, "Expiration"))).isAfter(Instant.parse(field(first, "Expiration")));
    }

    @Test
    void theAwsSdkForJavaGetsRenewedCredentialsWhileTheChildRuns() throws Exception {
        List<String> probe = TestJvm.command("-cp", System.getProperty("java.class.path"), "atmos.testing.SdkCredentialsProbe",
                host.cwd().toString());
        Cli.Result r = runMovingTheClock("exec " + String.join(" ", probe.stream().map(CredentialServerTest::shellQuote).toList()));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> first = Files.readAllLines(host.cwd().resolve("first"));
        List<String> second = Files.readAllLines(host.cwd().resolve("second"));
        // Nothing else could have answered: no variables, no shared files (/dev/null), no instance metadata.
        assertThat(first.get(0)).startsWith("ASIA");
        assertThat(second.get(0)).startsWith("ASIA").isNotEqualTo(first.get(0));
        assertThat(second.get(1)).isNotEqualTo(first.get(1));
        assertThat(sts.count("AssumeRole")).isEqualTo(2);
    }

    @Test
    void theTokenTravelsInTheEnvironmentOnlyAndTheServerStopsWithTheChild() throws Exception {
        RecordingProcessRunner processes = new RecordingProcessRunner(7);
        Cli.Result r = Cli.with(host.build()).systemKeyring(keyring).processes(processes).run("auth", "exec", "--server", "--", "tool", "--flag");
        assertThat(r.exitCode()).as("the child's exit code").isEqualTo(7);
        RecordingProcessRunner.Run run = processes.last();
        String token = run.env().get(CredentialServer.TOKEN);
        String uri = run.env().get(CredentialServer.FULL_URI);
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
        assertThat(run.command()).containsExactly("tool", "--flag").noneMatch(a -> a.contains(token));
        assertThat(r.all()).doesNotContain(token);
        assertThat(uri).startsWith("http://127.0.0.1:");
        assertThat(run.env()).doesNotContainKeys("AWS_PROFILE", "AWS_ACCESS_KEY_ID").containsEntry("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
                .containsEntry("AWS_REGION", "eu-west-1");
        assertThatThrownBy(() -> new Socket("127.0.0.1", URI.create(uri).getPort()).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void theEndpointAsksForTheTokenComparesItAndAnswersOnLoopbackOnly() throws Exception {
        AwsCredentials creds = AwsCredentials.session("ASIAEXAMPLE", "secret", "token", "eu-west-1", Instant.parse("2030-01-01T00:00:00Z"));
        try (CredentialServer server = CredentialServer.start(() -> creds, Log.silent())) {
            String token = server.childEnvironment(java.util.Map.of()).get(CredentialServer.TOKEN);
            URI uri = URI.create(server.uri());
            assertThat(get(uri, null)).startsWith("401");
            assertThat(get(uri, "wrong-" + token)).startsWith("403");
            assertThat(get(uri, token.substring(1))).startsWith("403");
            assertThat(get(URI.create("http://127.0.0.1:" + server.port() + "/other"), token)).startsWith("404");
            assertThat(get(uri, token)).isEqualTo("200 {\"AccessKeyId\":\"ASIAEXAMPLE\",\"SecretAccessKey\":\"secret\",\"Token\":\"token\","
                    + "\"Expiration\":\"2030-01-01T00:00:00Z\"}");
            assertThat(raw(server.port(), "POST " + uri.getPath() + " HTTP/1.1\r\nAuthorization: " + token + "\r\n\r\n")).startsWith("HTTP/1.1 405");
            assertThat(raw(server.port(), "garbage\r\n\r\n")).startsWith("HTTP/1.1 400");
            assertThat(server.served()).isEqualTo(1);
            assertThat(new java.net.InetSocketAddress("127.0.0.1", server.port()).getAddress().isLoopbackAddress()).isTrue();
        }
    }

    @Test
    void terraformGetsTheServerToo() throws Exception {
        Path repo = atmos.testing.Acme.copyTo(tmp.resolve("acme"));
        host.cwd(repo).env("ATMOS_PROFILE", "demo");
        RecordingProcessRunner processes = new RecordingProcessRunner(0);
        Cli.Result r = Cli.with(host.build()).systemKeyring(keyring).processes(processes)
                .run("terraform", "plan", "vpc", "-s", "plat-ue2-dev", "--server", "--skip-init");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(processes.runs()).allSatisfy(run -> assertThat(run.env()).containsKeys(CredentialServer.FULL_URI, CredentialServer.TOKEN)
                .doesNotContainKey("AWS_PROFILE"));
        String uri = processes.last().env().get(CredentialServer.FULL_URI);
        assertThatThrownBy(() -> new Socket("127.0.0.1", URI.create(uri).getPort()).close()).isInstanceOf(ConnectException.class);
    }

    static String get(URI uri, String token) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        if (token != null) {
            c.setRequestProperty("Authorization", token);
        }
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            return status + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String raw(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream o = s.getOutputStream();
            o.write(request.getBytes(StandardCharsets.US_ASCII));
            o.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String keyId(String processJson) {
        return field(processJson, "AccessKeyId");
    }

    static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\"");
        int start = json.indexOf('"', json.indexOf(':', at) + 1) + 1;
        return json.substring(start, json.indexOf('"', start));
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }
}
