package atmos.cloud.aws;

import atmos.credentials.AwsCredentials;
import atmos.credentials.CredentialCodec;
import atmos.log.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A credential endpoint for one child process, speaking the AWS container-credentials protocol (the
 * ECS/EKS Pod Identity endpoint every AWS SDK and the AWS CLI read through
 * {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}): a long
 * {@code terraform apply} or SDK program asks it for credentials whenever its own are about to expire,
 * and gets ones the identity's whole chain was renewed for.
 *
 * <ul>
 *   <li>It listens on 127.0.0.1 only, on a port the system picks, and answers only connections from
 *       the loopback address.</li>
 *   <li>Every request must carry the token (32 random bytes) in its {@code Authorization} header,
 *       compared in constant time; the token reaches the child only through its environment, never
 *       argv, and is never logged.</li>
 *   <li>Requests are small and bounded (8 KiB of headers, 10 s to send them); one request per
 *       connection.</li>
 *   <li>It stops when {@link #close()}d: when the child has exited.</li>
 * </ul>
 */
public final class CredentialServer implements AutoCloseable {
    /** The variables a child needs to use this server, as the SDKs name them. */
    public static final String FULL_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    public static final String TOKEN = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
    /**
     * Variables that would make an SDK look elsewhere first (a profile and its keys, a token file, a
     * relative URI), removed from the child's environment; the shared files are pointed at
     * {@code /dev/null} so that {@code ~/.aws} is not read either.
     */
    public static final Set<String> SHADOWING = Set.of("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_CREDENTIAL_EXPIRATION");
    private static final int MAX_HEADER_BYTES = 8192;
    private static final int READ_TIMEOUT_MS = 10_000;

    private final ServerSocket socket;
    private final String path;
    private final byte[] token;
    private final Supplier<AwsCredentials> credentials;
    private final Log log;
    private final ExecutorService workers;
    private final Thread acceptor;
    private volatile boolean closed;
    private int served;

    private CredentialServer(ServerSocket socket, String path, byte[] token, Supplier<AwsCredentials> credentials, Log log) {
        this.socket = socket;
        this.path = path;
        this.token = token;
        this.credentials = credentials;
        this.log = log;
        this.workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "atmos-credential-server");
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::accept, "atmos-credential-server-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Starts a server handing out what {@code credentials} returns at each request (it renews them as
     * needed; it is called by one request at a time).
     */
    public static CredentialServer start(Supplier<AwsCredentials> credentials, Log log) {
        try {
            ServerSocket s = new ServerSocket(0, 16, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
            SecureRandom random = new SecureRandom();
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            byte[] pathBytes = new byte[12];
            random.nextBytes(pathBytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            String path = "/atmos/" + Base64.getUrlEncoder().withoutPadding().encodeToString(pathBytes);
            log.secret(token);
            CredentialServer server = new CredentialServer(s, path, token.getBytes(StandardCharsets.US_ASCII), credentials, log);
            server.acceptor.start();
            return server;
        } catch (IOException e) {
            throw new atmos.error.AtmosException(atmos.error.ExitCode.FAILURE, "cannot start the credential server on 127.0.0.1: "
                    + e.getMessage(), "check that the loopback interface is up");
        }
    }

    /** {@code http://127.0.0.1:<port>/atmos/<random>}. */
    public String uri() {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** How many requests were answered with credentials. */
    public synchronized int served() {
        return served;
    }

    /**
     * The child's environment for this server: {@code env} without what would shadow it, the shared
     * files pointed at {@code /dev/null}, the URI and the token.
     */
    public Map<String, String> childEnvironment(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>(env);
        SHADOWING.forEach(out::remove);
        out.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        out.put("AWS_CONFIG_FILE", "/dev/null");
        out.put(FULL_URI, uri());
        out.put(TOKEN, new String(token, StandardCharsets.US_ASCII));
        return out;
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
        workers.shutdownNow();
        try {
            acceptor.join(2000);
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept() {
        while (!closed) {
            Socket c;
            try {
                c = socket.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                workers.execute(() -> handle(c));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                closeQuietly(c);
            }
        }
    }

    private void handle(Socket c) {
        try (c) {
            if (!c.getInetAddress().isLoopbackAddress()) {
                return;
            }
            c.setSoTimeout(READ_TIMEOUT_MS);
            Request req = read(c.getInputStream());
            OutputStream out = c.getOutputStream();
            if (req == null) {
                respond(out, 400, error("BadRequest", "malformed request"));
            } else if (!req.method.equals("GET")) {
                respond(out, 405, error("MethodNotAllowed", "only GET is supported"));
            } else if (!req.target.equals(path)) {
                respond(out, 404, error("NotFound", "no such endpoint"));
            } else if (req.authorization == null) {
                respond(out, 401, error("Unauthorized", "the Authorization header is required"));
            } else if (!MessageDigest.isEqual(req.authorization.getBytes(StandardCharsets.UTF_8), token)) {
                log.warn("credential server: a request with a wrong token was refused");
                respond(out, 403, error("AccessDenied", "the authorization token is not valid"));
            } else {
                respond(out, 200, document());
            }
        } catch (SocketException | java.net.SocketTimeoutException e) {
            // the client went away or was too slow: nothing to answer
        } catch (IOException e) {
            log.debug("credential server: " + e.getMessage());
        }
    }

    /** The credentials as the container endpoint returns them; an error document when they cannot be had. */
    private byte[] document() {
        AwsCredentials c;
        synchronized (this) {
            try {
                c = credentials.get();
            } catch (RuntimeException e) {
                log.warn("credential server: cannot renew the credentials: " + e.getMessage());
                return null;
            }
            served++;
        }
        StringBuilder b = new StringBuilder(1024).append('{');
        b.append("\"AccessKeyId\":");
        ProcessCredentials.string(b, c.accessKeyId());
        b.append(",\"SecretAccessKey\":");
        ProcessCredentials.string(b, c.secretAccessKey());
        if (c.sessionToken() != null && !c.sessionToken().isEmpty()) {
            b.append(",\"Token\":");
            ProcessCredentials.string(b, c.sessionToken());
        }
        if (c.expirationTime() != null) {
            b.append(",\"Expiration\":");
            ProcessCredentials.string(b, CredentialCodec.time(c.expirationTime()));
        }
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] error(String code, String message) {
        return ("{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private void respond(OutputStream out, int status, byte[] body) throws IOException {
        if (body == null) {
            status = 500;
            body = error("InternalError", "the credentials could not be renewed; see the atmos messages");
        }
        String reason = switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            default -> "Internal Server Error";
        };
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private record Request(String method, String target, String authorization) {
    }

    /** The request line and the Authorization header; null when malformed or too large. */
    private static Request read(InputStream in) throws IOException {
        byte[] buf = new byte[MAX_HEADER_BYTES];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                return null;
            }
            int b = in.read();
            if (b < 0) {
                return null;
            }
            buf[n++] = (byte) b;
            if (n >= 4 && buf[n - 4] == '\r' && buf[n - 3] == '\n' && buf[n - 2] == '\r' && buf[n - 1] == '\n') {
                break;
            }
            if (n >= 2 && buf[n - 2] == '\n' && buf[n - 1] == '\n') {
                break;
            }
        }
        String[] lines = new String(buf, 0, n, StandardCharsets.ISO_8859_1).split("\r?\n");
        String[] start = lines[0].split(" ");
        if (start.length != 3 || !start[2].startsWith("HTTP/1.")) {
            return null;
        }
        String authorization = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase("Authorization")) {
                authorization = lines[i].substring(colon + 1).trim();
            }
        }
        String target = start[1];
        int q = target.indexOf('?');
        return new Request(start[0], q < 0 ? target : target.substring(0, q), authorization);
    }

    private static void closeQuietly(Socket c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
