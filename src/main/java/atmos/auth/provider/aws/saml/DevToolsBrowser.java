package atmos.auth.provider.aws.saml;

import atmos.log.Log;
import atmos.system.Host;
import atmos.text.JsonText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A Chromium-family browser started for one sign-in and driven over the Chrome DevTools Protocol on
 * {@code --remote-debugging-pipe}: the browser reads commands on its fd 3 and writes answers on fd 4
 * (NUL-separated JSON), which a {@code /bin/sh} {@code exec} wires to the process's stdin and stdout.
 * No debugging port is opened, so no other local user can attach. The profile is a new 0700
 * directory, deleted afterwards.
 */
final class DevToolsBrowser implements AutoCloseable {
    static final List<String> FLAGS = List.of("--no-first-run", "--no-default-browser-check", "--disable-background-networking",
            "--disable-sync", "--disable-component-update", "--disable-default-apps", "--disable-extensions",
            "--password-store=basic", "--new-window");

    /** The browser went away before the sign-in completed (its last words, if any). */
    static final class Closed extends Exception {
        private static final long serialVersionUID = 1L;

        Closed(String message) {
            super(message);
        }
    }

    static final class TimedOut extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private final Process process;
    private final Path profile;
    private final OutputStream commands;
    private final BlockingQueue<Map<String, Object>> messages = new LinkedBlockingQueue<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Log log;
    private final Thread errors;
    private int nextId = 1;

    private DevToolsBrowser(Process process, Path profile, Log log) {
        this.process = process;
        this.profile = profile;
        this.log = log;
        this.commands = process.getOutputStream();
        Thread reader = new Thread(() -> read(process.getInputStream()), "devtools-reader");
        reader.setDaemon(true);
        reader.start();
        this.errors = new Thread(() -> tail(process.getErrorStream()), "devtools-stderr");
        errors.setDaemon(true);
        errors.start();
    }

    static DevToolsBrowser launch(Path executable, Host host, Log log) throws DevToolsBrowser.Closed {
        Path profile;
        try {
            profile = Files.createTempDirectory("atmos-saml-browser-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new Closed("cannot create a private browser profile: " + e.getMessage());
        }
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$0\" \"$@\" 3<&0 4>&1 0</dev/null 1>&2",
                executable.toString(), "--remote-debugging-pipe", "--user-data-dir=" + profile));
        cmd.addAll(FLAGS);
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--no-sandbox"); // Chromium refuses to run as root with its sandbox
        }
        cmd.add("about:blank");
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(host.env());
        try {
            return new DevToolsBrowser(pb.start(), profile, log);
        } catch (IOException e) {
            delete(profile);
            throw new Closed("cannot start " + executable + ": " + e.getMessage());
        }
    }

    /**
     * Opens {@code url} and waits until a page posts to one of {@code targets}; returns the posted
     * SAMLResponse. Every page (pop-ups included) is attached, and requests to the targets are paused
     * and answered locally.
     */
    String captureSamlPost(URI url, List<String> targets, BooleanSupplier expired) throws Closed, TimedOut, InterruptedException {
        List<Map<String, Object>> patterns = new ArrayList<>();
        targets.forEach(t -> patterns.add(Map.of("urlPattern", t + "*", "requestStage", "Request")));
        patterns.add(Map.of("urlPattern", "https://*.signin.aws.amazon.com/saml*", "requestStage", "Request"));
        send(null, "Target.setDiscoverTargets", Map.of("discover", true));
        send(null, "Target.setAutoAttach", Map.of("autoAttach", true, "waitForDebuggerOnStart", true, "flatten", true));
        int create = send(null, "Target.createTarget", Map.of("url", "about:blank"));
        String firstTarget = null;
        String firstSession = null;
        boolean navigated = false;
        while (true) {
            if (expired.getAsBoolean()) {
                throw new TimedOut();
            }
            Map<String, Object> m = messages.poll(500, TimeUnit.MILLISECONDS);
            if (m == null) {
                if (!process.isAlive()) {
                    throw new Closed(lastWords());
                }
                continue;
            }
            if (m.containsKey("__closed")) {
                throw new Closed(lastWords());
            }
            Object id = m.get("id");
            if (id instanceof Number n && n.intValue() == create && m.get("result") instanceof Map<?, ?> r) {
                firstTarget = String.valueOf(r.get("targetId"));
            }
            String method = String.valueOf(m.get("method"));
            Map<?, ?> params = m.get("params") instanceof Map<?, ?> p ? p : Map.of();
            String session = m.get("sessionId") == null ? null : String.valueOf(m.get("sessionId"));
            switch (method) {
                case "Target.attachedToTarget" -> {
                    String sid = String.valueOf(params.get("sessionId"));
                    Map<?, ?> info = params.get("targetInfo") instanceof Map<?, ?> i ? i : Map.of();
                    if ("page".equals(info.get("type"))) {
                        send(sid, "Fetch.enable", Map.of("patterns", patterns));
                        send(sid, "Target.setAutoAttach", Map.of("autoAttach", true, "waitForDebuggerOnStart", true, "flatten", true));
                        if (String.valueOf(info.get("targetId")).equals(firstTarget) || (firstTarget == null && firstSession == null)) {
                            firstSession = sid;
                        }
                    }
                    send(sid, "Runtime.runIfWaitingForDebugger", Map.of());
                }
                case "Fetch.requestPaused" -> {
                    Map<?, ?> request = params.get("request") instanceof Map<?, ?> r ? r : Map.of();
                    String requestId = String.valueOf(params.get("requestId"));
                    String reqUrl = String.valueOf(request.get("url"));
                    String saml = "POST".equals(request.get("method")) && BrowserDriver.matches(reqUrl, targets) ? samlResponse(request) : null;
                    if (saml != null) {
                        String page = "<!doctype html><html><head><title>Signed in</title></head><body style=\"font-family:sans-serif\">"
                                + "<p>Signed in. You can close this window and return to the terminal.</p></body></html>";
                        send(session, "Fetch.fulfillRequest", Map.of("requestId", requestId, "responseCode", 200,
                                "responseHeaders", List.of(Map.of("name", "Content-Type", "value", "text/html; charset=utf-8")),
                                "body", Base64.getEncoder().encodeToString(page.getBytes(StandardCharsets.UTF_8))));
                        return saml;
                    }
                    send(session, "Fetch.continueRequest", Map.of("requestId", requestId));
                }
                case "Target.detachedFromTarget", "Target.targetDestroyed" -> {
                    // a page closed; the browser itself closing ends the pipe
                }
                default -> {
                }
            }
            if (!navigated && firstSession != null && firstTarget != null) {
                send(firstSession, "Page.navigate", Map.of("url", url.toString()));
                navigated = true;
            }
        }
    }

    /** The SAMLResponse field of a form POST body (postData, or postDataEntries in newer browsers). */
    private static String samlResponse(Map<?, ?> request) {
        String body = request.get("postData") instanceof String s ? s : null;
        if (body == null && request.get("postDataEntries") instanceof List<?> entries) {
            StringBuilder b = new StringBuilder();
            for (Object e : entries) {
                if (e instanceof Map<?, ?> m && m.get("bytes") instanceof String bytes) {
                    b.append(new String(Base64.getDecoder().decode(bytes), StandardCharsets.UTF_8));
                }
            }
            body = b.toString();
        }
        if (body == null) {
            return null;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals("SAMLResponse")) {
                String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                return v.isBlank() ? null : v;
            }
        }
        return null;
    }

    private synchronized int send(String session, String method, Map<String, ?> params) throws Closed {
        int id = nextId++;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        if (session != null) {
            m.put("sessionId", session);
        }
        m.put("method", method);
        m.put("params", params);
        try {
            commands.write(JsonText.compact(m).getBytes(StandardCharsets.UTF_8));
            commands.write(0);
            commands.flush();
        } catch (IOException e) {
            throw new Closed(lastWords());
        }
        return id;
    }

    private void read(InputStream in) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (in) {
            int b;
            byte[] chunk = new byte[65536];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                for (int i = 0; i < n; i++) {
                    b = chunk[i];
                    if (b == 0) {
                        try {
                            messages.add(JsonText.parseObject(buf.toString(StandardCharsets.UTF_8)));
                        } catch (IOException | RuntimeException e) {
                            log.debug("unreadable DevTools message skipped");
                        }
                        buf.reset();
                    } else {
                        buf.write(b);
                    }
                }
            }
        } catch (IOException e) {
            // the pipe closed with the browser
        }
        messages.add(Map.of("__closed", true));
    }

    /** Keeps the browser's last stderr lines for the error message (its own diagnostics, never page content). */
    private void tail(InputStream err) {
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(err, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (stderrTail) {
                    stderrTail.add(line);
                    if (stderrTail.size() > 5) {
                        stderrTail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // gone
        }
    }

    private String lastWords() {
        try {
            // The browser is going or gone: let its last stderr lines arrive before they are read.
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                errors.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (stderrTail) {
            return stderrTail.stream().filter(l -> l.contains("ERROR") || l.contains("Missing X server") || l.contains("cannot"))
                    .reduce((a, b) -> b).map(String::strip).orElse("");
        }
    }

    @Override
    public void close() {
        try {
            send(null, "Browser.close", Map.of());
        } catch (Closed e) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        delete(profile);
    }

    private static void delete(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: the profile holds the IdP's cookies; a leftover directory is still 0700
        }
    }
}
