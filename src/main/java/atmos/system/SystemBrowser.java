package atmos.system;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The real browser opener. Headless machines (SSH without a display, containers, CI) have none: then
 * the caller shows the URL for another device instead.
 */
public final class SystemBrowser implements Browser {
    private final Host host;

    public SystemBrowser(Host host) {
        this.host = host;
    }

    @Override
    public boolean available() {
        return command().isPresent();
    }

    private Optional<String> command() {
        Optional<String> browser = host.getenv("BROWSER");
        if (browser.isPresent()) {
            // Like Python's webbrowser: a ':'-separated list; the first usable entry wins.
            for (String b : browser.get().split(":")) {
                if (!b.isBlank() && !b.equals("none") && onPath(b.strip())) {
                    return Optional.of(b.strip());
                }
            }
            return Optional.empty();
        }
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("mac")) {
            return Optional.of("open");
        }
        boolean display = host.getenv("DISPLAY").isPresent() || host.getenv("WAYLAND_DISPLAY").isPresent();
        return display && onPath("xdg-open") ? Optional.of("xdg-open") : Optional.empty();
    }

    private boolean onPath(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        for (String dir : host.env().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean open(URI url) {
        Optional<String> cmd = command();
        return cmd.isPresent() && start(List.of(cmd.get(), url.toString()));
    }

    /**
     * Chrome or Chromium with {@code --user-data-dir}: the first of google-chrome, google-chrome-stable,
     * chromium-browser, chromium on PATH (as the Go Atmos looks), or the app on macOS, started through
     * {@code open -na} there. A browser already running with that profile opens the URL in a new tab.
     */
    @Override
    public boolean openIsolated(URI url, Path profileDirectory) {
        String profile = "--user-data-dir=" + profileDirectory;
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("mac")) {
            for (String app : List.of("Google Chrome", "Chromium", "Google Chrome Canary")) {
                if (Files.isDirectory(Path.of("/Applications", app + ".app"))) {
                    return start(List.of("open", "-na", app, "--args", profile, "--no-first-run", "--no-default-browser-check", url.toString()));
                }
            }
            return false;
        }
        for (String name : List.of("google-chrome", "google-chrome-stable", "chromium-browser", "chromium")) {
            Optional<Path> exe = onPathAt(name);
            if (exe.isPresent()) {
                return start(List.of(exe.get().toString(), profile, "--no-first-run", "--no-default-browser-check", url.toString()));
            }
        }
        return false;
    }

    /** Starts the browser detached from this process's streams; false when it cannot be started. */
    private boolean start(List<String> command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().clear();
            pb.environment().putAll(host.env());
            pb.start();
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private Optional<Path> onPathAt(String program) {
        for (String dir : host.env().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Optional.of(Path.of(dir, program));
            }
        }
        return Optional.empty();
    }
}
