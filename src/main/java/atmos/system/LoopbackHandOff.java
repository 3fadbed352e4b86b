package atmos.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands a URL that is itself a credential (a console sign-in link) to a browser without putting it on
 * any command line, where {@code ps} would show it to every user of the machine: the browser is given
 * {@code http://127.0.0.1:PORT/<random>} instead, and that address answers once, with a
 * {@code 303 See Other} to the real URL. Then it is gone (410), and it never answers another path.
 *
 * <p>On Linux the answer goes only to a connection whose socket belongs to this user ({@code /proc/net/tcp}
 * and {@code tcp6} name each socket's owner): another local user who read the one-time address off
 * {@code ps} and raced the browser gets 403. Where there is no {@code /proc} (macOS, Windows) the first
 * request wins, which is no worse than the URL on the command line and usually better.
 */
public final class LoopbackHandOff implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final String path;
    private final URI target;
    private final Consumer<String> warn;
    private final Path procNet;
    private final AtomicBoolean used = new AtomicBoolean();
    private final CountDownLatch served = new CountDownLatch(1);

    private LoopbackHandOff(HttpServer server, String path, URI target, Consumer<String> warn, Path procNet) {
        this.server = server;
        this.path = path;
        this.target = target;
        this.warn = warn;
        this.procNet = procNet;
    }

    /**
     * Starts answering on 127.0.0.1 (an ephemeral port).
     *
     * @param warn told when someone else tried the address (without the address)
     */
    public static LoopbackHandOff serve(URI target, Consumer<String> warn) throws IOException {
        return serve(target, warn, Path.of("/proc/net"));
    }

    static LoopbackHandOff serve(URI target, Consumer<String> warn, Path procNet) throws IOException {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        String path = "/" + Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        LoopbackHandOff handOff = new LoopbackHandOff(server, path, target, warn, procNet);
        server.createContext("/", handOff::handle);
        server.start();
        return handOff;
    }

    /** The one-time address to give the browser. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Waits until the browser has fetched the address; false when it did not within {@code timeout}. */
    public boolean await(Duration timeout) throws InterruptedException {
        return served.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True once the address has been answered. */
    public boolean served() {
        return served.getCount() == 0;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        boolean redirected = false;
        try (exchange) {
            String requested = exchange.getRequestURI().getRawPath();
            boolean ours = MessageDigest.isEqual(path.getBytes(StandardCharsets.UTF_8),
                    (requested == null ? "" : requested).getBytes(StandardCharsets.UTF_8));
            if (!ours) {
                respond(exchange, 404, "Not found.");
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().add("Allow", "GET");
                respond(exchange, 405, "Method not allowed.");
                return;
            }
            Owner owner = owner(exchange.getRemoteAddress(), exchange.getLocalAddress().getPort());
            if (owner == Owner.SOMEONE_ELSE) {
                warn.accept("another user's process tried to fetch the one-time console link; it was refused");
                respond(exchange, 403, "This link belongs to another user.");
                return;
            }
            if (!used.compareAndSet(false, true)) {
                respond(exchange, 410, "This link was already used. Run atmos auth console again.");
                return;
            }
            exchange.getResponseHeaders().add("Location", target.toString());
            respond(exchange, 303, "Opening the console…");
            redirected = true;
        }
        if (redirected) {
            // Only once the answer is out: the caller stops the server as soon as it hears of it.
            served.countDown();
        }
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>atmos</title></head><body><p>" + text
                + "</p></body></html>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.getResponseHeaders().add("Referrer-Policy", "no-referrer");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    enum Owner { THIS_USER, SOMEONE_ELSE, UNKNOWN }

    /** Whose socket is the client's: looked up in /proc/net/tcp{,6} by its port and ours. */
    Owner owner(InetSocketAddress client, int serverPort) {
        Path tcp = procNet.resolve("tcp");
        if (!Files.isReadable(tcp)) {
            return Owner.UNKNOWN;
        }
        Optional<Integer> self = selfUid();
        if (self.isEmpty()) {
            return Owner.UNKNOWN;
        }
        for (String table : new String[]{"tcp", "tcp6"}) {
            try {
                Path file = procNet.resolve(table);
                if (Files.isReadable(file)) {
                    Optional<Integer> uid = socketOwner(Files.readString(file, StandardCharsets.US_ASCII), client.getPort(), serverPort);
                    if (uid.isPresent()) {
                        return uid.get().equals(self.get()) ? Owner.THIS_USER : Owner.SOMEONE_ELSE;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // unreadable: try the other table
            }
        }
        // /proc lists every socket of this network namespace: not finding it means it cannot be vouched for.
        return Owner.SOMEONE_ELSE;
    }

    /**
     * The owner uid of the socket whose local port is {@code clientPort} and remote port
     * {@code serverPort}, from a {@code /proc/net/tcp} table ({@code sl local rem st … uid …}; ports are hex).
     */
    static Optional<Integer> socketOwner(String table, int clientPort, int serverPort) {
        String local = String.format(Locale.ROOT, ":%04X", clientPort);
        String remote = String.format(Locale.ROOT, ":%04X", serverPort);
        for (String line : table.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 8 || !f[0].endsWith(":")) {
                continue;
            }
            if (f[1].toUpperCase(Locale.ROOT).endsWith(local) && f[2].toUpperCase(Locale.ROOT).endsWith(remote)) {
                try {
                    return Optional.of(Integer.parseInt(f[7]));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> selfUid() {
        try {
            return Optional.of((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
