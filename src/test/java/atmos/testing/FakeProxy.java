package atmos.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP proxy on 127.0.0.1 that understands {@code CONNECT host:port} only, as corporate proxies are
 * used for https: it tunnels bytes, and sees nothing of what TLS protects. It knows only the names it
 * was given ({@code login.microsoftonline.com:443 → 127.0.0.1:<fake port>}): a request can reach a fake
 * under such a name only through the proxy, which proves a client used it. Other targets get 502.
 */
public final class FakeProxy implements AutoCloseable {
    private final ServerSocket socket;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Integer> routes = new ConcurrentHashMap<>();
    private final List<String> connects = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private FakeProxy() {
        try {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(() -> {
            while (!closed) {
                try {
                    Socket s = socket.accept();
                    workers.execute(() -> serve(s));
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                }
            }
        }, "fake-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static FakeProxy start() {
        return new FakeProxy();
    }

    /** {@code CONNECT host:port} goes to {@code 127.0.0.1:localPort}. */
    public FakeProxy route(String host, int port, int localPort) {
        routes.put(host.toLowerCase(Locale.ROOT) + ":" + port, localPort);
        return this;
    }

    /** The proxy URL for HTTPS_PROXY. */
    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** Every CONNECT target, in order (host:port). */
    public List<String> connects() {
        return List.copyOf(connects);
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String requestLine = line(in);
            for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
                // headers (Host, Proxy-Connection, User-Agent) are not needed
            }
            if (requestLine == null || !requestLine.startsWith("CONNECT ")) {
                out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            String target = requestLine.split(" ")[1].toLowerCase(Locale.ROOT);
            connects.add(target);
            Integer local = routes.get(target);
            if (local == null) {
                out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), local)) {
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Thread pump = new Thread(() -> copy(client, upstream), "fake-proxy-up");
                pump.setDaemon(true);
                pump.start();
                copy(upstream, client);
                pump.join(5_000);
            }
        } catch (IOException | InterruptedException e) {
            // a tunnel that ends is just closed
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // the other side closed
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
            if (b.size() > 16384) {
                throw new IOException("line too long");
            }
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        workers.shutdownNow();
    }
}
