package atmos.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.credentials.AwsCredentials;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.log.Level;
import atmos.log.Log;
import atmos.system.Host;
import atmos.testing.FakeSignin;
import atmos.testing.FakeSts;
import atmos.testing.TestHost;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The federation sign-in client against the fake sign-in endpoint: the wire format (getSigninToken
 * with Session and SessionDuration, then the login URL), where the endpoint comes from, and refusals.
 */
class ConsoleSignInTest {
    @TempDir
    Path tmp;

    FakeSts sts;
    FakeSignin signin;
    StringWriter logged = new StringWriter();
    Log log = new Log(Level.DEBUG, new PrintWriter(logged), Clock.systemUTC());
    AwsCredentials role;

    @BeforeEach
    void setUp() {
        sts = FakeSts.start();
        signin = FakeSignin.start(sts);
        FakeSts.IssuedCredentials c = sts.issueRoleSession("111111111111", "Admin", "alice", Duration.ofHours(1));
        role = AwsCredentials.session(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), "us-east-1", c.expiration());
    }

    @AfterEach
    void tearDown() {
        signin.close();
        sts.close();
    }

    private Host host(String... env) {
        TestHost h = new TestHost(tmp);
        for (int i = 0; i < env.length; i += 2) {
            h.env(env[i], env[i + 1]);
        }
        return h.build();
    }

    private static Map<String, String> query(URI u) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String part : u.getRawQuery().split("&")) {
            String[] kv = part.split("=", 2);
            q.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return q;
    }

    @Test
    void theLoginUrlCarriesActionIssuerDestinationAndTheSignInToken() {
        ConsoleSignIn client = new ConsoleSignIn(host("AWS_ENDPOINT_URL_SIGNIN", signin.endpoint()), log);
        URI url = client.signInUrl(new ConsoleSignIn.Request(role, Partition.AWS, Duration.ofHours(4), signin.consolePage("s3"), "my-team"));
        assertThat(url.toString()).startsWith(signin.endpoint() + "/federation?Action=login&Issuer=my-team&Destination=");
        Map<String, String> q = query(url);
        assertThat(q).containsEntry("Action", "login").containsEntry("Issuer", "my-team").containsEntry("Destination", signin.consolePage("s3"))
                .containsKey("SigninToken");
        assertThat(signin.tokenRequests()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.sessionDuration()).isEqualTo("14400");
            assertThat(r.accessKeyId()).isEqualTo(role.accessKeyId());
        });
        assertThat(logged.toString()).contains("requesting a console sign-in token").contains("session_duration=14400s")
                .doesNotContain(q.get("SigninToken")).doesNotContain(role.secretAccessKey()).doesNotContain(role.sessionToken());
        assertThat(log.mask(url.toString())).doesNotContain(q.get("SigninToken"));
    }

    @Test
    void sessionDurationIsLeftOutWhenNotGiven() {
        new ConsoleSignIn(host("AWS_ENDPOINT_URL_SIGNIN", signin.endpoint()), log)
                .signInUrl(new ConsoleSignIn.Request(role, Partition.AWS, null, signin.consolePage("home"), "atmos"));
        assertThat(signin.tokenRequests()).singleElement().satisfies(r -> assertThat(r.sessionDuration()).isNull());
    }

    @Test
    void aRefusalCarriesTheStatusAndNothingSecret() {
        AwsCredentials forged = AwsCredentials.session(role.accessKeyId(), "wrong-secret-value", role.sessionToken(), null, null);
        ConsoleSignIn client = new ConsoleSignIn(host("AWS_ENDPOINT_URL_SIGNIN", signin.endpoint()), log);
        assertThatThrownBy(() -> client.signInUrl(new ConsoleSignIn.Request(forged, Partition.AWS, null, "https://console.aws.amazon.com/", "atmos")))
                .isInstanceOfSatisfying(ConsoleSignIn.Refused.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("the AWS sign-in endpoint (" + signin.endpoint() + ") answered HTTP 400")
                            .doesNotContain("wrong-secret-value");
                });
    }

    @Test
    void theEndpointIsTheSigninVariableThenTheGeneralOneThenThePartitionHost() {
        assertThat(new ConsoleSignIn(host(), log).federationEndpoint(Partition.AWS)).hasToString("https://signin.aws.amazon.com/federation");
        assertThat(new ConsoleSignIn(host(), log).federationEndpoint(Partition.AWS_US_GOV))
                .hasToString("https://signin.amazonaws-us-gov.com/federation");
        assertThat(new ConsoleSignIn(host(), log).federationEndpoint(Partition.AWS_CN)).hasToString("https://signin.amazonaws.cn/federation");
        assertThat(new ConsoleSignIn(host("AWS_ENDPOINT_URL", "https://aws.internal:4566/"), log).federationEndpoint(Partition.AWS))
                .hasToString("https://aws.internal:4566/federation");
        assertThat(new ConsoleSignIn(host("AWS_ENDPOINT_URL", "https://aws.internal:4566", "AWS_ENDPOINT_URL_SIGNIN", "https://signin.internal"),
                log).federationEndpoint(Partition.AWS)).hasToString("https://signin.internal/federation");
        assertThat(new ConsoleSignIn(host("AWS_ENDPOINT_URL_SIGNIN", "https://signin.internal", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
                log).federationEndpoint(Partition.AWS)).hasToString("https://signin.aws.amazon.com/federation");
    }

    @Test
    void credentialsAreNeverSentOverPlainHttpExceptToLoopback() {
        ConsoleSignIn client = new ConsoleSignIn(host("AWS_ENDPOINT_URL_SIGNIN", "http://signin.corp.example"), log);
        assertThatThrownBy(() -> client.signInUrl(new ConsoleSignIn.Request(role, Partition.AWS, null, "https://console.aws.amazon.com/", "atmos")))
                .isInstanceOfSatisfying(AtmosException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG);
                    assertThat(e.getMessage()).contains("http://signin.corp.example").contains("plain http");
                });
    }

    @Test
    void anEndpointVariableThatIsNotAUrlIsAConfigurationError() {
        assertThatThrownBy(() -> new ConsoleSignIn(host("AWS_ENDPOINT_URL_SIGNIN", "signin.internal"), log).federationEndpoint(Partition.AWS))
                .isInstanceOfSatisfying(AtmosException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG);
                    assertThat(e.getMessage()).isEqualTo("AWS_ENDPOINT_URL_SIGNIN is not an absolute http(s) URL");
                });
    }

    @Test
    void anUnreachableEndpointIsOneAuthError() {
        ConsoleSignIn client = new ConsoleSignIn(host("AWS_ENDPOINT_URL_SIGNIN", "http://127.0.0.1:9"), log);
        assertThatThrownBy(() -> client.signInUrl(new ConsoleSignIn.Request(role, Partition.AWS, null, "https://console.aws.amazon.com/", "atmos")))
                .isInstanceOfSatisfying(AtmosException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH);
                    assertThat(e.getMessage()).startsWith("cannot reach the AWS sign-in endpoint (http://127.0.0.1:9)");
                    assertThat(e.hint()).contains("AWS_ENDPOINT_URL_SIGNIN");
                });
    }
}
