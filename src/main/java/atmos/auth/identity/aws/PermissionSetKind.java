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

/** {@code aws/permission-set}: role credentials for a permission set in an account, from an SSO session. */
public final class PermissionSetKind implements IdentityKind {

    @Override
    public String kind() {
        return "aws/permission-set";
    }

    @Override
    public void validate(IdentityConfig config, AuthConfig auth, Problems p) {
        ConfigNode principal = config.principal();
        if (!config.node().isMap("principal")) {
            p.error(config.node(), "principal", "principal is required", "add principal: {name: <permission set>, account: {name: <account>}}");
            return;
        }
        FieldChecks.required(principal, "name", p, principal.has("permission_set")
                ? "the permission set goes in principal.name (principal.permission_set is not a field); rename it"
                : "set principal.name to the permission set name, e.g. AdministratorAccess");
        if (!principal.isMap("account")) {
            p.error(principal.has("account") ? principal.source("account") : principal.source(), principal.path("account"),
                    "principal.account is required and must be a map with name or id",
                    "write account: {name: <account name>} or account: {id: \"123456789012\"}");
        } else {
            ConfigNode account = principal.child("account");
            var name = account.string("name");
            var id = account.string("id");
            if (name.isEmpty() && id.isEmpty()) {
                String env = account.envVar("id").or(() -> account.envVar("name")).orElse(null);
                p.error(account.source(), account.path(), env != null
                                ? "principal.account needs name or id, but environment variable " + env + " is not set"
                                : "principal.account needs name or id",
                        "write account: {name: <account name>} or account: {id: \"123456789012\"}");
            }
            id.ifPresent(v -> FieldChecks.matches(account, "id", v, FieldChecks.ACCOUNT_ID, "a 12-digit AWS account ID", p,
                    "quote the ID so leading zeros are kept: id: \"012345678901\""));
        }
        config.viaIdentity().ifPresent(v -> p.error(config.node().child("via"), "identity",
                "aws/permission-set identities get their session from an IAM Identity Center provider, not from identity \"" + v + "\"",
                "use via.provider with an aws/iam-identity-center provider"));
        config.viaProvider().flatMap(auth::provider).ifPresent(provider -> {
            if (!provider.kind().equals("aws/iam-identity-center") && !provider.kind().startsWith("mock")) {
                p.error(config.node().child("via"), "provider", "aws/permission-set needs an aws/iam-identity-center provider, but \""
                        + provider.name() + "\" is " + provider.kind(), "point via.provider at your IAM Identity Center provider");
            }
        });
        AuthValidator.checkDuration(config.node().child("session"), "duration", AwsDurations.ROLE_MAX, p);
    }

    @Override
    public Identity create(IdentityConfig config, AuthContext context) {
        return new PermissionSetIdentity(config);
    }
}
