package atmos.net;

import atmos.error.AtmosException;
import atmos.system.Host;
import atmos.system.Loopback;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The one place that decides how the tool reaches the network: which certificate authorities HTTPS
 * trusts and which proxy a request goes through. Every HTTPS client (the AWS SDK, the AWS console
 * sign-in, MSAL4J, the GitHub OIDC request, the SAML form drivers, ARM) is built from here, from the command's environment (never
 * the JVM's), so a corporate network needs the same few variables for all of them:
 *
 * <ul>
 *   <li>{@code SSL_CERT_FILE}: a PEM bundle of extra certificate authorities, trusted besides the JDK's
 *       own (a TLS-inspecting proxy's root, an internal CA);</li>
 *   <li>{@code AWS_CA_BUNDLE}: a PEM bundle trusted for AWS endpoints only, as the AWS CLI and SDKs read it;</li>
 *   <li>{@code HTTPS_PROXY}/{@code https_proxy} for https URLs, {@code HTTP_PROXY}/{@code http_proxy} for
 *       http ones, and {@code NO_PROXY}/{@code no_proxy}, with the Go rules Atmos follows: {@code *}
 *       disables the proxy, {@code example.com} matches that host and its subdomains, {@code .example.com}
 *       its subdomains, an IP address or CIDR range matches addresses, {@code host:port} one port; this
 *       machine ({@code localhost}, loopback addresses) is never reached through a proxy.</li>
 * </ul>
 *
 * <p>Certificates are read on first use, so commands served from cache pay nothing. A bundle that cannot
 * be read or holds no certificate is an error naming the variable, never silently ignored.
 */
public final class Network {
    private static final Pattern PEM = Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");

    private final Host host;
    private final ProxySettings proxies;
    private SSLContext general;
    private SSLContext aws;

    private Network(Host host) {
        this.host = host;
        this.proxies = ProxySettings.from(host);
    }

    public static Network from(Host host) {
        return new Network(host);
    }

    /** The trust for every HTTPS endpoint: the JDK's authorities plus those in {@code SSL_CERT_FILE}. */
    public synchronized SSLContext sslContext() {
        if (general == null) {
            general = context(bundles("SSL_CERT_FILE"));
        }
        return general;
    }

    /** The trust for AWS endpoints: {@link #sslContext()} plus the authorities in {@code AWS_CA_BUNDLE}. */
    public synchronized SSLContext awsSslContext() {
        if (aws == null) {
            List<Bundle> all = bundles("SSL_CERT_FILE", "AWS_CA_BUNDLE");
            aws = context(all);
        }
        return aws;
    }

    /** The trust managers behind {@link #awsSslContext()}, for the AWS SDK's HTTP client. */
    public TrustManager[] awsTrustManagers() {
        return trustManagers(bundles("SSL_CERT_FILE", "AWS_CA_BUNDLE"));
    }

    /** The proxy decisions as a {@link ProxySelector} (for {@link HttpClient}). */
    public ProxySelector proxySelector() {
        return proxies.selector();
    }

    /** The proxy a request to {@code uri} goes through, or {@link Proxy#NO_PROXY}. */
    public Proxy proxyFor(URI uri) {
        return proxies.proxyFor(uri);
    }

    /**
     * A {@link HttpClient} builder with this network's trust and proxies (redirects are not followed
     * unless the caller says so).
     */
    public HttpClient.Builder httpClient(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).sslContext(sslContext())
                .proxy(proxySelector()).followRedirects(HttpClient.Redirect.NEVER);
    }

    /** Like {@link #httpClient(Duration)}, for AWS endpoints (their trust adds {@code AWS_CA_BUNDLE}). */
    public HttpClient.Builder awsHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).sslContext(awsSslContext())
                .proxy(proxySelector()).followRedirects(HttpClient.Redirect.NEVER);
    }

    /** An {@link HttpURLConnection} to an AWS endpoint, with the AWS trust and this network's proxy. */
    public HttpURLConnection openAws(URI uri, Duration connectTimeout, Duration readTimeout) {
        try {
            URL url = uri.toURL();
            HttpURLConnection c = (HttpURLConnection) url.openConnection(proxyFor(uri));
            c.setConnectTimeout((int) connectTimeout.toMillis());
            c.setReadTimeout((int) readTimeout.toMillis());
            if (c instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(awsSslContext().getSocketFactory());
            }
            return c;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What this network does, for debug logs and {@code validate --verbose}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        host.getenv("SSL_CERT_FILE").ifPresent(f -> parts.add("SSL_CERT_FILE=" + f));
        host.getenv("AWS_CA_BUNDLE").ifPresent(f -> parts.add("AWS_CA_BUNDLE=" + f));
        parts.add(proxies.describe());
        return String.join(", ", parts);
    }

    // ---------------------------------------------------------------- trust

    private record Bundle(String variable, Path file, List<X509Certificate> certificates) {
    }

    private List<Bundle> bundles(String... variables) {
        List<Bundle> out = new ArrayList<>();
        for (String v : variables) {
            Optional<String> value = host.getenv(v);
            if (value.isPresent()) {
                Path file = host.cwd().resolve(value.get());
                out.add(new Bundle(v, file, readPem(v, file)));
            }
        }
        return out;
    }

    /** The certificates of a PEM bundle; an error naming the variable when there are none. */
    static List<X509Certificate> readPem(String variable, Path file) {
        String text;
        try {
            if (Files.size(file) > 16L * 1024 * 1024) {
                throw AtmosException.config(variable + " (" + file + ") is larger than 16 MiB", "point " + variable + " at a PEM bundle of CA certificates");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw AtmosException.config(variable + " names " + file + ", which cannot be read: " + e.getMessage(),
                    "point " + variable + " at a readable PEM file of CA certificates, or unset it");
        }
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Matcher m = PEM.matcher(text);
            while (m.find()) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(1));
                certs.add((X509Certificate) cf.generateCertificate(new java.io.ByteArrayInputStream(der)));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw AtmosException.config(variable + " (" + file + ") holds a certificate that cannot be read: " + e.getMessage(),
                    "export the CA certificates as PEM (-----BEGIN CERTIFICATE----- …)");
        }
        if (certs.isEmpty()) {
            throw AtmosException.config(variable + " (" + file + ") holds no PEM certificate",
                    "export the CA certificates as PEM (-----BEGIN CERTIFICATE----- …), or unset " + variable);
        }
        return certs;
    }

    private static SSLContext context(List<Bundle> bundles) {
        try {
            if (bundles.isEmpty()) {
                return SSLContext.getDefault();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trustManagers(bundles), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this Java runtime", e);
        }
    }

    /** The JDK's trusted authorities plus the bundles' certificates, in one trust manager. */
    private static TrustManager[] trustManagers(List<Bundle> bundles) {
        try {
            TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jdk.init((KeyStore) null);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (TrustManager tm : jdk.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    for (X509Certificate c : x.getAcceptedIssuers()) {
                        store.setCertificateEntry("jdk-" + i++, c);
                    }
                }
            }
            for (Bundle b : bundles) {
                for (X509Certificate c : b.certificates()) {
                    store.setCertificateEntry(b.variable().toLowerCase(Locale.ROOT) + "-" + i++, c);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the trust store", e);
        }
    }

    // ---------------------------------------------------------------- proxies

    /** The proxy variables, parsed once. */
    static final class ProxySettings {
        private final URI https;
        private final URI http;
        private final List<String> noProxy;
        private final boolean none;

        private ProxySettings(URI https, URI http, List<String> noProxy) {
            this.https = https;
            this.http = http;
            this.noProxy = noProxy;
            this.none = noProxy.contains("*");
        }

        static ProxySettings from(Host host) {
            URI https = proxyUri(host, "HTTPS_PROXY", "https_proxy");
            URI http = proxyUri(host, "HTTP_PROXY", "http_proxy");
            List<String> no = new ArrayList<>();
            host.firstEnv("NO_PROXY", "no_proxy").ifPresent(v -> {
                for (String part : v.split(",")) {
                    String p = part.strip().toLowerCase(Locale.ROOT);
                    if (!p.isEmpty()) {
                        no.add(p);
                    }
                }
            });
            return new ProxySettings(https, http, no);
        }

        private static URI proxyUri(Host host, String upper, String lower) {
            Optional<String> v = host.getenv(upper);
            String name = upper;
            if (v.isEmpty()) {
                v = host.getenv(lower);
                name = lower;
            }
            if (v.isEmpty()) {
                return null;
            }
            String raw = v.get().strip();
            URI u;
            try {
                u = URI.create(raw.contains("://") ? raw : "http://" + raw);
            } catch (IllegalArgumentException e) {
                throw AtmosException.config(name + " is not a valid proxy URL", "write it as http://proxy.example.com:3128");
            }
            if (u.getHost() == null) {
                throw AtmosException.config(name + " is not a valid proxy URL (no host)", "write it as http://proxy.example.com:3128");
            }
            if (!"http".equalsIgnoreCase(u.getScheme())) {
                throw AtmosException.config(name + " uses the " + u.getScheme() + ":// scheme, which atmos-java does not support for proxies",
                        "use the proxy's plain http:// address (https requests are still encrypted end to end through it)");
            }
            if (u.getRawUserInfo() != null) {
                throw AtmosException.config(name + " carries credentials, which atmos-java does not send to proxies",
                        "use a proxy that does not need a password from this machine (or a local forwarder such as cntlm)");
            }
            return u;
        }

        Proxy proxyFor(URI uri) {
            URI p = "https".equalsIgnoreCase(uri.getScheme()) ? https : "http".equalsIgnoreCase(uri.getScheme()) ? http : null;
            if (p == null || none || uri.getHost() == null || bypass(uri)) {
                return Proxy.NO_PROXY;
            }
            int port = p.getPort() > 0 ? p.getPort() : 80;
            return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.getHost(), port));
        }

        /** Go's rules (golang.org/x/net/http/httpproxy): loopback never, then the NO_PROXY entries. */
        boolean bypass(URI uri) {
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (Loopback.isLoopback(host)) {
                return true;
            }
            int port = uri.getPort() > 0 ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
            for (String entry : noProxy) {
                if (matches(entry, host, port)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean matches(String entry, String host, int port) {
            String e = entry;
            if (e.contains("/")) {
                return inCidr(e, host);
            }
            int colon = e.lastIndexOf(':');
            if (colon > 0 && !e.contains("]") && e.indexOf(':') == colon) {
                String p = e.substring(colon + 1);
                e = e.substring(0, colon);
                if (!p.equals(String.valueOf(port))) {
                    return false;
                }
            }
            if (e.startsWith("[") && e.endsWith("]")) {
                e = e.substring(1, e.length() - 1);
            }
            if (e.startsWith("*.")) {
                e = e.substring(1);
            }
            if (e.startsWith(".")) {
                return host.endsWith(e);
            }
            return host.equals(e) || host.endsWith("." + e);
        }

        private static boolean inCidr(String cidr, String host) {
            if (!host.matches("[0-9.]+") && !host.contains(":")) {
                return false; // names are never resolved to decide about proxies
            }
            try {
                String[] parts = cidr.split("/", 2);
                byte[] net = InetAddress.getByName(parts[0]).getAddress();
                byte[] addr = InetAddress.getByName(host).getAddress();
                int bits = Integer.parseInt(parts[1]);
                if (net.length != addr.length) {
                    return false;
                }
                for (int i = 0; i < net.length && bits > 0; i++, bits -= 8) {
                    int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                    if ((net[i] & mask) != (addr[i] & mask)) {
                        return false;
                    }
                }
                return true;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        ProxySelector selector() {
            return new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) {
                    return List.of(proxyFor(uri));
                }

                @Override
                public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                    // nothing to remember: the next request asks again
                }
            };
        }

        String describe() {
            if (https == null && http == null) {
                return "no proxy";
            }
            return (https != null ? "https via " + https.getHost() + ":" + (https.getPort() > 0 ? https.getPort() : 80) : "https direct")
                    + (http != null ? ", http via " + http.getHost() + ":" + (http.getPort() > 0 ? http.getPort() : 80) : "")
                    + (noProxy.isEmpty() ? "" : ", except " + String.join(",", noProxy));
        }
    }
}
