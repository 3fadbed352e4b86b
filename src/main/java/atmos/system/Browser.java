package atmos.system;

import java.net.URI;

/**
 * Opens a URL in the user's browser: the program named by {@code $BROWSER}, else {@code xdg-open}
 * where there is a display, else {@code open} on macOS. Injected, so tests can hand the URL to a
 * headless browser or simply record it.
 */
public interface Browser {

    /** True when a browser can probably be opened here (a display, or $BROWSER set). */
    boolean available();

    /** Opens the URL; false when no browser could be started (the caller then prints the URL). */
    boolean open(URI url);

    /**
     * Opens the URL in a Chromium-family browser (Chrome, Chromium) running with its own profile
     * directory, so its sessions (cookies) are apart from every other profile's: several AWS accounts
     * can be signed in at once. False when there is no such browser here (the caller may fall back to
     * {@link #open}).
     */
    default boolean openIsolated(URI url, java.nio.file.Path profileDirectory) {
        return false;
    }
}
