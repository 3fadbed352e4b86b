package atmos.auth.provider.aws;

import atmos.auth.AuthContext;
import atmos.auth.FieldChecks;
import atmos.auth.Provider;
import atmos.auth.ProviderKind;
import atmos.config.AuthConfig;
import atmos.config.ConfigNode;
import atmos.config.Problems;
import atmos.config.ProviderConfig;

/** {@code aws/iam-identity-center}: AWS SSO login (device authorization or authorization code + PKCE). */
public final class IamIdentityCenterKind implements ProviderKind {

    @Override
    public String kind() {
        return "aws/iam-identity-center";
    }

    @Override
    public void validate(ProviderConfig config, AuthConfig auth, Problems p) {
        ConfigNode n = config.node();
        FieldChecks.required(n, "start_url", p, "set start_url to your AWS access portal URL, e.g. https://my-org.awsapps.com/start")
                .ifPresent(url -> {
                    if (!FieldChecks.isAbsoluteUrl(url)) {
                        p.error(n, "start_url", "start_url \"" + url + "\" is not an absolute URL", "write it as https://<your-portal>.awsapps.com/start");
                    }
                });
        FieldChecks.required(n, "region", p, "set region to the region of your IAM Identity Center instance, e.g. us-east-1");
        n.child("spec").string("auth_flow").ifPresent(flow -> {
            if (!java.util.Set.of("device-code", "device_code", "device", "authorization-code", "authorization_code", "pkce", "browser")
                    .contains(flow.toLowerCase(java.util.Locale.ROOT))) {
                p.error(n.child("spec"), "auth_flow", "unknown auth_flow \"" + flow + "\"", "use device-code (default) or authorization-code");
            }
        });
    }

    @Override
    public Provider create(ProviderConfig config, AuthContext context) {
        return new IamIdentityCenterProvider(config);
    }
}
