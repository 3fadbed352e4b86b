package atmos.cloud.azure;

import atmos.log.Log;
import atmos.net.Network;
import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.HttpResponse;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * MSAL4J's HTTP client, replaced by one built from {@link Network}: the same trust
 * ({@code SSL_CERT_FILE}) and proxies ({@code HTTPS_PROXY}, {@code NO_PROXY}) as every other client, and
 * a debug line per request (method, host and path only: never a query, header or body).
 */
final class MsalHttp implements IHttpClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient http;
    private final Log log;

    MsalHttp(Network network, Log log) {
        this.http = network.httpClient(TIMEOUT).build();
        this.log = log;
    }

    @Override
    public IHttpResponse send(HttpRequest request) throws Exception {
        URI uri = request.url().toURI();
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(uri).timeout(TIMEOUT);
        if (request.headers() != null) {
            request.headers().forEach((k, v) -> {
                if (k != null && v != null && !RESTRICTED.contains(k.toLowerCase(Locale.ROOT))) {
                    b.header(k, v);
                }
            });
        }
        String method = request.httpMethod().name();
        if (request.body() != null) {
            b.method(method, java.net.http.HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
        } else {
            b.method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
        }
        java.net.http.HttpResponse<String> r = http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        log.debug("Microsoft identity platform", "request", method + " " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath(),
                "status", r.statusCode());
        HttpResponse out = new HttpResponse().statusCode(r.statusCode()).body(r.body());
        out.addHeaders(r.headers().map());
        return out;
    }
}
