package atmos.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the user's browser, for code that opens URLs by running the program named in
 * {@code $BROWSER} with the URL as its argument: {@link #script()} is a small executable
 * {@code /bin/sh} script that appends each URL it is given, one per line, to {@link #log()} and
 * exits (0, or a chosen status to play a browser that failed to start). The test reads the URLs
 * with {@link #awaitUrl(Duration)} and does what a user would, for example opening the URL in
 * {@link HeadlessChromium} and clicking Allow.
 *
 * <pre>{@code
 * BrowserHandOff browser = BrowserHandOff.create(tmp);
 * env.putAll(browser.env());                       // BROWSER=<tmp>/browser-…/browser
 * // … start the login in another thread; it runs "$BROWSER <url>" …
 * chromium.open(browser.awaitUrl(Duration.ofSeconds(10))).click("#allow");
 * }</pre>
 */
public final class BrowserHandOff {
    private final Path script;
    private final Path log;
    private int consumed;

    private BrowserHandOff(Path script, Path log) {
        this.script = script;
        this.log = log;
    }

    /** A browser stand-in under a new directory in {@code dir} that records URLs and exits 0. */
    public static BrowserHandOff create(Path dir) {
        return create(dir, 0);
    }

    /** Like {@link #create(Path)}, exiting with {@code exitStatus} after recording the URL. */
    public static BrowserHandOff create(Path dir, int exitStatus) {
        try {
            Path home = Files.createTempDirectory(dir, "browser-");
            Path log = home.resolve("opened-urls");
            Files.createFile(log);
            Path script = home.resolve("browser");
            String text = "#!/bin/sh\n"
                    + "# Written by atmos.testing.BrowserHandOff: a browser stand-in for tests.\n"
                    + "# It records each URL it is asked to open, one per line, and opens nothing.\n"
                    + "for url in \"$@\"; do\n"
                    + "  printf '%s\\n' \"$url\" >> " + shellQuote(log.toString()) + "\n"
                    + "done\n"
                    + "exit " + exitStatus + "\n";
            Files.writeString(script, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            return new BrowserHandOff(script, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The executable to name in {@code $BROWSER}. */
    public Path script() {
        return script;
    }

    /** The file the script appends URLs to. */
    public Path log() {
        return log;
    }

    /** {@code BROWSER=<script>}, to merge into the environment of the code under test. */
    public Map<String, String> env() {
        return Map.of("BROWSER", script.toString());
    }

    /** Every URL the script was given so far, oldest first. */
    public List<String> urls() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            List<String> urls = new ArrayList<>();
            int start = 0;
            for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
                urls.add(text.substring(start, nl)); // only whole lines: a write may be in progress
                start = nl + 1;
            }
            return urls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The next URL not returned before, waiting up to {@code timeout} for the script to be run.
     *
     * @throws AssertionError when no new URL arrives in time
     */
    public synchronized String awaitUrl(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> urls = urls();
            if (urls.size() > consumed) {
                return urls.get(consumed++);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing ran " + script + " with a URL within " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
