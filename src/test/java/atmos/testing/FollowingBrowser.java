package atmos.testing;

import atmos.system.Browser;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A browser for in-process tests that loads what atmos opens as a browser without JavaScript would:
 * follows redirects, keeps cookies (one jar per isolated profile), and records where it landed. It only ever connects to 127.0.0.1: a
 * redirect anywhere else (the real AWS console) ends the load there, with status -1. For pages that need a person (an SSO
 * approval) use {@link FakeBrowser}; for JavaScript, {@link HeadlessChromium}.
 */
public final class FollowingBrowser implements Browser {
    /** Where one load ended: the last URL, its status and page. */
    public record Landing(URI url, int status, String body) {
    }

    /** What {@link #openIsolated} was asked, with its landing. */
    public record Opened(URI url, Path profile) {
    }

    /** One cookie jar per profile, as a browser keeps them (null: the default profile); loads may overlap. */
    private final java.util.Map<java.util.Optional<Path>, HttpClient> clients = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Opened> opened = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Landing>> landings = new CopyOnWriteArrayList<>();
    private final boolean chromium;

    private FollowingBrowser(boolean chromium) {
        this.chromium = chromium;
    }

    /** A default browser that is not Chrome ({@link #openIsolated} returns false). */
    public static FollowingBrowser plain() {
        return new FollowingBrowser(false);
    }

    /** A Chromium: {@link #openIsolated} loads the URL too and records the profile directory. */
    public static FollowingBrowser chromium() {
        return new FollowingBrowser(true);
    }

    public List<Opened> opened() {
        return List.copyOf(opened);
    }

    /** The landing of the {@code i}-th URL opened, waiting up to 30 s for it. */
    public Landing landing(int i) {
        try {
            return landings.get(i).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the browser did not finish loading URL #" + i, e);
        }
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public boolean open(URI url) {
        load(url, null);
        return true;
    }

    @Override
    public boolean openIsolated(URI url, Path profileDirectory) {
        if (!chromium) {
            return false;
        }
        load(url, profileDirectory);
        return true;
    }

    private void load(URI url, Path profile) {
        opened.add(new Opened(url, profile));
        HttpClient http = clients.computeIfAbsent(java.util.Optional.ofNullable(profile), p -> HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER).cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build());
        landings.add(CompletableFuture.supplyAsync(() -> {
            try {
                URI at = url;
                for (int hop = 0; hop < 10; hop++) {
                    if (!"127.0.0.1".equals(at.getHost())) {
                        // Tests talk to 127.0.0.1 only: a redirect elsewhere (the real console) is where it stops.
                        return new Landing(at, -1, "");
                    }
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(at).GET().build(), HttpResponse.BodyHandlers.ofString());
                    java.util.Optional<String> location = r.headers().firstValue("Location");
                    if (r.statusCode() / 100 != 3 || location.isEmpty()) {
                        return new Landing(at, r.statusCode(), r.body());
                    }
                    at = at.resolve(location.get());
                }
                throw new IllegalStateException("too many redirects from " + url);
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
    }
}
