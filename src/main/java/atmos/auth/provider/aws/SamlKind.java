package atmos.auth.provider.aws;

import atmos.auth.AuthContext;
import atmos.auth.FieldChecks;
import atmos.auth.Provider;
import atmos.auth.ProviderKind;
import atmos.config.AuthConfig;
import atmos.config.ConfigNode;
import atmos.config.Problems;
import atmos.config.ProviderConfig;

/** {@code aws/saml}: a SAML identity provider whose assertion is exchanged with STS AssumeRoleWithSAML. */
public final class SamlKind implements ProviderKind {
    private static final java.util.List<String> DRIVERS = atmos.auth.provider.aws.saml.DriverSelection.DRIVERS;

    @Override
    public String kind() {
        return "aws/saml";
    }

    @Override
    public void validate(ProviderConfig config, AuthConfig auth, Problems p) {
        ConfigNode n = config.node();
        FieldChecks.required(n, "url", p, "set url to the IdP's sign-in URL for the AWS application").ifPresent(url -> {
            if (!FieldChecks.isAbsoluteUrl(url)) {
                p.error(n, "url", "url \"" + url + "\" is not an absolute URL", "write the full https:// URL of the SAML application");
            }
        });
        FieldChecks.required(n, "region", p, "set region, e.g. us-east-1");
        n.string("idp_arn").ifPresentOrElse(
                arn -> FieldChecks.matches(n, "idp_arn", arn, FieldChecks.SAML_PROVIDER_ARN, "a SAML provider ARN", p,
                        "write it as arn:aws:iam::<account-id>:saml-provider/<name>"),
                () -> p.warning(n.source(), n.path("idp_arn"), "idp_arn is not set",
                        "set idp_arn to the IAM SAML provider ARN; without it the provider is taken from the SAML assertion"));
        String driver = n.string("driver").or(() -> n.string("provider_type")).orElse(null);
        if (driver != null && !DRIVERS.contains(driver)) {
            String key = n.has("driver") ? "driver" : "provider_type";
            p.error(n, key, "unknown SAML driver \"" + driver + "\"", "use one of Browser, GoogleApps, Okta, ADFS");
        }
        if (n.has("provider_type")) {
            p.warning(n, "provider_type", "provider_type is deprecated", "rename it to driver");
        }
    }

    @Override
    public Provider create(ProviderConfig config, AuthContext context) {
        return new SamlProvider(config);
    }
}
