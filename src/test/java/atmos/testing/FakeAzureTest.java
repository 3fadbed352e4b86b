package atmos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.DeviceCodeFlowParameters;
import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.SilentParameters;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake Microsoft identity platform and ARM, proven with MSAL4J itself (its own HTTP client, only
 * told to trust the test CA): device code with authorization_pending, refresh tokens, the port a silent
 * refresh loses without an explicit authority, expired refresh tokens, federated client assertions
 * checked against the GitHub fake's published keys, unknown tenants, and ARM's answers.
 */
class FakeAzureTest {
    static final String ARM = "https://management.azure.com/.default";

    TestCa ca;
    FakeAzure azure;
    FakeAzure.Tenant contoso;
    FakeAzure.User alice;
    FakeAzure.Subscription dev;
    SSLContext trust;

    @BeforeEach
    void setUp() throws Exception {
        ca = TestCa.create();
        azure = FakeAzure.start(ca);
        contoso = azure.tenant("contoso.onmicrosoft.com", "Contoso");
        alice = azure.user(contoso, "alice@contoso.onmicrosoft.com", "Alice");
        dev = azure.subscription(contoso, "contoso-dev", alice.oid());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca.root());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        trust = SSLContext.getInstance("TLS");
        trust.init(null, tmf.getTrustManagers(), null);
    }

    @AfterEach
    void tearDown() {
        azure.close();
    }

    private String authority() {
        return azure.authorityHost() + "/" + contoso.id() + "/";
    }

    private PublicClientApplication msal() throws Exception {
        return PublicClientApplication.builder(FakeAzure.AZURE_CLI).authority(authority()).instanceDiscovery(false)
                .sslSocketFactory(trust.getSocketFactory()).build();
    }

    private IAuthenticationResult deviceCode(PublicClientApplication app, AtomicReference<String> shown) throws Exception {
        return app.acquireToken(DeviceCodeFlowParameters.builder(Set.of(ARM), dc -> shown.set(dc.userCode())).build()).get(60, TimeUnit.SECONDS);
    }

    private HttpResponse<String> arm(String path, String token) throws Exception {
        HttpClient c = HttpClient.newBuilder().sslContext(trust).build();
        return c.send(HttpRequest.newBuilder(URI.create(azure.armEndpoint() + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void msalSignsInWithADeviceCodeThatIsPendingUntilApproved() throws Exception {
        PublicClientApplication app = msal();
        AtomicReference<String> shown = new AtomicReference<>();
        var future = app.acquireToken(DeviceCodeFlowParameters.builder(Set.of(ARM), dc -> shown.set(dc.userCode())).build());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (azure.calls().stream().filter(c -> "authorization_pending".equals(c.error())).count() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        azure.approve(shown.get(), alice);
        IAuthenticationResult r = future.get(30, TimeUnit.SECONDS);

        SignedJWT at = SignedJWT.parse(r.accessToken());
        assertThat(at.getJWTClaimsSet().getAudience()).containsExactly("https://management.azure.com");
        assertThat(at.getJWTClaimsSet().getStringClaim("tid")).isEqualTo(contoso.id());
        assertThat(at.getJWTClaimsSet().getStringClaim("upn")).isEqualTo(alice.upn());
        assertThat(r.account().homeAccountId()).isEqualTo(alice.oid() + "." + contoso.id());
        assertThat(r.account().username()).isEqualTo(alice.upn());
        assertThat(azure.tokens(FakeAzure.DEVICE_GRANT)).isEqualTo(1);
        assertThat(azure.count("/common/discovery/instance")).as("no instance discovery with it turned off").isZero();

        HttpResponse<String> sub = arm("subscriptions/" + dev.id() + "?api-version=2022-12-01", r.accessToken());
        assertThat(sub.statusCode()).isEqualTo(200);
        assertThat(sub.body()).contains("\"displayName\":\"contoso-dev\"");
    }

    @Test
    void aSilentRefreshKeepsThePortOnlyWhenTheAuthorityIsNamed() throws Exception {
        azure.autoApproveDevices(alice, Duration.ZERO);
        PublicClientApplication app = msal();
        deviceCode(app, new AtomicReference<>());
        IAccount account = app.getAccounts().get().iterator().next();
        assertThat(account.environment()).as("MSAL records the host without the port").isEqualTo("127.0.0.1");

        IAuthenticationResult refreshed = app.acquireTokenSilently(SilentParameters.builder(Set.of(ARM), account)
                .authorityUrl(authority()).forceRefresh(true).build()).get(30, TimeUnit.SECONDS);
        assertThat(refreshed.accessToken()).isNotBlank();
        assertThat(azure.tokens("refresh_token")).isEqualTo(1);

        assertThatThrownBy(() -> app.acquireTokenSilently(SilentParameters.builder(Set.of(ARM), account).forceRefresh(true).build())
                .get(30, TimeUnit.SECONDS)).as("without the authority the refresh goes to 127.0.0.1:443").isInstanceOf(ExecutionException.class);
        assertThat(azure.tokens("refresh_token")).isEqualTo(1);
    }

    @Test
    void anExpiredRefreshTokenIsInvalidGrantWithAadsts700082() throws Exception {
        azure.autoApproveDevices(alice, Duration.ZERO);
        PublicClientApplication app = msal();
        deviceCode(app, new AtomicReference<>());
        azure.expireRefreshTokens();
        IAccount account = app.getAccounts().get().iterator().next();
        assertThatThrownBy(() -> app.acquireTokenSilently(SilentParameters.builder(Set.of(ARM), account).authorityUrl(authority())
                .forceRefresh(true).build()).get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(MsalServiceException.class)
                .satisfies(e -> {
                    MsalServiceException s = (MsalServiceException) e.getCause();
                    assertThat(s.errorCode()).isEqualTo("invalid_grant");
                    assertThat(s.getMessage()).contains("AADSTS700082");
                });
    }

    @Test
    void anUnknownTenantIsAadsts90002() throws Exception {
        PublicClientApplication app = PublicClientApplication.builder(FakeAzure.AZURE_CLI)
                .authority(azure.authorityHost() + "/00000000-0000-0000-0000-000000000000/").instanceDiscovery(false)
                .sslSocketFactory(trust.getSocketFactory()).build();
        assertThatThrownBy(() -> deviceCode(app, new AtomicReference<>())).isInstanceOfAny(ExecutionException.class, CompletionException.class)
                .hasMessageContaining("AADSTS90002");
    }

    @Test
    void aGithubTokenIsAFederatedClientAssertionCheckedAgainstTheIssuersKeys() throws Exception {
        try (FakeGithubOidc github = FakeGithubOidc.start(Clock.systemUTC())) {
            FakeAzure.App app = azure.app(contoso, "deployer",
                    new FakeAzure.Federated(github.issuer(), github.subject(), "api://AzureADTokenExchange"));
            dev.principals().add(app.clientId());
            ConfidentialClientApplication cca = ConfidentialClientApplication.builder(app.clientId(),
                            ClientCredentialFactory.createFromClientAssertion(github.token("api://AzureADTokenExchange")))
                    .authority(authority()).instanceDiscovery(false).sslSocketFactory(trust.getSocketFactory()).build();
            IAuthenticationResult r = cca.acquireToken(ClientCredentialParameters.builder(Set.of(ARM)).build()).get(30, TimeUnit.SECONDS);
            assertThat(SignedJWT.parse(r.accessToken()).getJWTClaimsSet().getStringClaim("appid")).isEqualTo(app.clientId());
            assertThat(arm("subscriptions/" + dev.id() + "?api-version=2022-12-01", r.accessToken()).statusCode()).isEqualTo(200);

            ConfidentialClientApplication otherBranch = ConfidentialClientApplication.builder(app.clientId(),
                            ClientCredentialFactory.createFromClientAssertion(github.job("acme/infrastructure", "refs/heads/feature").token("api://AzureADTokenExchange")))
                    .authority(authority()).instanceDiscovery(false).sslSocketFactory(trust.getSocketFactory()).build();
            assertThatThrownBy(() -> otherBranch.acquireToken(ClientCredentialParameters.builder(Set.of(ARM)).build()).get(30, TimeUnit.SECONDS))
                    .hasMessageContaining("AADSTS70021");

            github.job("acme/infrastructure", "refs/heads/main").signWithUnpublishedKey();
            ConfidentialClientApplication forged = ConfidentialClientApplication.builder(app.clientId(),
                            ClientCredentialFactory.createFromClientAssertion(github.token("api://AzureADTokenExchange")))
                    .authority(authority()).instanceDiscovery(false).sslSocketFactory(trust.getSocketFactory()).build();
            assertThatThrownBy(() -> forged.acquireToken(ClientCredentialParameters.builder(Set.of(ARM)).build()).get(30, TimeUnit.SECONDS))
                    .hasMessageContaining("AADSTS700027");
        }
    }

    @Test
    void armAnswersNotFoundForbiddenAndUnauthorizedLikeAzure() throws Exception {
        FakeAzure.User bob = azure.user(contoso, "bob@contoso.onmicrosoft.com", "Bob");
        String aliceToken = azure.accessToken(alice, contoso, FakeAzure.AZURE_CLI, "https://management.azure.com", Duration.ofHours(1));
        String bobToken = azure.accessToken(bob, contoso, FakeAzure.AZURE_CLI, "https://management.azure.com", Duration.ofHours(1));
        String graphToken = azure.accessToken(alice, contoso, FakeAzure.AZURE_CLI, "https://graph.microsoft.com", Duration.ofHours(1));
        assertThat(arm("subscriptions/" + dev.id(), aliceToken).statusCode()).isEqualTo(200);
        assertThat(arm("subscriptions/" + dev.id(), bobToken).body()).contains("AuthorizationFailed");
        assertThat(arm("subscriptions/11111111-2222-3333-4444-555555555555", aliceToken).body()).contains("SubscriptionNotFound");
        assertThat(arm("subscriptions/" + dev.id(), graphToken).statusCode()).isEqualTo(401);
        assertThat(arm("subscriptions", aliceToken).body()).contains(dev.id());
    }
}
