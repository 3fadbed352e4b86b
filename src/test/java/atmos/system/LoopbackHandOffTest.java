package atmos.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-time loopback address that hands a sign-in URL to the browser: one 303 to the URL, then
 * nothing; only to a socket of this user where /proc says whose sockets are whose.
 */
class LoopbackHandOffTest {
    static final URI SECRET = URI.create("https://signin.example/federation?Action=login&SigninToken=SECRET-TOKEN-VALUE");

    @TempDir
    Path tmp;

    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    List<String> warnings = new CopyOnWriteArrayList<>();

    private HttpResponse<String> get(URI u) throws Exception {
        return http.send(HttpRequest.newBuilder(u).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theAddressAnswersOnceWithARedirectToTheUrlThenIsGone() throws Exception {
        try (LoopbackHandOff h = LoopbackHandOff.serve(SECRET, warnings::add)) {
            assertThat(h.url().toString()).matches("http://127\\.0\\.0\\.1:\\d+/[A-Za-z0-9_-]{43}").doesNotContain("SECRET");
            assertThat(h.await(Duration.ofMillis(50))).as("nothing fetched yet").isFalse();
            HttpResponse<String> r = get(h.url());
            assertThat(r.statusCode()).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).hasValue(SECRET.toString());
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(r.body()).doesNotContain("SECRET");
            assertThat(h.await(Duration.ofSeconds(1))).isTrue();
            assertThat(get(h.url()).statusCode()).isEqualTo(410);
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void otherPathsAndMethodsGetNothing() throws Exception {
        try (LoopbackHandOff h = LoopbackHandOff.serve(SECRET, warnings::add)) {
            URI base = URI.create("http://127.0.0.1:" + h.url().getPort());
            assertThat(get(base.resolve("/")).statusCode()).isEqualTo(404);
            assertThat(get(base.resolve("/favicon.ico")).statusCode()).isEqualTo(404);
            assertThat(get(URI.create(h.url() + "x")).statusCode()).isEqualTo(404);
            HttpResponse<String> head = http.send(HttpRequest.newBuilder(h.url()).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(405);
            assertThat(h.served()).isFalse();
            assertThat(get(h.url()).statusCode()).as("still there for the browser").isEqualTo(303);
        }
    }

    @Test
    void aSocketOfAnotherUserIsRefusedAndReported() throws Exception {
        Path procNet = Files.createDirectories(tmp.resolve("net"));
        try (LoopbackHandOff h = LoopbackHandOff.serve(SECRET, warnings::add, procNet);
             Socket s = new Socket(InetAddress.getLoopbackAddress(), h.url().getPort())) {
            // /proc/net/tcp as the kernel would show this connection, owned by uid 4242.
            Files.writeString(procNet.resolve("tcp"), "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                    + String.format("   7: 0100007F:%04X 0100007F:%04X 01 00000000:00000000 00:00000000 00000000  4242        0 99 1 0 20 4 30 10 -1%n",
                    s.getLocalPort(), h.url().getPort()));
            String response = request(s, h.url());
            assertThat(response).startsWith("HTTP/1.1 403").doesNotContain("SECRET");
            assertThat(h.served()).isFalse();
        }
        assertThat(warnings).containsExactly("another user's process tried to fetch the one-time console link; it was refused");
    }

    @Test
    void aSocketProcDoesNotListIsRefusedToo() throws Exception {
        Path procNet = Files.createDirectories(tmp.resolve("net"));
        Files.writeString(procNet.resolve("tcp"), "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
        try (LoopbackHandOff h = LoopbackHandOff.serve(SECRET, warnings::add, procNet)) {
            assertThat(get(h.url()).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void withoutProcTheFirstRequestWins() throws Exception {
        try (LoopbackHandOff h = LoopbackHandOff.serve(SECRET, warnings::add, tmp.resolve("no-proc"))) {
            assertThat(get(h.url()).statusCode()).isEqualTo(303);
        }
    }

    @Test
    void theOwnerIsReadFromTheTableByBothPorts() {
        String table = """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1593 1 0 100 0 0 10 0
                   1: 0100007F:A1B2 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 2222 1 0 20 4 30 10 -1
                   2: 0100007F:1F90 0100007F:A1B2 01 00000000:00000000 00:00000000 00000000   999        0 3333 1 0 20 4 30 10 -1
                """;
        assertThat(LoopbackHandOff.socketOwner(table, 0xA1B2, 0x1F90)).contains(1000);
        assertThat(LoopbackHandOff.socketOwner(table, 0x1F90, 0xA1B2)).contains(999);
        assertThat(LoopbackHandOff.socketOwner(table, 0x1234, 0x1F90)).isEmpty();
    }

    private static String request(Socket s, URI u) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(("GET " + u.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1:" + u.getPort() + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
