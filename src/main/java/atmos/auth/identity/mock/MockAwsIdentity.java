package atmos.auth.identity.mock;

import atmos.auth.AuthContext;
import atmos.auth.Chain;
import atmos.auth.identity.aws.AwsIdentity;
import atmos.auth.identity.aws.ConsoleFederation;
import atmos.config.IdentityConfig;
import atmos.credentials.AwsCredentials;
import atmos.credentials.Credentials;

/**
 * {@code mock/aws}: an AWS-shaped identity with fake session keys. Everything else is real: the
 * shared files are written, the environment points at them, the session is cached and expires — so the
 * whole flow can be tried with no AWS account.
 */
public final class MockAwsIdentity extends AwsIdentity {

    public MockAwsIdentity(IdentityConfig config) {
        super(config);
    }

    /** The fixed principal Atmos's mock kinds report. */
    @Override
    public java.util.Optional<Principal> principal(Credentials credentials) {
        return java.util.Optional.of(new Principal("arn:aws:iam::123456789012:user/mock-user", "123456789012"));
    }

    /**
     * Fake keys go to a sign-in endpoint only when one is configured ({@code AWS_ENDPOINT_URL_SIGNIN} or
     * {@code AWS_ENDPOINT_URL}: a mock of AWS). Otherwise they are never sent to AWS, which would refuse
     * them: the console page opens as it is, without signing in, and the link says so.
     */
    @Override
    protected ConsoleFederation consoleFederation(AuthContext context, Chain chain, java.util.function.Supplier<Credentials> session,
                                                  java.time.Duration requested) {
        if (atmos.cloud.aws.Endpoints.signinConfigured(context.host())) {
            return super.consoleFederation(context, chain, session, requested);
        }
        return ConsoleFederation.offline("mock/aws identity \"" + config.name() + "\" has fake keys, which AWS's sign-in would refuse:"
                + " opening the console page without signing in (set AWS_ENDPOINT_URL_SIGNIN to use a mock sign-in endpoint)");
    }

    @Override
    public Credentials authenticate(AuthContext context, Chain chain, Credentials base) {
        String region = config.principal().string("region").orElse(null);
        AwsCredentials fake = AwsCredentials.session("MOCK_KEY_" + config.key(), "MOCK_SECRET_" + config.key(),
                "MOCK_TOKEN_" + config.key(), region, MockIdentity.expiration(context, base));
        return fake.withRegion(region(context, chain, fake));
    }
}
