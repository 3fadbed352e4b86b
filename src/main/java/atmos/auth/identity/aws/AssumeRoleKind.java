package atmos.auth.identity.aws;

import atmos.auth.AuthContext;
import atmos.auth.FieldChecks;
import atmos.auth.Identity;
import atmos.auth.IdentityKind;
import atmos.config.AuthConfig;
import atmos.config.AuthValidator;
import atmos.config.ConfigNode;
import atmos.config.IdentityConfig;
import atmos.config.Problems;

/** {@code aws/assume-role}: STS AssumeRole from the previous step (or AssumeRoleWithSAML / WithWebIdentity). */
public final class AssumeRoleKind implements IdentityKind {

    @Override
    public String kind() {
        return "aws/assume-role";
    }

    @Override
    public void validate(IdentityConfig config, AuthConfig auth, Problems p) {
        ConfigNode principal = config.principal();
        if (!config.node().isMap("principal")) {
            p.error(config.node(), "principal", "principal is required", "add principal: {assume_role: arn:aws:iam::<account>:role/<name>}");
            return;
        }
        FieldChecks.required(principal, "assume_role", p, "set principal.assume_role to the ARN of the role to assume")
                .ifPresent(arn -> FieldChecks.matches(principal, "assume_role", arn, FieldChecks.ROLE_ARN, "an IAM role ARN", p,
                        "write it as arn:aws:iam::<12-digit account>:role/<role name>"));
        principal.string("session_name").ifPresent(name -> FieldChecks.matches(principal, "session_name", name,
                FieldChecks.SESSION_NAME, "a valid role session name", p, "use 2-64 characters of letters, digits and +=,.@_-"));
        AuthValidator.checkDuration(principal, "duration", AwsDurations.ROLE_MAX, p);
        AuthValidator.checkDuration(config.node().child("session"), "duration", AwsDurations.ROLE_MAX, p);
    }

    @Override
    public Identity create(IdentityConfig config, AuthContext context) {
        return new AssumeRoleIdentity(config);
    }
}
