package atmos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;
import static java.time.temporal.ChronoUnit.SECONDS;

import atmos.testing.FakeSts.AccessKey;
import atmos.testing.FakeSts.MfaDevice;
import atmos.testing.FakeSts.Role;
import atmos.testing.FakeSts.User;
import atmos.testing.FakeSts.WebIdentity;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.AssumeRootResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FakeStsTest {
    static final String DEV = "111111111111";
    static final String PROD = "222222222222";
    static final String MEMBER = "333333333333";
    static final String AUDIT_POLICY = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials";

    FakeSts sts;
    User alice;
    AccessKey aliceKey;
    User bob;
    AccessKey bobKey;
    final List<StsClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp() {
        sts = FakeSts.start();
        alice = sts.addUser(DEV, "alice");
        aliceKey = sts.createAccessKey(alice);
        bob = sts.addUser(DEV, "bob");
        bobKey = sts.createAccessKey(bob);
    }

    @AfterEach
    void tearDown() {
        clients.forEach(StsClient::close);
        sts.close();
    }

    // ----------------------------------------------------------------------------------- helpers

    StsClient client(AwsCredentials credentials) {
        StsClient c = StsClient.builder()
                .endpointOverride(URI.create(sts.endpoint()))
                .region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .build();
        clients.add(c);
        return c;
    }

    StsClient client(AccessKey key) {
        return client(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    StsClient client(Credentials session) {
        return client(AwsSessionCredentials.create(
                session.accessKeyId(), session.secretAccessKey(), session.sessionToken()));
    }

    /** Expiration is issue time + duration, to the second; the issue time is just before now. */
    void assertExpiresIn(Instant expiration, Duration duration) {
        Instant latest = sts.now().plus(duration);
        assertThat(expiration).isBetween(latest.minusSeconds(5).truncatedTo(SECONDS), latest);
        assertThat(expiration.getNano()).isZero();
    }

    static StsException stsError(Runnable call) {
        StsException e = catchThrowableOfType(StsException.class, call::run);
        assertThat(e).as("expected an STS error").isNotNull();
        return e;
    }

    static String code(StsException e) {
        return e.awsErrorDetails().errorCode();
    }

    static String message(StsException e) {
        return e.awsErrorDetails().errorMessage();
    }

    Credentials assume(StsClient c, String roleArn, String session, Integer seconds) {
        return c.assumeRole(r -> r.roleArn(roleArn).roleSessionName(session).durationSeconds(seconds))
                .credentials();
    }

    /** Signs with the SDK's own SigV4 signer (independent of the fake) and sends raw HTTP. */
    HttpResponse<String> sendSigned(SdkHttpMethod method, String query, String body,
            AwsCredentialsIdentity identity, Clock signingClock, boolean presign) throws Exception {
        URI uri = URI.create(sts.endpoint() + "/" + (query == null ? "" : "?" + query));
        SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(method).uri(uri);
        if (body != null) {
            b.putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
            r.identity(identity)
                    .request(b.build())
                    .payload(body == null ? null : ContentStreamProvider.fromByteArray(bytes))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                    .putProperty(HttpSigner.SIGNING_CLOCK, signingClock);
            if (presign) {
                r.putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION,
                        AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING);
                r.putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofSeconds(60));
            }
        });
        HttpRequest.Builder hb = HttpRequest.newBuilder(signed.request().getUri());
        Set<String> restricted = Set.of("host", "content-length", "connection", "expect", "upgrade");
        signed.request().forEachHeader((name, values) -> {
            if (!restricted.contains(name.toLowerCase())) {
                values.forEach(v -> hb.header(name, v));
            }
        });
        hb.method(method.name(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(bytes));
        return http().send(hb.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> sendRaw(HttpRequest.Builder b) throws Exception {
        return http().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpClient http() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    static AwsCredentialsIdentity identity(AccessKey key) {
        return AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey());
    }

    // ------------------------------------------------------------------------- signature checks

    @Test
    void a_correctly_signed_request_is_accepted_and_reports_the_iam_user() {
        GetCallerIdentityResponse id = client(aliceKey).getCallerIdentity();

        assertThat(id.arn()).isEqualTo("arn:aws:iam::111111111111:user/alice");
        assertThat(id.account()).isEqualTo(DEV);
        assertThat(id.userId()).isEqualTo(alice.userId()).startsWith("AIDA");
    }

    @Test
    void a_request_signed_with_the_wrong_secret_is_rejected_with_SignatureDoesNotMatch() {
        StsClient c = client(AwsBasicCredentials.create(aliceKey.accessKeyId(), bobKey.secretAccessKey()));

        StsException e = stsError(c::getCallerIdentity);

        assertThat(code(e)).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(message(e)).isEqualTo("The request signature we calculated does not match the"
                + " signature you provided. Check your AWS Secret Access Key and signing method. Consult"
                + " the service documentation for details.");
        assertThat(sts.successCount("GetCallerIdentity")).isZero();
    }

    @Test
    void an_unknown_access_key_is_rejected_with_InvalidClientTokenId() {
        StsClient c = client(AwsBasicCredentials.create("AKIAUNKNOWNKEY000000", aliceKey.secretAccessKey()));

        StsException e = stsError(c::getCallerIdentity);

        assertThat(code(e)).isEqualTo("InvalidClientTokenId");
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(message(e)).isEqualTo("The security token included in the request is invalid.");
    }

    @Test
    void a_deleted_access_key_stops_working() {
        client(aliceKey).getCallerIdentity();
        sts.deleteAccessKey(aliceKey.accessKeyId());

        assertThat(code(stsError(client(aliceKey)::getCallerIdentity))).isEqualTo("InvalidClientTokenId");
    }

    @Test
    void session_credentials_need_their_exact_session_token() {
        Credentials session = client(aliceKey).getSessionToken().credentials();
        StsClient noToken = client(AwsBasicCredentials.create(session.accessKeyId(), session.secretAccessKey()));
        StsClient wrongToken = client(AwsSessionCredentials.create(
                session.accessKeyId(), session.secretAccessKey(), session.sessionToken() + "x"));
        StsClient longTermWithToken = client(AwsSessionCredentials.create(
                aliceKey.accessKeyId(), aliceKey.secretAccessKey(), session.sessionToken()));

        assertThat(code(stsError(noToken::getCallerIdentity))).isEqualTo("InvalidClientTokenId");
        assertThat(code(stsError(wrongToken::getCallerIdentity))).isEqualTo("InvalidClientTokenId");
        assertThat(code(stsError(longTermWithToken::getCallerIdentity))).isEqualTo("InvalidClientTokenId");
        assertThat(client(session).getCallerIdentity().arn()).isEqualTo(alice.arn());
    }

    @Test
    void expired_session_credentials_are_rejected_with_ExpiredToken() {
        Credentials session = client(aliceKey)
                .getSessionToken(r -> r.durationSeconds(900)).credentials();
        assertExpiresIn(session.expiration(), Duration.ofSeconds(900));

        sts.advance(Duration.ofSeconds(901));
        StsException e = stsError(client(session)::getCallerIdentity);

        assertThat(code(e)).isEqualTo("ExpiredToken");
        assertThat(message(e)).isEqualTo("The security token included in the request is expired");
        assertThat(e.statusCode()).isEqualTo(403);
    }

    @Test
    void a_request_without_any_signature_is_rejected_with_MissingAuthenticationToken() throws Exception {
        HttpResponse<String> r = sendRaw(HttpRequest.newBuilder(URI.create(sts.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity&Version=2011-06-15")));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/xml");
        assertThat(r.body()).matches("(?s)<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\\s*"
                + "<Error>\\s*<Type>Sender</Type>\\s*<Code>MissingAuthenticationToken</Code>\\s*"
                + "<Message>Request is missing Authentication Token</Message>\\s*</Error>\\s*"
                + "<RequestId>[0-9a-f-]{36}</RequestId>\\s*</ErrorResponse>\\s*");
    }

    @Test
    void an_authorization_header_missing_its_parts_is_rejected_with_IncompleteSignature() throws Exception {
        HttpResponse<String> r = sendRaw(HttpRequest.newBuilder(URI.create(sts.endpoint() + "/"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + aliceKey.accessKeyId()
                        + "/20240101/us-east-1/sts/aws4_request")
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity&Version=2011-06-15")));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("<Code>IncompleteSignature</Code>")
                .contains("Authorization header requires 'Signature' parameter.")
                .contains("Authorization header requires 'SignedHeaders' parameter.")
                .contains("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }

    @Test
    void a_signature_older_than_fifteen_minutes_by_the_fakes_clock_is_rejected() throws Exception {
        Clock twentyMinutesAgo = Clock.fixed(sts.now().minus(Duration.ofMinutes(20)), ZoneOffset.UTC);

        HttpResponse<String> r = sendSigned(SdkHttpMethod.POST, null,
                "Action=GetCallerIdentity&Version=2011-06-15", identity(aliceKey), twentyMinutesAgo, false);

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("<Code>SignatureDoesNotMatch</Code>")
                .containsPattern("<Message>Signature expired: \\d{8}T\\d{6}Z is now earlier than "
                        + "\\d{8}T\\d{6}Z \\(\\d{8}T\\d{6}Z - 15 min\\.\\)</Message>");
    }

    @Test
    void a_signature_from_the_future_is_rejected() throws Exception {
        Clock ahead = Clock.fixed(sts.now().plus(Duration.ofMinutes(16)), ZoneOffset.UTC);

        HttpResponse<String> r = sendSigned(SdkHttpMethod.POST, null,
                "Action=GetCallerIdentity&Version=2011-06-15", identity(aliceKey), ahead, false);

        assertThat(r.body()).contains("<Code>SignatureDoesNotMatch</Code>")
                .contains("Signature not yet current:").contains(" + 15 min.)");
    }

    @Test
    void the_sdk_corrects_its_clock_from_the_fakes_Date_header_as_it_would_against_aws() {
        StsClient c = client(aliceKey);
        sts.advance(Duration.ofHours(2));
        try {
            assertThat(c.getCallerIdentity().arn()).isEqualTo(alice.arn());
            List<FakeSts.Call> calls = sts.calls("GetCallerIdentity");
            assertThat(calls.get(0).errorCode()).isEqualTo("SignatureDoesNotMatch");
            assertThat(calls.get(0).authenticated()).isFalse();
            assertThat(calls.get(calls.size() - 1).succeeded()).isTrue();
            assertThat(sts.count("GetCallerIdentity")).isEqualTo(1);
        } finally {
            // The SDK keeps the learned offset JVM-wide; do not leak it into other tests.
            SdkGlobalTime.setGlobalTimeOffset(0);
        }
    }

    @Test
    void a_body_changed_after_signing_is_rejected() throws Exception {
        String signedBody = "Action=GetCallerIdentity&Version=2011-06-15";
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(identity(aliceKey))
                .request(SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                        .uri(URI.create(sts.endpoint() + "/"))
                        .putHeader("Content-Type", "application/x-www-form-urlencoded").build())
                .payload(ContentStreamProvider.fromUtf8String(signedBody))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder b = HttpRequest.newBuilder(signed.request().getUri());
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> b.header(name, v));
            }
        });

        HttpResponse<String> original = sendRaw(b.copy()
                .POST(HttpRequest.BodyPublishers.ofString(signedBody)));
        HttpResponse<String> tampered = sendRaw(b.copy().POST(HttpRequest.BodyPublishers.ofString(
                "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=129600")));

        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(tampered.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        assertThat(sts.count("GetSessionToken")).isZero();
    }

    @Test
    void a_get_request_with_the_action_in_the_query_string_is_verified_too() throws Exception {
        HttpResponse<String> ok = sendSigned(SdkHttpMethod.GET,
                "Action=GetCallerIdentity&Version=2011-06-15", null, identity(aliceKey),
                sts.clock(), false);
        HttpResponse<String> bad = sendSigned(SdkHttpMethod.GET,
                "Action=GetCallerIdentity&Version=2011-06-15", null,
                AwsCredentialsIdentity.create(aliceKey.accessKeyId(), bobKey.secretAccessKey()),
                sts.clock(), false);

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">")
                .contains("<GetCallerIdentityResult>")
                .contains("<Arn>arn:aws:iam::111111111111:user/alice</Arn>")
                .contains("<Account>111111111111</Account>")
                .containsPattern("<ResponseMetadata>\\s*<RequestId>[0-9a-f-]{36}</RequestId>");
        assertThat(bad.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    @Test
    void a_presigned_get_caller_identity_url_is_accepted_until_it_expires() throws Exception {
        HttpResponse<String> ok = sendSigned(SdkHttpMethod.GET,
                "Action=GetCallerIdentity&Version=2011-06-15", null, identity(aliceKey), sts.clock(), true);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("<Arn>" + alice.arn() + "</Arn>");

        Clock twoMinutesAgo = Clock.fixed(sts.now().minusSeconds(120), ZoneOffset.UTC);
        HttpResponse<String> expired = sendSigned(SdkHttpMethod.GET,
                "Action=GetCallerIdentity&Version=2011-06-15", null, identity(aliceKey), twoMinutesAgo, true);
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.body()).contains("Signature expired");
    }

    @Test
    void an_unknown_action_is_rejected_with_InvalidAction() throws Exception {
        HttpResponse<String> r = sendSigned(SdkHttpMethod.POST, null,
                "Action=GetAccessKeyInfoX&Version=2011-06-15", identity(aliceKey), sts.clock(), false);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("<Code>InvalidAction</Code>")
                .contains("Could not find operation GetAccessKeyInfoX for version 2011-06-15");
    }

    // -------------------------------------------------------------------------- GetSessionToken

    @Test
    void get_session_token_defaults_to_twelve_hours_and_keeps_the_users_identity() {
        Credentials session = client(aliceKey).getSessionToken().credentials();

        assertThat(session.accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(session.secretAccessKey()).hasSize(40);
        assertExpiresIn(session.expiration(), Duration.ofHours(12));
        GetCallerIdentityResponse id = client(session).getCallerIdentity();
        assertThat(id.arn()).isEqualTo(alice.arn());
        assertThat(id.userId()).isEqualTo(alice.userId());
    }

    @Test
    void get_session_token_rejects_durations_outside_900_to_129600_seconds() {
        StsException low = stsError(() -> client(aliceKey).getSessionToken(r -> r.durationSeconds(899)));
        StsException high = stsError(() -> client(aliceKey).getSessionToken(r -> r.durationSeconds(129601)));

        assertThat(code(low)).isEqualTo("ValidationError");
        assertThat(low.statusCode()).isEqualTo(400);
        assertThat(message(low)).isEqualTo("1 validation error detected: Value '899' at"
                + " 'durationSeconds' failed to satisfy constraint: Member must have value greater than or"
                + " equal to 900");
        assertThat(message(high)).endsWith("Member must have value less than or equal to 129600");
    }

    @Test
    void get_session_token_with_the_current_mfa_code_marks_the_session_as_mfa_authenticated() {
        MfaDevice mfa = sts.enableVirtualMfa(alice);

        Credentials session = client(aliceKey).getSessionToken(r -> r
                .serialNumber(mfa.serialNumber()).tokenCode(sts.currentMfaCode(mfa))).credentials();

        assertThat(mfa.serialNumber()).isEqualTo("arn:aws:iam::111111111111:mfa/alice");
        assertThat(sts.session(session.accessKeyId())).hasValueSatisfying(
                s -> assertThat(s.mfaAuthenticated()).isTrue());
    }

    @Test
    void get_session_token_with_a_wrong_or_missing_mfa_code_is_denied_with_the_aws_message() {
        MfaDevice mfa = sts.enableVirtualMfa(alice);
        String current = sts.currentMfaCode(mfa);
        String wrong = current.equals("000000") ? "111111" : "000000";

        StsException bad = stsError(() -> client(aliceKey).getSessionToken(r -> r
                .serialNumber(mfa.serialNumber()).tokenCode(wrong)));
        StsException missing = stsError(() -> client(aliceKey).getSessionToken(r -> r
                .serialNumber(mfa.serialNumber())));

        for (StsException e : List.of(bad, missing)) {
            assertThat(code(e)).isEqualTo("AccessDenied");
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(message(e).trim())
                    .isEqualTo("MultiFactorAuthentication failed with invalid MFA one time pass code.");
        }
    }

    @Test
    void an_mfa_code_cannot_be_used_twice() {
        MfaDevice mfa = sts.enableVirtualMfa(alice);
        String code = sts.currentMfaCode(mfa);
        client(aliceKey).getSessionToken(r -> r.serialNumber(mfa.serialNumber()).tokenCode(code));

        StsException again = stsError(() -> client(aliceKey).getSessionToken(r -> r
                .serialNumber(mfa.serialNumber()).tokenCode(code)));
        assertThat(message(again)).startsWith("MultiFactorAuthentication failed with invalid MFA");

        sts.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        client(aliceKey).getSessionToken(r -> r.serialNumber(mfa.serialNumber())
                .tokenCode(sts.currentMfaCode(mfa)));
    }

    @Test
    void an_mfa_serial_that_is_not_the_callers_is_denied() {
        MfaDevice bobsMfa = sts.enableVirtualMfa(bob);

        StsException e = stsError(() -> client(aliceKey).getSessionToken(r -> r
                .serialNumber(bobsMfa.serialNumber()).tokenCode(sts.currentMfaCode(bobsMfa))));

        assertThat(code(e)).isEqualTo("AccessDenied");
        assertThat(message(e)).isEqualTo("MultiFactorAuthentication failed, unable to validate MFA"
                + " code.  Please verify your MFA serial number is valid and associated with this user.");
    }

    @Test
    void session_credentials_may_not_call_get_session_token() {
        Credentials session = client(aliceKey).getSessionToken().credentials();

        StsException e = stsError(() -> client(session).getSessionToken());

        assertThat(code(e)).isEqualTo("AccessDenied");
        assertThat(message(e)).isEqualTo("Cannot call GetSessionToken with session credentials");
    }

    @Test
    void root_keys_get_at_most_a_one_hour_session_token() {
        AccessKey root = sts.createRootAccessKey(PROD);

        Credentials session = client(root).getSessionToken().credentials();

        assertExpiresIn(session.expiration(), Duration.ofHours(1));
    }

    // ------------------------------------------------------------------------------- AssumeRole

    @Test
    void assume_role_is_allowed_for_a_trusted_user_and_denied_for_anyone_else() {
        Role admin = sts.role("arn:aws:iam::222222222222:role/Admin").trust(alice).create();

        AssumeRoleResponse ok = client(aliceKey).assumeRole(r -> r
                .roleArn(admin.arn()).roleSessionName("alice-session"));
        StsException denied = stsError(() -> client(bobKey).assumeRole(r -> r
                .roleArn(admin.arn()).roleSessionName("bob-session")));

        assertThat(ok.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::222222222222:assumed-role/Admin/alice-session");
        assertThat(ok.assumedRoleUser().assumedRoleId()).isEqualTo(admin.roleId() + ":alice-session").startsWith("AROA");
        assertExpiresIn(ok.credentials().expiration(), Duration.ofHours(1));
        assertThat(code(denied)).isEqualTo("AccessDenied");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(message(denied)).isEqualTo("User: arn:aws:iam::111111111111:user/bob is not"
                + " authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Admin");
    }

    @Test
    void a_role_that_does_not_exist_is_denied_like_an_untrusted_one() {
        StsException e = stsError(() -> client(aliceKey).assumeRole(r -> r
                .roleArn("arn:aws:iam::222222222222:role/Nope").roleSessionName("s1")));

        assertThat(code(e)).isEqualTo("AccessDenied");
        assertThat(message(e)).endsWith("sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Nope");
    }

    @Test
    void trusting_an_account_admits_any_principal_of_that_account() {
        Role reader = sts.role("arn:aws:iam::222222222222:role/Reader").trustAccount(DEV).create();

        assertThat(assume(client(bobKey), reader.arn(), "bob", null).accessKeyId()).startsWith("ASIA");
        AccessKey outsider = sts.createAccessKey(sts.addUser(MEMBER, "eve"));
        assertThat(code(stsError(() -> assume(client(outsider), reader.arn(), "eve", null))))
                .isEqualTo("AccessDenied");
    }

    @Test
    void root_users_may_not_assume_roles() {
        Role any = sts.role("arn:aws:iam::222222222222:role/Any").trust("*").create();
        AccessKey root = sts.createRootAccessKey(DEV);

        StsException e = stsError(() -> assume(client(root), any.arn(), "root", null));

        assertThat(message(e)).isEqualTo("Roles may not be assumed by root accounts.");
    }

    @Test
    void assume_role_validates_session_name_and_duration_like_aws() {
        Role admin = sts.role("arn:aws:iam::222222222222:role/Admin").trust(alice).create();

        StsException name = stsError(() -> assume(client(aliceKey), admin.arn(), "bad name", null));
        StsException shortName = stsError(() -> assume(client(aliceKey), admin.arn(), "a", null));
        StsException tooShort = stsError(() -> assume(client(aliceKey), admin.arn(), "ok-name", 100));
        StsException beyondRole = stsError(() -> assume(client(aliceKey), admin.arn(), "ok-name", 7200));

        assertThat(code(name)).isEqualTo("ValidationError");
        assertThat(message(name)).isEqualTo("1 validation error detected: Value 'bad name' at"
                + " 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression"
                + " pattern: [\\w+=,.@-]*");
        assertThat(message(shortName)).isEqualTo("1 validation error detected: Value 'a' at"
                + " 'roleSessionName' failed to satisfy constraint: Member must have length greater than"
                + " or equal to 2");
        assertThat(message(tooShort)).isEqualTo("1 validation error detected: Value '100' at"
                + " 'durationSeconds' failed to satisfy constraint: Member must have value greater than or"
                + " equal to 900");
        assertThat(code(beyondRole)).isEqualTo("ValidationError");
        assertThat(message(beyondRole))
                .isEqualTo("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }

    @Test
    void a_role_with_a_longer_maximum_grants_the_requested_duration() {
        Role admin = sts.role("arn:aws:iam::222222222222:role/Admin")
                .maxSessionDuration(Duration.ofHours(12)).trust(alice).create();

        Credentials c = assume(client(aliceKey), admin.arn(), "long", 43200);

        assertExpiresIn(c.expiration(), Duration.ofHours(12));
    }

    @Test
    void role_chaining_is_limited_to_one_hour_with_the_aws_message() {
        Role first = sts.role("arn:aws:iam::222222222222:role/First")
                .maxSessionDuration(Duration.ofHours(12)).trust(alice).create();
        Role second = sts.role("arn:aws:iam::333333333333:role/Second")
                .maxSessionDuration(Duration.ofHours(12)).trust(first).create();
        Credentials hop1 = assume(client(aliceKey), first.arn(), "hop1", 43200);

        StsException tooLong = stsError(() -> assume(client(hop1), second.arn(), "hop2", 3601));
        Credentials hop2 = assume(client(hop1), second.arn(), "hop2", 3600);

        assertThat(code(tooLong)).isEqualTo("ValidationError");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(message(tooLong)).isEqualTo("The requested DurationSeconds exceeds the 1 hour"
                + " session limit for roles assumed by role chaining.");
        assertThat(client(hop2).getCallerIdentity().arn())
                .isEqualTo("arn:aws:sts::333333333333:assumed-role/Second/hop2");
        assertThat(sts.session(hop2.accessKeyId())).hasValueSatisfying(s -> assertThat(s.roleChained()).isTrue());
    }

    @Test
    void a_role_requiring_an_external_id_admits_only_the_right_one() {
        Role vendor = sts.role("arn:aws:iam::222222222222:role/Vendor").trust(alice).externalId("ext-123").create();

        assertThat(code(stsError(() -> assume(client(aliceKey), vendor.arn(), "vendor", null)))).isEqualTo("AccessDenied");
        assertThat(code(stsError(() -> client(aliceKey).assumeRole(r -> r.roleArn(vendor.arn())
                .roleSessionName("vendor").externalId("ext-999"))))).isEqualTo("AccessDenied");
        assertThat(client(aliceKey).assumeRole(r -> r.roleArn(vendor.arn()).roleSessionName("vendor")
                .externalId("ext-123")).credentials()).isNotNull();
    }

    @Test
    void a_role_requiring_mfa_admits_an_mfa_session_or_a_valid_code() {
        MfaDevice mfa = sts.enableVirtualMfa(alice);
        Role admin = sts.role("arn:aws:iam::222222222222:role/Admin").trust(alice).requireMfa().create();

        assertThat(code(stsError(() -> assume(client(aliceKey), admin.arn(), "nomfa", null)))).isEqualTo("AccessDenied");
        Credentials mfaSession = client(aliceKey).getSessionToken(r -> r
                .serialNumber(mfa.serialNumber()).tokenCode(sts.currentMfaCode(mfa))).credentials();
        assertThat(assume(client(mfaSession), admin.arn(), "viasession", null)).isNotNull();

        sts.advance(Duration.ofSeconds(30));
        assertThat(client(aliceKey).assumeRole(r -> r.roleArn(admin.arn()).roleSessionName("direct")
                .serialNumber(mfa.serialNumber()).tokenCode(sts.currentMfaCode(mfa))).credentials()).isNotNull();
        StsException wrong = stsError(() -> client(aliceKey).assumeRole(r -> r.roleArn(admin.arn())
                .roleSessionName("direct").serialNumber(mfa.serialNumber()).tokenCode("12345x")));
        assertThat(code(wrong)).isEqualTo("ValidationError");
    }

    // ------------------------------------------------------------------------------- AssumeRoot

    @Test
    void assume_root_issues_a_root_session_in_the_member_account() {
        Role orgAdmin = sts.role("arn:aws:iam::111111111111:role/OrgAdmin").trust(alice).create();
        sts.enableCentralizedRootAccess(DEV, MEMBER);
        Credentials admin = assume(client(aliceKey), orgAdmin.arn(), "root-task", null);

        AssumeRootResponse r = client(admin).assumeRoot(b -> b.targetPrincipal(MEMBER)
                .taskPolicyArn(p -> p.arn(AUDIT_POLICY)));

        assertExpiresIn(r.credentials().expiration(), Duration.ofSeconds(900));
        GetCallerIdentityResponse id = client(r.credentials()).getCallerIdentity();
        assertThat(id.arn()).isEqualTo("arn:aws:iam::333333333333:root");
        assertThat(id.account()).isEqualTo(MEMBER);
        assertThat(sts.calls("AssumeRoot").get(0).parameters())
                .containsEntry("TargetPrincipal", MEMBER).containsEntry("TaskPolicyArn.arn", AUDIT_POLICY);
    }

    @Test
    void assume_root_validates_duration_task_policy_and_target() {
        sts.enableCentralizedRootAccess(DEV, MEMBER);
        StsClient c = client(aliceKey);

        StsException tooLong = stsError(() -> c.assumeRoot(b -> b.targetPrincipal(MEMBER)
                .taskPolicyArn(p -> p.arn(AUDIT_POLICY)).durationSeconds(901)));
        StsException badPolicy = stsError(() -> c.assumeRoot(b -> b.targetPrincipal(MEMBER)
                .taskPolicyArn(p -> p.arn("arn:aws:iam::aws:policy/AdministratorAccess"))));
        StsException badTarget = stsError(() -> c.assumeRoot(b -> b.targetPrincipal("33333333333x")
                .taskPolicyArn(p -> p.arn(AUDIT_POLICY))));
        StsException notGranted = stsError(() -> c.assumeRoot(b -> b.targetPrincipal(PROD)
                .taskPolicyArn(p -> p.arn(AUDIT_POLICY))));

        assertThat(message(tooLong)).isEqualTo("1 validation error detected: Value '901' at"
                + " 'durationSeconds' failed to satisfy constraint: Member must have value less than or"
                + " equal to 900");
        assertThat(code(badPolicy)).isEqualTo("ValidationError");
        assertThat(code(badTarget)).isEqualTo("ValidationError");
        assertThat(code(notGranted)).isEqualTo("AccessDenied");
        assertThat(message(notGranted)).contains("sts:AssumeRoot on resource: arn:aws:iam::222222222222:root");
        for (String policy : FakeSts.ROOT_TASK_POLICIES) {
            sts.advance(Duration.ofSeconds(1));
            assertThat(c.assumeRoot(b -> b.targetPrincipal(MEMBER).taskPolicyArn(p -> p.arn(policy)))
                    .credentials()).isNotNull();
        }
    }

    // ------------------------------------------------------------------------ GetCallerIdentity

    @Test
    void get_caller_identity_reports_each_kind_of_caller_as_aws_does() {
        Role admin = sts.role("arn:aws:iam::222222222222:role/team/Admin").trust(alice).create();
        AccessKey root = sts.createRootAccessKey(PROD);

        GetCallerIdentityResponse user = client(aliceKey).getCallerIdentity();
        GetCallerIdentityResponse sessionToken =
                client(client(aliceKey).getSessionToken().credentials()).getCallerIdentity();
        GetCallerIdentityResponse role = client(assume(client(aliceKey), admin.arn(), "me@example.com", null))
                .getCallerIdentity();
        GetCallerIdentityResponse federated = client(client(bobKey)
                .getFederationToken(r -> r.name("fed-bob")).credentials()).getCallerIdentity();
        GetCallerIdentityResponse rootUser = client(root).getCallerIdentity();

        assertThat(user.arn()).isEqualTo("arn:aws:iam::111111111111:user/alice");
        assertThat(sessionToken.arn()).isEqualTo(user.arn());
        assertThat(sessionToken.userId()).isEqualTo(user.userId());
        // The role path is not part of the assumed-role ARN.
        assertThat(role.arn()).isEqualTo("arn:aws:sts::222222222222:assumed-role/Admin/me@example.com");
        assertThat(role.userId()).isEqualTo(admin.roleId() + ":me@example.com");
        assertThat(role.account()).isEqualTo(PROD);
        assertThat(federated.arn()).isEqualTo("arn:aws:sts::111111111111:federated-user/fed-bob");
        assertThat(federated.userId()).isEqualTo("111111111111:fed-bob");
        assertThat(rootUser.arn()).isEqualTo("arn:aws:iam::222222222222:root");
        assertThat(rootUser.userId()).isEqualTo(PROD);
    }

    // ---------------------------------------------------------------- AssumeRoleWithWebIdentity

    @Test
    void assume_role_with_web_identity_accepts_a_registered_token_without_a_signature() {
        String issuer = "https://token.actions.githubusercontent.com";
        Role ci = sts.role("arn:aws:iam::222222222222:role/ci").trustWebIdentity(issuer).create();
        sts.registerWebIdentityToken("eyJ.token.sig",
                new WebIdentity(issuer, "repo:acme/infra:ref:refs/heads/main", "sts.amazonaws.com", null));
        StsClient anonymous = client(AnonymousCredentialsProvider.create().resolveCredentials());

        AssumeRoleWithWebIdentityResponse r = anonymous.assumeRoleWithWebIdentity(b -> b
                .roleArn(ci.arn()).roleSessionName("gha").webIdentityToken("eyJ.token.sig"));

        assertThat(r.subjectFromWebIdentityToken()).isEqualTo("repo:acme/infra:ref:refs/heads/main");
        assertThat(r.audience()).isEqualTo("sts.amazonaws.com");
        assertThat(r.provider()).isEqualTo("arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com");
        assertThat(r.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::222222222222:assumed-role/ci/gha");
        assertThat(client(r.credentials()).getCallerIdentity().arn()).isEqualTo(r.assumedRoleUser().arn());
        assertThat(sts.calls("AssumeRoleWithWebIdentity").get(0).accessKeyId()).isNull();
        assertThat(sts.calls("AssumeRoleWithWebIdentity").get(0).parameters()).doesNotContainKey("WebIdentityToken");

        StsException unknown = stsError(() -> anonymous.assumeRoleWithWebIdentity(b -> b
                .roleArn(ci.arn()).roleSessionName("gha").webIdentityToken("forged-token")));
        assertThat(code(unknown)).isEqualTo("InvalidIdentityToken");
        assertThat(message(unknown)).doesNotContain("forged-token");
    }

    @Test
    void a_web_identity_from_an_untrusted_issuer_is_denied() {
        Role ci = sts.role("arn:aws:iam::222222222222:role/ci")
                .trustWebIdentity("https://token.actions.githubusercontent.com").create();
        sts.registerWebIdentityToken("other.jwt", new WebIdentity("https://gitlab.example.com", "x", "aud", null));
        StsClient anonymous = client(AnonymousCredentialsProvider.create().resolveCredentials());

        StsException e = stsError(() -> anonymous.assumeRoleWithWebIdentity(b -> b
                .roleArn(ci.arn()).roleSessionName("gl").webIdentityToken("other.jwt")));

        assertThat(code(e)).isEqualTo("AccessDenied");
        assertThat(message(e)).isEqualTo("Not authorized to perform sts:AssumeRoleWithWebIdentity");
    }

    // ------------------------------------------------------------ call log, failures, secrecy

    @Test
    void the_call_log_records_action_caller_and_parameters_but_never_the_mfa_code() {
        MfaDevice mfa = sts.enableVirtualMfa(alice);
        String code = sts.currentMfaCode(mfa);
        client(aliceKey).getSessionToken(r -> r.serialNumber(mfa.serialNumber()).tokenCode(code)
                .durationSeconds(3600));

        FakeSts.Call call = sts.calls("GetSessionToken").get(0);
        assertThat(call.accessKeyId()).isEqualTo(aliceKey.accessKeyId());
        assertThat(call.parameters()).containsEntry("SerialNumber", mfa.serialNumber())
                .containsEntry("DurationSeconds", "3600").doesNotContainKey("TokenCode");
        assertThat(call.at()).isBeforeOrEqualTo(sts.now());
        assertThat(call.toString()).doesNotContain(code);
        assertThat(sts.count("GetSessionToken")).isEqualTo(1);
    }

    @Test
    void injected_failures_make_the_next_calls_fail_and_the_sdk_retries_through_them() {
        sts.failNext("GetCallerIdentity", 2, StsError.throttling());

        assertThat(client(aliceKey).getCallerIdentity().arn()).isEqualTo(alice.arn());
        assertThat(sts.calls("GetCallerIdentity")).extracting(FakeSts.Call::errorCode)
                .containsExactly("Throttling", "Throttling", null);
        assertThat(sts.count("GetCallerIdentity")).isEqualTo(3);

        sts.failNext(1, StsError.internalFailure());
        StsClient noRetry = StsClient.builder().endpointOverride(URI.create(sts.endpoint()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(aliceKey.accessKeyId(), aliceKey.secretAccessKey())))
                .overrideConfiguration(o -> o.retryStrategy(s -> s.maxAttempts(1))).build();
        clients.add(noRetry);
        StsException e = stsError(noRetry::getCallerIdentity);
        assertThat(e.statusCode()).isEqualTo(500);
        assertThat(code(e)).isEqualTo("InternalFailure");
    }

    @Test
    void secrets_never_appear_in_to_string_or_in_the_call_log() {
        MfaDevice mfa = sts.enableVirtualMfa(alice);
        Credentials session = client(aliceKey).getSessionToken().credentials();
        client(session).getCallerIdentity();
        stsError(() -> client(AwsSessionCredentials.create(session.accessKeyId(),
                aliceKey.secretAccessKey(), session.sessionToken())).getCallerIdentity());

        String everything = aliceKey + " " + mfa + " " + sts + " " + sts.calls() + " "
                + sts.session(session.accessKeyId());
        assertThat(everything).doesNotContain(aliceKey.secretAccessKey())
                .doesNotContain(mfa.base32Secret())
                .doesNotContain(session.secretAccessKey())
                .doesNotContain(session.sessionToken());
    }

    @Test
    void totp_codes_match_the_rfc_6238_sha1_test_vectors() {
        String rfcSecret = Totp.base32Encode("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

        assertThat(rfcSecret).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.codeAt(rfcSecret, Instant.ofEpochSecond(59))).isEqualTo("287082");
        assertThat(Totp.codeAt(rfcSecret, Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
        assertThat(Totp.codeAt(rfcSecret, Instant.ofEpochSecond(1111111111))).isEqualTo("050471");
        assertThat(Totp.codeAt(rfcSecret, Instant.ofEpochSecond(1234567890))).isEqualTo("005924");
        assertThat(Totp.codeAt(rfcSecret, Instant.ofEpochSecond(2000000000))).isEqualTo("279037");
    }

    // ---------------------------------------------------------------------- the real AWS CLI v2

    static final Path AWS_CLI = Path.of("/usr/bin/aws");

    static void requireAwsCli() {
        if (!Files.isExecutable(AWS_CLI)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("/usr/bin/aws is missing on CI: install Debian's awscli package");
            }
            Assumptions.abort("/usr/bin/aws (Debian package awscli) is not installed");
        }
    }

    /** Runs /usr/bin/aws with exactly {@code env}; secrets travel by environment or file only. */
    static Map<String, Object> runAwsCli(Path home, Map<String, String> env, String endpoint,
            Set<String> secrets) throws Exception {
        List<String> argv = List.of(AWS_CLI.toString(), "sts", "get-caller-identity",
                "--endpoint-url", endpoint, "--region", "us-east-1", "--output", "json");
        for (String arg : argv) {
            for (String secret : secrets) {
                assertThat(arg).doesNotContain(secret);
            }
        }
        ProcessBuilder pb = new ProcessBuilder(argv).directory(home.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("HOME", home.toString());
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().put("AWS_PAGER", "");
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        pb.environment().put("AWS_CLI_AUTO_PROMPT", "off");
        pb.environment().putAll(env);
        pb.redirectOutput(home.resolve("aws.out").toFile());
        pb.redirectError(home.resolve("aws.err").toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("aws cli timed out");
        }
        String out = Files.readString(home.resolve("aws.out"));
        String err = Files.readString(home.resolve("aws.err"));
        assertThat(p.exitValue()).as("aws exit status; stderr: %s", err).isZero();
        for (String secret : secrets) {
            assertThat(out + err).doesNotContain(secret);
        }
        return JSON.std.mapFrom(out);
    }

    @Test
    void the_debian_aws_cli_verifies_against_the_fake_with_keys_from_the_environment(@TempDir Path home)
            throws Exception {
        requireAwsCli();
        Files.writeString(home.resolve("config"), "");
        Files.writeString(home.resolve("credentials"), "");

        Map<String, Object> id = runAwsCli(home, Map.of(
                "AWS_CONFIG_FILE", home.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString(),
                "AWS_ACCESS_KEY_ID", aliceKey.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", aliceKey.secretAccessKey()),
                sts.endpoint(), Set.of(aliceKey.secretAccessKey()));

        assertThat(id).containsEntry("Arn", "arn:aws:iam::111111111111:user/alice")
                .containsEntry("Account", DEV).containsEntry("UserId", alice.userId());
        FakeSts.Call call = sts.calls("GetCallerIdentity").get(0);
        assertThat(call.succeeded()).isTrue();
        assertThat(call.accessKeyId()).isEqualTo(aliceKey.accessKeyId());
    }

    @Test
    void the_debian_aws_cli_uses_session_credentials_from_a_shared_credentials_profile(@TempDir Path home)
            throws Exception {
        requireAwsCli();
        Role admin = sts.role("arn:aws:iam::222222222222:role/Admin").trust(alice).create();
        Credentials session = assume(client(aliceKey), admin.arn(), "cli-session", null);
        Path credentials = home.resolve("credentials");
        Files.writeString(credentials, "[atmos-test]\n"
                + "aws_access_key_id = " + session.accessKeyId() + "\n"
                + "aws_secret_access_key = " + session.secretAccessKey() + "\n"
                + "aws_session_token = " + session.sessionToken() + "\n");
        Files.writeString(home.resolve("config"), "[profile atmos-test]\nregion = us-east-1\n");

        Map<String, Object> id = runAwsCli(home, Map.of(
                "AWS_CONFIG_FILE", home.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(),
                "AWS_PROFILE", "atmos-test"),
                sts.endpoint(), Set.of(session.secretAccessKey(), session.sessionToken()));

        assertThat(id).containsEntry("Arn", "arn:aws:sts::222222222222:assumed-role/Admin/cli-session")
                .containsEntry("Account", PROD);

        // And the same CLI is refused once the session has expired by the fake's clock.
        sts.advance(Duration.ofHours(1));
        ProcessBuilder pb = new ProcessBuilder(AWS_CLI.toString(), "sts", "get-caller-identity",
                "--endpoint-url", sts.endpoint(), "--region", "us-east-1", "--output", "json");
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString(),
                "AWS_CONFIG_FILE", home.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(), "AWS_PROFILE", "atmos-test",
                "AWS_EC2_METADATA_DISABLED", "true", "AWS_PAGER", ""));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(readAll(p.getInputStream()), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(out).contains("ExpiredToken").contains("The security token included in the request is expired")
                .doesNotContain(session.secretAccessKey());
    }

    static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
