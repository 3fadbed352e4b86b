package atmos.auth.provider.aws.saml;

import atmos.config.ProviderConfig;
import atmos.system.Host;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which driver signs in when {@code driver} (or the deprecated {@code provider_type}) is not set, in the
 * Go Atmos's order: Browser when a browser can be driven here (a Chromium-family browser is installed —
 * atmos-java never downloads one — and, on Linux, there is a display to show it on); otherwise by the
 * URL's host: GoogleApps for accounts.google.com, Okta for okta.com, ADFS for an "adfs" host; otherwise
 * Browser, which then says what is missing.
 */
public final class DriverSelection {
    public static final List<String> DRIVERS = List.of("Browser", "GoogleApps", "Okta", "ADFS");
    /** Chromium-family browsers, first found on PATH wins. */
    static final List<String> CHROMIUM_NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
            "microsoft-edge", "brave-browser");
    static final List<String> MAC_APPS = List.of("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            "/Applications/Chromium.app/Contents/MacOS/Chromium", "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge");

    private DriverSelection() {
    }

    /** The configured driver, as written (case-insensitively matched to a known one). */
    public static Optional<String> configured(ProviderConfig config) {
        return config.node().string("driver").or(() -> config.node().string("provider_type"))
                .map(d -> DRIVERS.stream().filter(k -> k.equalsIgnoreCase(d)).findFirst().orElse(d));
    }

    public static String choose(ProviderConfig config, Host host) {
        Optional<String> explicit = configured(config);
        if (explicit.isPresent()) {
            return explicit.get();
        }
        if (browser(config, host).isPresent() && hasDisplay(host)) {
            return "Browser";
        }
        String url = config.url().orElse("").toLowerCase(Locale.ROOT);
        String hostName = hostOf(url);
        if (hostName.contains("accounts.google.com")) {
            return "GoogleApps";
        }
        if (hostName.endsWith("okta.com") || hostName.endsWith("oktapreview.com") || hostName.endsWith("okta-emea.com")) {
            return "Okta";
        }
        if (hostName.contains("adfs")) {
            return "ADFS";
        }
        return "Browser";
    }

    private static String hostOf(String url) {
        try {
            String h = java.net.URI.create(url).getHost();
            return h == null ? url : h;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    /** Linux and the BSDs need X11 or Wayland to show a window; macOS and Windows always have one. */
    static boolean hasDisplay(Host host) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac") || os.contains("win")) {
            return true;
        }
        return host.getenv("DISPLAY").isPresent() || host.getenv("WAYLAND_DISPLAY").isPresent();
    }

    /** {@code browser_executable_path}, else the first Chromium-family browser on PATH (or in /Applications). */
    public static Optional<Path> browser(ProviderConfig config, Host host) {
        Optional<String> configured = config.node().string("browser_executable_path");
        if (configured.isPresent()) {
            Path p = host.expandHome(configured.get());
            return Files.isExecutable(p) && !Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : host.env().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            for (String name : CHROMIUM_NAMES) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name));
                }
            }
        }
        return MAC_APPS.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }
}
