package atmos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Proves the federation side of the fakes with the real AWS SDK for Java v2: FakeSts's
 * AssumeRoleWithSAML and AssumeRoleWithWebIdentity (JWT) parse as the SDK expects and fail with
 * STS's codes and statuses for a tampered, expired or unknown credential, a wrong audience and a role
 * that does not trust the caller.
 */
class FakeFederationTest {
    SamlWorld world;
    StsClient sts;

    @BeforeEach
    void setUp() {
        world = SamlWorld.start();
        sts = StsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).endpointOverride(world.sts.endpointUri()).build();
    }

    @AfterEach
    void tearDown() {
        sts.close();
        world.close();
    }

    private AssumeRoleWithSamlResponse saml(String assertion, String role) {
        return sts.assumeRoleWithSAML(b -> b.roleArn(role).principalArn(world.providerArn).samlAssertion(assertion));
    }

    private static void fails(Runnable call, int status, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).contains(message);
        });
    }

    @Test
    void aSignedAssertionGivesARoleSessionTheSdkReads() {
        AssumeRoleWithSamlResponse r = saml(world.idp.samlResponse("alice@acme.test"), SamlWorld.ADMIN);
        assertThat(r.credentials().accessKeyId()).startsWith("ASIA");
        assertThat(r.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::111111111111:assumed-role/acme-admin/alice@acme.test");
        assertThat(r.audience()).isEqualTo("urn:amazon:webservices");
        assertThat(r.subject()).isEqualTo("alice@acme.test");
        assertThat(r.credentials().expiration()).isEqualTo(world.sts.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(3600));
    }

    @Test
    void aTamperedAssertionFailsItsSignature() {
        String xml = new String(Base64.getDecoder().decode(world.idp.samlResponse("erin@acme.test")), StandardCharsets.UTF_8);
        String forged = Base64.getEncoder().encodeToString(xml.replace("acme-readonly", "acme-admin").getBytes(StandardCharsets.UTF_8));
        fails(() -> saml(forged, SamlWorld.ADMIN), 400, "InvalidIdentityToken", "Response signature invalid");
    }

    @Test
    void anExpiredAssertionARoleNotInItAndAnUnknownProviderAreRefused() {
        String ok = world.idp.samlResponse("erin@acme.test");
        fails(() -> saml(ok, SamlWorld.ADMIN), 403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML");
        fails(() -> sts.assumeRoleWithSAML(b -> b.roleArn(SamlWorld.READONLY)
                .principalArn("arn:aws:iam::111111111111:saml-provider/other").samlAssertion(ok)), 400, "InvalidIdentityToken", "provider");
        world.sts.advance(Duration.ofMinutes(6));
        fails(() -> saml(ok, SamlWorld.READONLY), 400, "ExpiredTokenException", "Token must be redeemed");
    }

    @Test
    void webIdentityJwtsAreVerifiedAgainstTheIssuersKeysAudienceAndTrust() {
        try (FakeGithubOidc github = FakeGithubOidc.start(world.sts.clock())) {
            world.sts.addOpenIdConnectProvider(SamlWorld.ACCOUNT, github.issuer(), "sts.amazonaws.com");
            String role = "arn:aws:iam::111111111111:role/ci";
            world.sts.role(role).trustWebIdentity(github.issuer(), "repo:acme/*:ref:refs/heads/main").create();
            AssumeRoleWithWebIdentityResponse r = sts.assumeRoleWithWebIdentity(b -> b.roleArn(role).roleSessionName("ci-1")
                    .webIdentityToken(github.token("sts.amazonaws.com")));
            assertThat(r.subjectFromWebIdentityToken()).isEqualTo("repo:acme/infrastructure:ref:refs/heads/main");
            assertThat(r.assumedRoleUser().arn()).endsWith(":assumed-role/ci/ci-1");
            fails(() -> sts.assumeRoleWithWebIdentity(b -> b.roleArn(role).roleSessionName("ci-1")
                    .webIdentityToken(github.token("api://other"))), 400, "InvalidIdentityToken", "Incorrect token audience");
            github.job("acme/infrastructure", "refs/heads/feature");
            fails(() -> sts.assumeRoleWithWebIdentity(b -> b.roleArn(role).roleSessionName("ci-1")
                    .webIdentityToken(github.token("sts.amazonaws.com"))), 403, "AccessDenied", "AssumeRoleWithWebIdentity");
            github.job("acme/infrastructure", "refs/heads/main").signWithUnpublishedKey();
            fails(() -> sts.assumeRoleWithWebIdentity(b -> b.roleArn(role).roleSessionName("ci-1")
                    .webIdentityToken(github.token("sts.amazonaws.com"))), 400, "InvalidIdentityToken", "could not be validated");
        }
    }
}
