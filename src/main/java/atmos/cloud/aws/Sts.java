package atmos.cloud.aws;

import atmos.credentials.AwsCredentials;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.AssumeRootResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.GetFederationTokenResponse;
import software.amazon.awssdk.services.sts.model.GetSessionTokenResponse;

/**
 * The STS calls this tool makes, through the AWS SDK for Java v2, with AWS errors turned into messages
 * that say what failed and what to do. Messages carry AWS's own text (which never contains secrets)
 * and never a key or token.
 */
public final class Sts {
    private final AwsClients clients;

    public Sts(AwsClients clients) {
        this.clients = clients;
    }

    /** Who the caller is. */
    public record CallerIdentity(String arn, String account, String userId) {
    }

    public AwsCredentials getSessionToken(AwsCredentials longLived, String region, int durationSeconds, String mfaSerial, String mfaCode) {
        return call(region, "GetSessionToken", longLived, sts -> {
            GetSessionTokenResponse r = sts.getSessionToken(b -> {
                b.durationSeconds(durationSeconds);
                if (mfaSerial != null) {
                    b.serialNumber(mfaSerial).tokenCode(mfaCode);
                }
            });
            return session(r.credentials(), region);
        });
    }

    /**
     * GetFederationToken: a federated-user session for an IAM user's long-lived keys, the kind of
     * temporary credentials the console sign-in accepts for a user. The session can do what both the
     * user's policies and {@code policy} allow (without a policy it could do nothing).
     */
    public AwsCredentials getFederationToken(AwsCredentials longLived, String region, String name, String policy, int durationSeconds) {
        return call(region, "GetFederationToken", longLived, sts -> {
            GetFederationTokenResponse r = sts.getFederationToken(b -> b.name(name).policy(policy).durationSeconds(durationSeconds));
            return session(r.credentials(), region);
        });
    }

    public AwsCredentials assumeRole(AwsCredentials base, String region, String roleArn, String sessionName,
                                     Integer durationSeconds, String externalId) {
        return call(region, "AssumeRole " + roleArn, base, sts -> {
            AssumeRoleResponse r = sts.assumeRole(b -> {
                b.roleArn(roleArn).roleSessionName(sessionName);
                if (durationSeconds != null) {
                    b.durationSeconds(durationSeconds);
                }
                if (externalId != null) {
                    b.externalId(externalId);
                }
            });
            return session(r.credentials(), region);
        });
    }

    public AwsCredentials assumeRoleWithWebIdentity(String token, String region, String roleArn, String sessionName, Integer durationSeconds) {
        return call(region, "AssumeRoleWithWebIdentity " + roleArn, null, sts -> {
            AssumeRoleWithWebIdentityResponse r = sts.assumeRoleWithWebIdentity(b -> {
                b.roleArn(roleArn).roleSessionName(sessionName).webIdentityToken(token);
                if (durationSeconds != null) {
                    b.durationSeconds(durationSeconds);
                }
            });
            return session(r.credentials(), region);
        });
    }

    /** AssumeRoleWithSAML: unsigned, the assertion is the credential. */
    public AwsCredentials assumeRoleWithSaml(String assertion, String region, String roleArn, String principalArn, Integer durationSeconds) {
        return call(region, "AssumeRoleWithSAML " + roleArn, null, sts -> {
            AssumeRoleWithSamlResponse r = sts.assumeRoleWithSAML(b -> {
                b.roleArn(roleArn).principalArn(principalArn).samlAssertion(assertion);
                if (durationSeconds != null) {
                    b.durationSeconds(durationSeconds);
                }
            });
            return session(r.credentials(), region);
        });
    }

    public AwsCredentials assumeRoot(AwsCredentials base, String region, String targetPrincipal, String taskPolicyArn, Integer durationSeconds) {
        return call(region, "AssumeRoot on " + targetPrincipal, base, sts -> {
            AssumeRootResponse r = sts.assumeRoot(b -> {
                b.targetPrincipal(targetPrincipal).taskPolicyArn(p -> p.arn(taskPolicyArn));
                if (durationSeconds != null) {
                    b.durationSeconds(durationSeconds);
                }
            });
            return session(r.credentials(), region);
        });
    }

    public CallerIdentity getCallerIdentity(AwsCredentials credentials, String region) {
        return call(region, "GetCallerIdentity", credentials, sts -> {
            GetCallerIdentityResponse r = sts.getCallerIdentity();
            return new CallerIdentity(r.arn(), r.account(), r.userId());
        });
    }

    /** The session with its expiration moved from STS's clock to the local one (see {@link atmos.system.ClockSkew}). */
    private AwsCredentials session(Credentials c, String region) {
        return AwsCredentials.session(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), region, clients.skew().toLocal(c.expiration()));
    }

    private <T> T call(String region, String what, AwsCredentials credentials, Function<StsClient, T> fn) {
        try (StsClient sts = credentials == null ? clients.anonymousSts(region) : clients.sts(credentials, region)) {
            return fn.apply(sts);
        } catch (AwsServiceException e) {
            throw fromAws(what, e);
        } catch (SdkClientException e) {
            throw new AtmosException(ExitCode.AUTH, "cannot reach AWS STS (" + clients.stsEndpointDescription(region) + ") for " + what
                    + ": " + firstLine(e.getMessage()), "check your network connection, proxy settings and AWS_ENDPOINT_URL_STS", e);
        }
    }

    /** An AWS error as the user should see it; {@link AwsError#code()} lets callers react to specific codes. */
    public static final class AwsError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;
        private final int status;

        AwsError(String code, int status, String message) {
            super(message);
            this.code = code;
            this.status = status;
        }

        public String code() {
            return code;
        }

        public int status() {
            return status;
        }
    }

    private static RuntimeException fromAws(String what, AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? "Unknown" : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return new AwsError(code, e.statusCode(), what + " failed: " + code + ": " + firstLine(message));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
