package atmos.testing;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.cloud.aws.AwsClients;
import atmos.cloud.aws.Sts;
import atmos.credentials.AwsCredentials;
import atmos.text.JsonText;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake AWS sign-in endpoint with plain HTTP calls, as the federation docs describe them: which
 * credentials get a sign-in token, when SessionDuration is refused, and that a token signs in once.
 * The credentials come from {@link FakeSts} through the tool's own STS client.
 */
class FakeSigninTest {
    static final String ACCOUNT = "111111111111";

    @TempDir
    Path tmp;

    FakeSts sts;
    FakeSignin signin;
    Sts client;
    FakeSts.AccessKey aliceKey;
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void setUp() {
        sts = FakeSts.start();
        signin = FakeSignin.start(sts);
        FakeSts.User alice = sts.addUser(ACCOUNT, "alice");
        aliceKey = sts.createAccessKey(alice);
        FakeSts.Role admin = sts.role("arn:aws:iam::" + ACCOUNT + ":role/Admin").trust(alice).maxSessionDuration(Duration.ofHours(4)).create();
        sts.role("arn:aws:iam::" + ACCOUNT + ":role/ReadOnly").trust(admin).create();
        client = new Sts(new AwsClients(new TestHost(tmp).env("AWS_ENDPOINT_URL_STS", sts.endpoint()).build()));
    }

    @AfterEach
    void tearDown() {
        signin.close();
        sts.close();
        software.amazon.awssdk.core.SdkGlobalTime.setGlobalTimeOffset(0);
    }

    private AwsCredentials keys() {
        return AwsCredentials.longLived(aliceKey.accessKeyId(), aliceKey.secretAccessKey(), null, null);
    }

    private AwsCredentials role() {
        return client.assumeRole(keys(), "us-east-1", "arn:aws:iam::" + ACCOUNT + ":role/Admin", "alice", 3600, null);
    }

    private static String session(String id, String key, String token) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sessionId", id);
        m.put("sessionKey", key);
        if (token != null) {
            m.put("sessionToken", token);
        }
        return JsonText.compact(m);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> token(AwsCredentials c, Integer sessionDuration) throws Exception {
        return get(signin.endpoint() + "/federation?Action=getSigninToken"
                + (sessionDuration == null ? "" : "&SessionDuration=" + sessionDuration)
                + "&Session=" + enc(session(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())));
    }

    private String signinToken(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return (String) JsonText.parseObject(r.body()).get("SigninToken");
    }

    private HttpResponse<String> login(String token, String destination) throws Exception {
        return get(signin.endpoint() + "/federation?Action=login&Issuer=atmos&Destination=" + enc(destination) + "&SigninToken=" + enc(token));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void aRoleSessionGetsATokenThatSignsInOnceAndLandsOnTheDestination() throws Exception {
        AwsCredentials c = role();
        HttpResponse<String> t = token(c, 7200);
        assertThat(t.headers().firstValue("Content-Type")).hasValue("application/json");
        String token = signinToken(t);

        HttpResponse<String> login = login(token, signin.consolePage("s3"));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValue(signin.consolePage("s3"));
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(signin.consolePage("s3"))).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("arn:aws:sts::" + ACCOUNT + ":assumed-role/Admin/alice");
        assertThat(signin.signIns()).singleElement().satisfies(s -> {
            assertThat(s.accessKeyId()).isEqualTo(c.accessKeyId());
            assertThat(s.issuer()).isEqualTo("atmos");
            assertThat(s.sessionDuration()).isEqualTo(Duration.ofHours(2));
            assertThat(s.sessionEnds()).isEqualTo(s.at().plus(Duration.ofHours(2)));
        });

        assertThat(login(token, signin.consolePage("s3")).statusCode()).as("a token signs in once").isEqualTo(400);
        assertThat(get(signin.consolePage("s3")).statusCode()).as("no cookie, no console").isEqualTo(401);
    }

    @Test
    void credentialsItDidNotIssueOrThatWereAlteredAreRefused() throws Exception {
        AwsCredentials c = role();
        assertThat(token(AwsCredentials.session(c.accessKeyId(), c.secretAccessKey() + "x", c.sessionToken(), null, null), null).statusCode())
                .isEqualTo(400);
        assertThat(token(AwsCredentials.session(c.accessKeyId(), c.secretAccessKey(), c.sessionToken() + "x", null, null), null).statusCode())
                .isEqualTo(400);
        assertThat(token(AwsCredentials.session("ASIAUNKNOWN000000000", "secret", "token", null, null), null).statusCode()).isEqualTo(400);
        assertThat(get(signin.endpoint() + "/federation?Action=getSigninToken&Session=not-json").statusCode()).isEqualTo(400);
        assertThat(signin.tokenRequests()).allSatisfy(r -> assertThat(r.status()).isEqualTo(400))
                .extracting(FakeSignin.TokenRequest::reason).contains("the credentials are not valid", "Session is not a JSON object");
    }

    @Test
    void longLivedKeysAndGetSessionTokenSessionsCannotSignIn() throws Exception {
        HttpResponse<String> keys = get(signin.endpoint() + "/federation?Action=getSigninToken&Session="
                + enc(session(aliceKey.accessKeyId(), aliceKey.secretAccessKey(), null)));
        assertThat(keys.statusCode()).isEqualTo(400);
        assertThat(keys.body()).contains("long-lived access keys cannot sign in");

        AwsCredentials sessionToken = client.getSessionToken(keys(), "us-east-1", 3600, null, null);
        HttpResponse<String> r = token(sessionToken, null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("GetSessionToken");
    }

    @Test
    void expiredCredentialsAreRefused() throws Exception {
        AwsCredentials c = role();
        sts.advance(Duration.ofHours(1).plusSeconds(1));
        HttpResponse<String> r = token(c, null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("expired");
    }

    @Test
    void sessionDurationIsRefusedForFederationChainedAndOutOfRangeRequests() throws Exception {
        AwsCredentials federated = client.getFederationToken(keys(), "us-east-1", "alice", "{}", 3600);
        assertThat(token(federated, 3600).statusCode()).isEqualTo(400);
        signinToken(token(federated, null));

        AwsCredentials chained = client.assumeRole(role(), "us-east-1", "arn:aws:iam::" + ACCOUNT + ":role/ReadOnly", "alice", null, null);
        assertThat(token(chained, 900).statusCode()).isEqualTo(400);
        signinToken(token(chained, null));

        AwsCredentials direct = role();
        assertThat(token(direct, 899).statusCode()).isEqualTo(400);
        assertThat(token(direct, 43201).statusCode()).isEqualTo(400);
        signinToken(token(direct, 43200));
        assertThat(signin.tokenRequests()).extracting(FakeSignin.TokenRequest::reason).contains(
                "SessionDuration cannot be used with credentials from GetFederationToken",
                "SessionDuration cannot be used with chained role session credentials",
                "SessionDuration must be 900 to 43200 seconds");
    }

    @Test
    void aTokenExpiresAfterFifteenMinutesAndTheDestinationMustBeAUrl() throws Exception {
        String token = signinToken(token(role(), null));
        assertThat(login(token, "s3").statusCode()).isEqualTo(400);
        sts.advance(Duration.ofMinutes(15).plusSeconds(1));
        HttpResponse<String> late = login(token, signin.consolePage("home"));
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(late.body()).contains("expired");
        assertThat(login("made-up", signin.consolePage("home")).statusCode()).isEqualTo(400);
    }

    @Test
    void noSecretIsKept() throws Exception {
        AwsCredentials c = role();
        String token = signinToken(token(c, null));
        login(token, signin.consolePage("home"));
        String records = signin.tokenRequests() + " " + signin.signIns() + " " + signin;
        assertThat(records).doesNotContain(c.secretAccessKey()).doesNotContain(c.sessionToken()).doesNotContain(token);
    }
}
