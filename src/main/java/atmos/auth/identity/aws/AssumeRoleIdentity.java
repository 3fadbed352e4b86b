package atmos.auth.identity.aws;

import atmos.auth.AuthContext;
import atmos.auth.Chain;
import atmos.cloud.aws.Sts;
import atmos.config.IdentityConfig;
import atmos.credentials.AwsCredentials;
import atmos.credentials.Credentials;
import atmos.credentials.MockCredentials;
import atmos.credentials.OidcToken;
import atmos.credentials.SamlAssertion;
import atmos.error.AtmosException;
import atmos.text.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
            if (base instanceof SamlAssertion saml) {
                return withSaml(context, chain, saml, roleArn);
            }
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

    /**
     * AssumeRoleWithSAML for this identity's role, which must be one the assertion grants; the IAM SAML
     * provider is the one the assertion pairs with the role (the provider's {@code idp_arn} when several
     * do). The session lasts {@code principal.duration}, else the provider's {@code session.duration},
     * else 1h, within STS's 15m–12h.
     */
    private Credentials withSaml(AuthContext context, Chain chain, SamlAssertion saml, String roleArn) {
        String want = roleArn.toLowerCase(Locale.ROOT);
        List<SamlAssertion.Role> matching = saml.roles().stream().filter(r -> r.roleArn().toLowerCase(Locale.ROOT).equals(want)).toList();
        if (matching.isEmpty()) {
            List<String> granted = saml.roles().stream().map(SamlAssertion.Role::roleArn).distinct().toList();
            throw AtmosException.auth("role " + roleArn + " (identity \"" + config.name() + "\") is not in the SAML assertion from "
                            + saml.provider() + "; it grants " + (granted.isEmpty() ? "no AWS role" : String.join(", ", granted)),
                    granted.isEmpty() ? "ask your IdP administrator to assign you an AWS role in the SAML application"
                            : "set principal.assume_role to one of the roles above, or ask your IdP administrator for this one");
        }
        Optional<String> idpArn = chain.provider() == null ? Optional.empty() : chain.provider().node().string("idp_arn");
        String principalArn = idpArn.flatMap(arn -> matching.stream().map(SamlAssertion.Role::principalArn)
                .filter(p -> p.equalsIgnoreCase(arn)).findFirst()).orElse(matching.get(0).principalArn());
        Duration requested = requestedDuration()
                .or(() -> chain.provider() == null ? Optional.empty() : chain.provider().sessionDuration().map(Durations::parse))
                .orElse(SAML_DEFAULT);
        Duration clamped = requested.compareTo(AwsDurations.ROLE_MIN) < 0 ? AwsDurations.ROLE_MIN
                : requested.compareTo(AwsDurations.ROLE_MAX) > 0 ? AwsDurations.ROLE_MAX : requested;
        String region = region(context, chain, null);
        try {
            return context.sts().assumeRoleWithSaml(saml.encoded(), region, matching.get(0).roleArn(), principalArn, (int) clamped.toSeconds());
        } catch (Sts.AwsError e) {
            throw AtmosException.auth("cannot assume role " + roleArn + " with the SAML assertion from " + saml.provider()
                    + " (step " + chain.display() + "): " + e.getMessage(), hint(e.code()));
        }
    }

    private static final Duration SAML_DEFAULT = Duration.ofHours(1);

    private static String hint(String code) {
        return switch (code) {
            case "InvalidIdentityToken" -> "the identity provider's token or assertion was not accepted: check the audience"
                    + " (spec.audience / the SAML application's audience) and that the IAM identity provider exists in the role's account";
            case "ExpiredTokenException" -> "the token or assertion expired before it reached STS; run 'atmos auth login --force' again"
                    + " (and check this machine's clock)";
            case "IDPRejectedClaim" -> "the identity provider rejected the claim; check the role's trust conditions";
            case "AccessDenied" -> "check the role's trust policy allows the previous step in the chain (an identity, the SAML provider,"
                    + " or the OIDC token's repository and branch)";
            case "ExpiredToken" -> "the previous step's session expired; run 'atmos auth login --force' for this identity";
            case "ValidationError" -> "check the role session name and duration (chained role sessions are limited to 1h)";
            default -> "run again with --verbose for details";
        };
    }

    /**
     * A role assumed from another role's session (role chaining) cannot ask the console sign-in for a
     * session length: AWS refuses the sign-in when it does. Assumed from an IAM user, a SAML assertion
     * or a web identity token, it can.
     */
    @Override
    protected ConsoleFederation consoleFederation(AuthContext context, Chain chain, java.util.function.Supplier<Credentials> session,
                                                  Duration requested) {
        AwsCredentials c = consoleSession(session);
        if (chained(chain)) {
            return ConsoleFederation.bounded(c, "AWS does not let a role assumed from another role's session (role chaining)"
                    + " choose its console session length");
        }
        return ConsoleFederation.role(c, requested);
    }

    /** True when the step before is a role session (not an IAM user's, not a SAML or OIDC provider). */
    private boolean chained(Chain chain) {
        return previous(chain).map(p -> !p.kind().equals("aws/user")).orElse(false);
    }

    /** Chained role sessions are limited to 1h by AWS; so is everything below 15m or above 12h. */
    private Duration clamp(AuthContext context, Chain chain, Credentials base, Duration requested) {
        boolean chained = base instanceof AwsCredentials && chained(chain);
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
