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
        if (cmd.isEmpty()) {
            return false;
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(cmd.get(), url.toString()))
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
}
