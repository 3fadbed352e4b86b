package atmos.testing;

import atmos.system.Browser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A browser without JavaScript for in-process {@code azure/interactive} sign-ins against {@link FakeAzure}:
 * on the authorize page it picks Accept as the fake's browser user, then hands the authorization code to
 * MSAL's loopback listener (following the redirect, or posting the {@code form_post} form as a browser's
 * script would). Any other page it loads and leaves (the device-login page a device flow opens). It
 * trusts only the test CA. For the real thing, see {@code AzureInteractiveBrowserTest} (Chromium).
 */
public final class EntraConsentBrowser implements Browser {
    private static final Pattern FORM = Pattern.compile("<form[^>]*action=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");

    private final HttpClient http;
    private final List<CompletableFuture<Integer>> loads = new CopyOnWriteArrayList<>();

    public EntraConsentBrowser(TestCa ca) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("test-ca", ca.root());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            http = HttpClient.newBuilder().sslContext(tls).followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public boolean open(URI url) {
        loads.add(CompletableFuture.supplyAsync(() -> url.getPath().endsWith("/oauth2/v2.0/authorize") ? consent(url) : get(url).statusCode()));
        return true;
    }

    /** How many URLs were opened. */
    public int opened() {
        return loads.size();
    }

    /** The final HTTP status of the {@code i}-th load, waiting up to 60 s for it. */
    public int status(int i) {
        try {
            return loads.get(i).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the browser did not finish loading URL #" + i, e);
        }
    }

    private int consent(URI authorize) {
        String page = get(authorize).body();
        Map<String, String> fields = hidden(page);
        fields.put("decision", "allow");
        HttpResponse<String> answer = post(authorize.resolve(action(page)), fields);
        if (answer.statusCode() / 100 == 3) {
            return get(URI.create(answer.headers().firstValue("Location").orElseThrow())).statusCode();
        }
        // response_mode=form_post: the page's script would post the code to the redirect URI.
        return post(URI.create(action(answer.body())), hidden(answer.body())).statusCode();
    }

    private static String action(String page) {
        Matcher m = FORM.matcher(page);
        if (!m.find()) {
            throw new IllegalStateException("no form on the page");
        }
        return unescape(m.group(1));
    }

    private static Map<String, String> hidden(String page) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(page);
        while (m.find()) {
            out.put(unescape(m.group(1)), unescape(m.group(2)));
        }
        return out;
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private HttpResponse<String> get(URI url) {
        return send(HttpRequest.newBuilder(url).GET().build());
    }

    private HttpResponse<String> post(URI url, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(url).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
