package atmos.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A small HTTP/1.1 server bound to 127.0.0.1 on an ephemeral port, for fakes of AWS endpoints.
 *
 * <p>It exists instead of {@code com.sun.net.httpserver} because that server overwrites the
 * {@code Date} response header with the real wall clock, and an honest fake must answer with its
 * own (injectable) clock: SDKs read {@code Date} to correct clock skew.
 *
 * <p>Supports keep-alive, {@code Content-Length} and chunked request bodies. Not a general server.
 */
final class LoopbackHttpServer implements Closeable {

    /** One parsed request. Header names are lower-cased; repeated headers keep every value in order. */
    record Request(String method, String rawTarget, Map<String, List<String>> headers, byte[] body) {
        String rawPath() {
            int q = rawTarget.indexOf('?');
            return q < 0 ? rawTarget : rawTarget.substring(0, q);
        }

        /** The raw (still percent-encoded) query string, or "" when there is none. */
        String rawQuery() {
            int q = rawTarget.indexOf('?');
            return q < 0 ? "" : rawTarget.substring(q + 1);
        }

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** A response; the server adds Content-Length and Connection. */
    record Response(int status, Map<String, String> headers, byte[] body) {}

    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final ServerSocket socket;
    private final ExecutorService workers;
    private final Function<Request, Response> handler;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    LoopbackHttpServer(String name, Function<Request, Response> handler) throws IOException {
        this(name, handler, null);
    }

    /** Serves https with {@code tls}'s certificate when it is not null (the Microsoft identity platform is https only). */
    LoopbackHttpServer(String name, Function<Request, Response> handler, javax.net.ssl.SSLContext tls) throws IOException {
        this.handler = handler;
        this.socket = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        this.socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-conn");
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, name + "-accept");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = socket.accept();
                open.add(s);
                workers.execute(() -> serve(s));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(30_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (!closed) {
                Request request = read(in);
                if (request == null) {
                    return;
                }
                Response response;
                try {
                    response = handler.apply(request);
                } catch (RuntimeException e) {
                    // Never echo the exception: it could carry request material.
                    response = new Response(500, Map.of("Content-Type", "text/plain"),
                            "internal error in fake".getBytes(StandardCharsets.UTF_8));
                }
                boolean keepAlive = !"close".equalsIgnoreCase(request.header("connection"));
                write(out, response, keepAlive, "HEAD".equals(request.method()));
                if (!keepAlive) {
                    return;
                }
            }
        } catch (SocketException e) {
            // client went away
        } catch (IOException e) {
            // malformed or timed out connection: drop it
        } finally {
            open.remove(s);
        }
    }

    private static Request read(InputStream in) throws IOException {
        String requestLine = readLine(in);
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = readLine(in);
        }
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3) {
            throw new IOException("bad request line");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int total = 0;
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new IOException("headers too large");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("bad header");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
        byte[] body;
        List<String> te = headers.get("transfer-encoding");
        if (te != null && te.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
            body = readChunked(in);
        } else {
            List<String> cl = headers.get("content-length");
            int length = cl == null ? 0 : Integer.parseInt(cl.get(0).trim());
            if (length < 0 || length > MAX_BODY_BYTES) {
                throw new IOException("body too large");
            }
            body = in.readNBytes(length);
            if (body.length != length) {
                throw new IOException("short body");
            }
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        headers.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new Request(parts[0], parts[1], Collections.unmodifiableMap(frozen), body);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                throw new IOException("eof in chunked body");
            }
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                for (String l = readLine(in); l != null && !l.isEmpty(); l = readLine(in)) {
                    // trailers are ignored
                }
                return body.toByteArray();
            }
            if (body.size() + size > MAX_BODY_BYTES) {
                throw new IOException("body too large");
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] b = line.toByteArray();
                int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
            if (line.size() > MAX_HEADER_BYTES) {
                throw new IOException("line too long");
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void write(OutputStream out, Response r, boolean keepAlive, boolean head)
            throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("HTTP/1.1 ").append(r.status()).append(' ').append(reason(r.status())).append("\r\n");
        r.headers().forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("Content-Length: ").append(r.body().length).append("\r\n");
        sb.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!head) {
            out.write(r.body());
        }
        out.flush();
    }

    private static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 302: return "Found";
            case 401: return "Unauthorized";
            case 400: return "Bad Request";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 500: return "Internal Server Error";
            case 503: return "Service Unavailable";
            default: return "Status";
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
