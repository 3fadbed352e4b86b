package atmos.auth.provider.aws.saml;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.system.Host;
import atmos.system.Spinner;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The Browser driver: the user signs in to the identity provider in a real browser window, whatever the
 * IdP asks (passwords, WebAuthn keys, push, captchas), and atmos takes the SAMLResponse the IdP posts
 * to the AWS sign-in endpoint. A Chromium-family browser already installed is started with a private,
 * throw-away profile and driven over the Chrome DevTools Protocol on a pipe (never a TCP port another
 * local user could connect to); the POST to the sign-in endpoint is intercepted and answered locally, so
 * the assertion never reaches AWS's console. Nothing is downloaded.
 */
final class BrowserDriver implements SamlDriver {
    /** The AWS sign-in SAML endpoint; {@code AWS_ENDPOINT_URL_SIGNIN} moves it ({@link atmos.cloud.aws.Endpoints}, as for the console). */
    static final String SIGNIN = "https://signin.aws.amazon.com";

    @Override
    public String name() {
        return "Browser";
    }

    @Override
    public String signIn(SignIn s) {
        Host host = s.context().host();
        String type = s.provider().node().string("browser_type").orElse("chromium").toLowerCase(Locale.ROOT);
        if (!List.of("chromium", "chrome", "msedge", "edge", "chrome-beta", "msedge-beta").contains(type)) {
            throw AtmosException.config("browser_type \"" + type + "\" is not supported by atmos-java's Browser driver",
                    "it drives Chromium-family browsers (Chromium, Chrome, Edge) through the DevTools protocol; remove browser_type or set it to chromium");
        }
        Path executable = DriverSelection.browser(s.provider(), host).orElseThrow(() -> s.provider().node().has("browser_executable_path")
                ? AtmosException.config("browser_executable_path " + s.provider().node().string("browser_executable_path").orElse("")
                        + " is not an executable file", "point it at a Chromium, Chrome or Edge executable")
                : AtmosException.auth("the Browser driver needs a Chromium-family browser, and none was found on PATH",
                        "install one (Debian/Ubuntu: apt-get install chromium), set browser_executable_path, or use driver Okta, ADFS or GoogleApps"));
        List<String> targets = List.of(signinSaml(host), SIGNIN + "/saml");
        s.context().notice().accept("Sign in to " + s.provider().name() + " in the browser window that opens (" + s.url().getHost() + ").");
        Instant deadline = s.context().now().plus(s.context().options().timeout());
        try (DevToolsBrowser browser = DevToolsBrowser.launch(executable, host, s.context().log());
             Spinner ignored = s.context().spinner("Waiting for the sign-in in the browser …")) {
            return browser.captureSamlPost(s.url(), targets, () -> !s.context().now().isBefore(deadline));
        } catch (DevToolsBrowser.Closed e) {
            throw AtmosException.auth("the browser closed before the sign-in to " + s.provider().name() + " completed"
                    + (e.getMessage() == null || e.getMessage().isBlank() ? "" : ": " + e.getMessage()),
                    "run the login again and finish the sign-in in the browser window; without a display use driver Okta, ADFS or GoogleApps");
        } catch (DevToolsBrowser.TimedOut e) {
            throw AtmosException.auth("the sign-in to " + s.provider().name() + " did not complete in the browser in time",
                    "run the login again and finish the sign-in in the browser window");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AtmosException(ExitCode.INTERRUPTED, "interrupted", null);
        }
    }

    /** The sign-in endpoint's {@code /saml} ({@code AWS_ENDPOINT_URL_SIGNIN}, then {@code AWS_ENDPOINT_URL}), else the public one. */
    static String signinSaml(Host host) {
        return atmos.cloud.aws.Endpoints.signin(host, atmos.cloud.aws.Partition.AWS) + "/saml";
    }

    static boolean matches(String url, List<String> targets) {
        String u = url.toLowerCase(Locale.ROOT);
        int q = u.indexOf('?');
        String path = q < 0 ? u : u.substring(0, q);
        return targets.stream().anyMatch(t -> path.equals(t.toLowerCase(Locale.ROOT)) || path.equals(t.toLowerCase(Locale.ROOT) + "/"))
                || (path.startsWith("https://") && path.endsWith(".signin.aws.amazon.com/saml"));
    }

    static URI uri(String s) {
        return URI.create(s);
    }
}
