package atmos.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.cloud.aws.AwsClients;
import atmos.cloud.aws.Sts;
import atmos.credentials.AwsCredentials;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.system.Host;
import atmos.testing.FakeAzure;
import atmos.testing.FakeProxy;
import atmos.testing.FakeSts;
import atmos.testing.TestCa;
import atmos.testing.TestHost;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one place that decides trust and proxies: SSL_CERT_FILE adds authorities for every client,
 * AWS_CA_BUNDLE for AWS endpoints only, HTTPS_PROXY/NO_PROXY follow Go's rules (loopback never proxied),
 * bad values are one clear configuration error, and the AWS SDK really goes through the proxy.
 */
class NetworkTest {
    @TempDir
    Path tmp;

    private Host host(String... kv) {
        TestHost h = new TestHost(tmp);
        for (int i = 0; i < kv.length; i += 2) {
            h.env(kv[i], kv[i + 1]);
        }
        return h.build();
    }

    private static String via(Network n, String url) {
        Proxy p = n.proxyFor(URI.create(url));
        return p.type() == Proxy.Type.DIRECT ? "direct" : ((InetSocketAddress) p.address()).getHostString() + ":" + ((InetSocketAddress) p.address()).getPort();
    }

    @Test
    void noProxyFollowsGoRulesAndThisMachineIsNeverProxied() {
        Network n = Network.from(host("HTTPS_PROXY", "proxy.corp:3128", "http_proxy", "http://web.corp:8080",
                "NO_PROXY", "internal.corp, .svc.corp,10.0.0.0/8,registry.corp:5000,[fd00::1]"));
        assertThat(via(n, "https://login.microsoftonline.com/x")).isEqualTo("proxy.corp:3128");
        assertThat(via(n, "http://example.com/")).isEqualTo("web.corp:8080");
        assertThat(via(n, "https://internal.corp/")).isEqualTo("direct");
        assertThat(via(n, "https://a.internal.corp/")).as("a name matches its subdomains").isEqualTo("direct");
        assertThat(via(n, "https://svc.corp/")).as(".svc.corp: subdomains only").isEqualTo("proxy.corp:3128");
        assertThat(via(n, "https://api.svc.corp/")).isEqualTo("direct");
        assertThat(via(n, "https://10.1.2.3/")).isEqualTo("direct");
        assertThat(via(n, "https://11.1.2.3/")).isEqualTo("proxy.corp:3128");
        assertThat(via(n, "https://registry.corp:5000/")).isEqualTo("direct");
        assertThat(via(n, "https://registry.corp/")).as("another port").isEqualTo("proxy.corp:3128");
        assertThat(via(n, "https://[fd00::1]/")).isEqualTo("direct");
        assertThat(via(n, "https://127.0.0.1:8443/")).isEqualTo("direct");
        assertThat(via(n, "https://localhost/")).isEqualTo("direct");
        assertThat(via(Network.from(host("https_proxy", "http://p:1", "no_proxy", "*")), "https://x.com/")).isEqualTo("direct");
        assertThat(via(Network.from(host("HTTP_PROXY", "http://p:1")), "https://x.com/")).as("https never falls back to HTTP_PROXY")
                .isEqualTo("direct");
    }

    @Test
    void proxyValuesAtmosCannotHonourAreOneClearErrorNamingTheVariable() {
        assertThatThrownBy(() -> Network.from(host("HTTPS_PROXY", "https://proxy.corp:443"))).isInstanceOfSatisfying(AtmosException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG);
            assertThat(e.getMessage()).contains("HTTPS_PROXY uses the https:// scheme");
        });
        assertThatThrownBy(() -> Network.from(host("https_proxy", "http://me:secret@proxy.corp:3128"))).isInstanceOfSatisfying(AtmosException.class,
                e -> assertThat(e.getMessage()).contains("https_proxy carries credentials").doesNotContain("secret"));
    }

    @Test
    void sslCertFileAddsAnAuthorityForEveryClientAndAwsCaBundleOnlyForAws() throws Exception {
        TestCa ca = TestCa.create();
        Path pem = ca.writePem(tmp.resolve("ca.pem"));
        try (FakeAzure azure = FakeAzure.start(ca)) {
            URI arm = URI.create(azure.armEndpoint() + "subscriptions");
            HttpRequest get = HttpRequest.newBuilder(arm).GET().build();

            assertThatThrownBy(() -> Network.from(host()).httpClient(Duration.ofSeconds(5)).build().send(get, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
            HttpResponse<String> trusted = Network.from(host("SSL_CERT_FILE", pem.toString())).httpClient(Duration.ofSeconds(5)).build()
                    .send(get, HttpResponse.BodyHandlers.ofString());
            assertThat(trusted.statusCode()).as("TLS worked; ARM wants a token").isEqualTo(401);

            Network awsOnly = Network.from(host("AWS_CA_BUNDLE", pem.toString()));
            assertThatThrownBy(() -> awsOnly.httpClient(Duration.ofSeconds(5)).build().send(get, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
            var c = awsOnly.openAws(arm, Duration.ofSeconds(5), Duration.ofSeconds(5));
            assertThat(c.getResponseCode()).isEqualTo(401);
        }
    }

    @Test
    void aBundleThatCannotBeReadOrHoldsNoCertificateIsAConfigurationError() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.pem"), "not a certificate\n");
        assertThatThrownBy(() -> Network.from(host("SSL_CERT_FILE", empty.toString())).sslContext()).isInstanceOfSatisfying(AtmosException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG);
            assertThat(e.getMessage()).isEqualTo("SSL_CERT_FILE (" + empty + ") holds no PEM certificate");
        });
        assertThatThrownBy(() -> Network.from(host("AWS_CA_BUNDLE", tmp.resolve("missing.pem").toString())).awsSslContext())
                .isInstanceOfSatisfying(AtmosException.class, e -> assertThat(e.getMessage()).startsWith("AWS_CA_BUNDLE names " + tmp.resolve("missing.pem")));
    }

    @Test
    void theAwsSdkGoesThroughHttpsProxyAndTrustsAwsCaBundle() throws Exception {
        TestCa ca = TestCa.create();
        Path pem = ca.writePem(tmp.resolve("aws-ca.pem"));
        try (FakeSts sts = FakeSts.startTls(ca.issue("sts.eu-west-1.amazonaws.com")); FakeProxy proxy = FakeProxy.start()) {
            proxy.route("sts.eu-west-1.amazonaws.com", 443, sts.port());
            FakeSts.User user = sts.addUser("111111111111", "ci");
            FakeSts.AccessKey key = sts.createAccessKey(user);
            Host h = host("HTTPS_PROXY", proxy.url(), "AWS_CA_BUNDLE", pem.toString());
            Sts.CallerIdentity who = new Sts(new AwsClients(h)).getCallerIdentity(AwsCredentials.longLived(key.accessKeyId(), key.secretAccessKey(), null, null), "eu-west-1");
            assertThat(who.arn()).isEqualTo("arn:aws:iam::111111111111:user/ci");
            assertThat(proxy.connects()).containsExactly("sts.eu-west-1.amazonaws.com:443");
        }
    }
}
