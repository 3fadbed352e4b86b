package atmos.auth.identity.aws;

import atmos.auth.AuthContext;
import atmos.auth.AwsCredentials;
import atmos.auth.Chain;
import atmos.auth.Credentials;
import atmos.auth.MockCredentials;
import atmos.auth.OidcToken;
import atmos.cloud.aws.Sts;
import atmos.config.Durations;
import atmos.config.IdentityConfig;
import atmos.error.AtmosException;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code aws/assume-role}: STS AssumeRole with the previous step's credentials (AssumeRoleWithWebIdentity
 * when the step before is an OIDC provider). Role chaining — assuming a role from a role session —
 * is capped by AWS at one hour; a longer request is clamped with a warning instead of failing.
 */
public final class AssumeRoleIdentity extends AwsIdentity {

    public AssumeRoleIdentity(IdentityConfig config) {
        super(config);
    }

    @Override
    public Credentials authenticate(AuthContext context, Chain chain, Credentials base) {
        String roleArn = config.principal().string("assume_role").orElseThrow(() -> AtmosException.config(
                "identity \"" + config.name() + "\" has no principal.assume_role", "set principal.assume_role to the role ARN"));
        String sessionName = config.principal().string("session_name").orElseGet(() -> defaultSessionName(config.key(), context));
        Integer seconds = requestedDuration().map(d -> (int) clamp(context, chain, base, d).toSeconds()).orElse(null);
        String externalId = config.principal().string("external_id").orElse(null);
        try {
            if (base instanceof OidcToken oidc) {
                String region = config.principal().string("region").or(() -> chain.provider() == null ? Optional.empty() : chain.provider().region())
                        .orElse("us-east-1");
                return context.sts().assumeRoleWithWebIdentity(oidc.token(), region, roleArn, sessionName, seconds);
            }
            if (base instanceof AwsCredentials aws) {
                String region = region(context, chain, aws);
                return context.sts().assumeRole(aws, region, roleArn, sessionName, seconds, externalId);
            }
        } catch (Sts.AwsError e) {
            throw AtmosException.auth("cannot assume role " + roleArn + " as \"" + config.name() + "\" (step " + chain.display() + "): "
                    + e.getMessage(), hint(e.code()));
        }
        String what = base instanceof MockCredentials ? "mock credentials" : base == null ? "nothing" : base.type() + " credentials";
        throw AtmosException.config("identity \"" + config.name() + "\" (aws/assume-role) cannot assume a role from " + what,
                "chain it from an AWS identity or provider (via.identity / via.provider)");
    }

    private static String hint(String code) {
        return switch (code) {
            case "AccessDenied" -> "check the role's trust policy allows the previous identity in the chain, and that it may call sts:AssumeRole";
            case "ExpiredToken" -> "the previous step's session expired; run 'atmos auth login --force' for this identity";
            case "ValidationError" -> "check the role session name and duration (chained role sessions are limited to 1h)";
            default -> "run again with --verbose for details";
        };
    }

    /** Chained role sessions are limited to 1h by AWS; so is everything below 15m or above 12h. */
    private Duration clamp(AuthContext context, Chain chain, Credentials base, Duration requested) {
        boolean chained = base instanceof AwsCredentials && previous(chain).map(p -> !p.kind().equals("aws/user")).orElse(false);
        Duration max = chained ? AwsDurations.ROLE_CHAINED_MAX : AwsDurations.ROLE_MAX;
        if (requested.compareTo(max) > 0) {
            context.notice().accept("warning: " + config.name() + ": session duration " + Durations.human(requested) + " exceeds "
                    + (chained ? "the 1h AWS allows for chained role sessions" : "the 12h role maximum") + "; using " + Durations.human(max));
            return max;
        }
        if (requested.compareTo(AwsDurations.ROLE_MIN) < 0) {
            context.notice().accept("warning: " + config.name() + ": session duration " + Durations.human(requested) + " is below 15m; using 15m");
            return AwsDurations.ROLE_MIN;
        }
        return requested;
    }

    /**
     * {@code atmos-<identity>-<unix seconds>}, as Atmos names sessions, made valid for STS: characters
     * outside {@code [\w+=,.@-]} become '-', at most 64 characters.
     */
    static String defaultSessionName(String identity, AuthContext context) {
        String raw = "atmos-" + identity + "-" + context.now().getEpochSecond();
        String clean = raw.replaceAll("[^A-Za-z0-9_+=,.@-]", "-");
        if (clean.length() > 64) {
            clean = clean.substring(0, 64);
        }
        clean = clean.replaceAll("-+$", "");
        return clean.length() < 2 ? "atmos-session" : clean;
    }
}
