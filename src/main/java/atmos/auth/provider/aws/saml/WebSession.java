package atmos.auth.provider.aws.saml;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.system.Loopback;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A browser-less web session for the form drivers: cookies, redirects followed by hand (a POST answered
 * with 302/303 becomes a GET, as browsers do; at most 10 hops), pages parsed with jsoup. Only https
 * URLs are used, or http to this machine's loopback: passwords never travel in clear.
 */
final class WebSession {
    private static final Duration TIMEOUT = Duration.ofSeconds(30); // saml2aws's timeout
    private static final int MAX_REDIRECTS = 10;

    private final HttpClient http;
    private final String idp;

    /** A session over {@code network}'s trust and proxies (SSL_CERT_FILE, HTTPS_PROXY, NO_PROXY). */
    WebSession(String idp, atmos.net.Network network) {
        this.idp = idp;
        this.http = network.httpClient(TIMEOUT).cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();
    }

    /** A response: the final URL after redirects, its status and body. */
    record Page(URI url, int status, String body) {
        Document document() {
            return Jsoup.parse(body, url.toString());
        }
    }

    Page get(URI url) {
        return send(url, "GET", null, null);
    }

    Page postForm(URI url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(url, "POST", "application/x-www-form-urlencoded", body);
    }

    Page postJson(URI url, String json) {
        return send(url, "POST", "application/json", json);
    }

    private Page send(URI url, String method, String contentType, String body) {
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            requireSafe(current);
            HttpRequest.Builder b = HttpRequest.newBuilder(current).timeout(TIMEOUT)
                    .header("Accept", contentType != null && contentType.equals("application/json") ? "application/json" : "text/html,application/json;q=0.9,*/*;q=0.8")
                    .header("Accept-Language", "en-US");
            if (method.equals("POST")) {
                b.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            } else {
                b.GET();
            }
            HttpResponse<String> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw AtmosException.auth("cannot reach " + idp + " at " + current.getScheme() + "://" + current.getAuthority()
                        + ": " + e.getMessage(), "check the provider's url and your network or proxy");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AtmosException(ExitCode.INTERRUPTED, "interrupted", null);
            }
            int status = r.statusCode();
            var location = r.headers().firstValue("Location");
            if ((status == 301 || status == 302 || status == 303 || status == 307 || status == 308) && location.isPresent()) {
                current = current.resolve(location.get());
                if (status == 302 || status == 303 || status == 301) {
                    method = "GET";
                    body = null;
                    contentType = null;
                }
                continue;
            }
            return new Page(current, status, r.body());
        }
        throw AtmosException.auth(idp + " redirected more than " + MAX_REDIRECTS + " times", "check the provider's url");
    }

    /** https, or plain http only to this machine (tests, local proxies): a password never travels in clear. */
    static void requireSafe(URI url) {
        if (url.getHost() == null || !("https".equals(url.getScheme()) || ("http".equals(url.getScheme()) && Loopback.isLoopback(url.getHost())))) {
            throw AtmosException.auth("refusing to send sign-in data to " + url.getScheme() + "://" + url.getAuthority()
                    + ": only https is used", "write the provider's url with https://");
        }
    }

    /** The inputs of a form with their values (those without a name skipped), in document order. */
    static Map<String, String> inputs(Element form) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            out.put(input.attr("name"), input.attr("value"));
        }
        return out;
    }

    /** A form's action as an absolute URL (the page's own URL when the action is empty). */
    static URI action(Element form, URI page) {
        String a = form.attr("action");
        return a.isBlank() ? page : page.resolve(a.strip());
    }

    /** The SAMLResponse a page carries in an input, if any. */
    static String samlResponse(Document doc) {
        Element e = doc.selectFirst("input[name=SAMLResponse]");
        return e == null || e.attr("value").isBlank() ? null : e.attr("value");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
