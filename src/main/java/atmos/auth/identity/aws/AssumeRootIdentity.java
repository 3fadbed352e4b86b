package atmos.auth.identity.aws;

import atmos.auth.AuthContext;
import atmos.auth.Chain;
import atmos.cloud.aws.Sts;
import atmos.config.IdentityConfig;
import atmos.credentials.AwsCredentials;
import atmos.credentials.Credentials;
import atmos.error.AtmosException;
import atmos.text.Durations;
import java.time.Duration;

/**
 * {@code aws/assume-root}: STS AssumeRoot — a privileged session (15 minutes at most) on a member
 * account's root user, limited to one AWS-managed root task policy.
 */
public final class AssumeRootIdentity extends AwsIdentity {

    public AssumeRootIdentity(IdentityConfig config) {
        super(config);
    }

    /** A root session's console sign-in cannot ask for a session length; it lasts at most the session's 15 minutes. */
    @Override
    protected ConsoleFederation consoleFederation(AuthContext context, Chain chain, java.util.function.Supplier<Credentials> session,
                                                  Duration requested) {
        return ConsoleFederation.bounded(consoleSession(session),
                "a root session (AssumeRoot) lasts at most 15 minutes");
    }

    @Override
    public Credentials authenticate(AuthContext context, Chain chain, Credentials base) {
        if (!(base instanceof AwsCredentials aws)) {
            throw AtmosException.config("identity \"" + config.name() + "\" (aws/assume-root) must chain from an AWS identity",
                    "set via.identity to an identity that yields AWS credentials (e.g. a RootAccess permission set)");
        }
        String target = config.principal().string("target_principal").orElseThrow(() -> AtmosException.config(
                "identity \"" + config.name() + "\" has no principal.target_principal", "set it to the 12-digit member account ID"));
        String policy = config.principal().string("task_policy_arn").orElseThrow(() -> AtmosException.config(
                "identity \"" + config.name() + "\" has no principal.task_policy_arn", "set it to one of the root task policies"));
        Duration d = requestedDuration().orElse(AwsDurations.ROOT_MAX);
        if (d.compareTo(AwsDurations.ROOT_MAX) > 0) {
            context.notice().accept("warning: " + config.name() + ": AssumeRoot sessions last at most 15m; using 15m instead of " + Durations.human(d));
            d = AwsDurations.ROOT_MAX;
        }
        try {
            return context.sts().assumeRoot(aws, region(context, chain, aws), target, policy, (int) d.toSeconds());
        } catch (Sts.AwsError e) {
            throw AtmosException.auth("AssumeRoot on account " + target + " as \"" + config.name() + "\" failed: " + e.getMessage(),
                    "AssumeRoot needs centralized root access enabled in AWS Organizations and sts:AssumeRoot for the previous identity");
        }
    }
}
