package atmos.auth.identity.aws;

import atmos.credentials.AwsCredentials;
import java.time.Duration;

/**
 * The credentials an AWS identity signs in to the console with, and what AWS lets that sign-in ask
 * for (see {@link AwsIdentity#consoleFederation}).
 *
 * @param credentials     temporary credentials (null when {@code offline})
 * @param sessionDuration the {@code SessionDuration} to send, or null to leave it out
 * @param applied         true when the console session will last the requested duration
 * @param limit           when not applied: why, for the user
 * @param offline         non-null: no sign-in at all, the console page opens as it is, for this reason
 */
public record ConsoleFederation(AwsCredentials credentials, Duration sessionDuration, boolean applied, String limit, String offline) {

    /** Role credentials from an AssumeRole* call (or IAM Identity Center): the sign-in asks for {@code requested}. */
    public static ConsoleFederation role(AwsCredentials c, Duration requested) {
        return new ConsoleFederation(c, requested, true, null, null);
    }

    /** Credentials whose own lifetime is the console session asked for (GetFederationToken for that duration). */
    public static ConsoleFederation lastingAsRequested(AwsCredentials c) {
        return new ConsoleFederation(c, null, true, null, null);
    }

    /** Credentials whose sign-in cannot ask for a session length: the console ends when they expire. */
    public static ConsoleFederation bounded(AwsCredentials c, String why) {
        return new ConsoleFederation(c, null, false, why, null);
    }

    /** No sign-in: the console page opens without one, for {@code reason}. */
    public static ConsoleFederation offline(String reason) {
        return new ConsoleFederation(null, null, false, null, reason);
    }
}
