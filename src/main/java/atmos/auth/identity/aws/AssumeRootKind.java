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
import java.util.List;

/** {@code aws/assume-root}: STS AssumeRoot, a short privileged session on a member account's root user. */
public final class AssumeRootKind implements IdentityKind {
    public static final String POLICY_PREFIX = "arn:aws:iam::aws:policy/root-task/";
    public static final List<String> TASK_POLICIES = List.of(
            "IAMAuditRootUserCredentials", "IAMCreateRootUserPassword", "IAMDeleteRootUserCredentials",
            "S3UnlockBucketPolicy", "SQSUnlockQueuePolicy");

    @Override
    public String kind() {
        return "aws/assume-root";
    }

    @Override
    public void validate(IdentityConfig config, AuthConfig auth, Problems p) {
        ConfigNode principal = config.principal();
        if (!config.node().isMap("principal")) {
            p.error(config.node(), "principal", "principal is required",
                    "add principal: {target_principal: \"123456789012\", task_policy_arn: " + POLICY_PREFIX + "IAMAuditRootUserCredentials}");
            return;
        }
        FieldChecks.required(principal, "target_principal", p, "set target_principal to the 12-digit member account ID")
                .ifPresent(v -> FieldChecks.matches(principal, "target_principal", v, FieldChecks.ACCOUNT_ID,
                        "a 12-digit AWS account ID", p, "quote the ID so leading zeros are kept: \"012345678901\""));
        String supported = String.join(", ", TASK_POLICIES.stream().map(t -> POLICY_PREFIX + t).toList());
        FieldChecks.required(principal, "task_policy_arn", p, "use one of " + supported).ifPresent(arn -> {
            if (!arn.startsWith(POLICY_PREFIX) || !TASK_POLICIES.contains(arn.substring(POLICY_PREFIX.length()))) {
                p.error(principal, "task_policy_arn", "\"" + arn + "\" is not a supported root task policy", "use one of " + supported);
            }
        });
        AuthValidator.checkDuration(principal, "duration", AwsDurations.ROOT_MAX, p);
        AuthValidator.checkDuration(config.node().child("session"), "duration", AwsDurations.ROOT_MAX, p);
    }

    @Override
    public Identity create(IdentityConfig config, AuthContext context) {
        return new AssumeRootIdentity(config);
    }
}
