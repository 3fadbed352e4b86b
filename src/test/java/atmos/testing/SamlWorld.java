package atmos.testing;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * A SAML organisation for tests: FakeSts with the IAM SAML provider {@code acme-idp} in account
 * 111111111111 trusting a FakeSamlIdp, the roles acme-admin and acme-readonly that trust it, and users:
 * alice (password only, both roles), bob (TOTP), carol (push approved), dave (push denied), erin (only
 * acme-readonly).
 */
public final class SamlWorld implements AutoCloseable {
    public static final String ACCOUNT = "111111111111";
    public static final String ADMIN = "arn:aws:iam::111111111111:role/acme-admin";
    public static final String READONLY = "arn:aws:iam::111111111111:role/acme-readonly";
    public static final String PASSWORD = "correct horse battery staple";

    public final FakeSts sts;
    public final FakeSamlIdp idp;
    public final String providerArn;
    public final String bobSecret = Totp.newBase32Secret(new SecureRandom());

    private SamlWorld() {
        sts = FakeSts.start();
        idp = FakeSamlIdp.start(sts.clock());
        providerArn = sts.addSamlProvider(ACCOUNT, "acme-idp", idp.signingKey());
        sts.role(ADMIN).trustSaml(providerArn).maxSessionDuration(Duration.ofHours(4)).create();
        sts.role(READONLY).trustSaml(providerArn).create();
        String admin = FakeSamlIdp.role(ADMIN, providerArn);
        String readonly = FakeSamlIdp.role(READONLY, providerArn);
        idp.addUser("alice@acme.test", PASSWORD, admin, readonly);
        idp.addUserWithTotp("bob@acme.test", PASSWORD, bobSecret, admin);
        idp.addUserWithPush("carol@acme.test", PASSWORD, FakeSamlIdp.Push.APPROVE, admin);
        idp.addUserWithPush("dave@acme.test", PASSWORD, FakeSamlIdp.Push.REJECT, admin);
        idp.addUser("erin@acme.test", PASSWORD, readonly);
    }

    public static SamlWorld start() {
        return new SamlWorld();
    }

    /** atmos.yaml with one provider per driver (no username: it is asked) and identities for both roles. */
    public String atmosYaml(String extraProviderFields) {
        String extra = extraProviderFields == null ? "" : ", " + extraProviderFields;
        return """
            auth:
              realm: saml
              providers:
                acme-okta: {kind: aws/saml, driver: Okta, url: "%s", region: us-east-1, idp_arn: "%s"%s}
                acme-adfs: {kind: aws/saml, driver: ADFS, url: "%s", region: us-east-1%s}
                acme-google: {kind: aws/saml, driver: GoogleApps, url: "%s", region: us-east-1%s}
              identities:
                okta-admin: {kind: aws/assume-role, via: {provider: acme-okta}, principal: {assume_role: "%s"}}
                okta-readonly: {kind: aws/assume-role, via: {provider: acme-okta}, principal: {assume_role: "%s"}}
                adfs-admin: {kind: aws/assume-role, via: {provider: acme-adfs}, principal: {assume_role: "%s"}}
                google-admin: {kind: aws/assume-role, via: {provider: acme-google}, principal: {assume_role: "%s", duration: 2h}}
            """.formatted(idp.oktaAppUrl(), providerArn, extra, idp.adfsUrl(), extra, idp.googleUrl(), extra,
                ADMIN, READONLY, ADMIN, ADMIN);
    }

    @Override
    public void close() {
        idp.close();
        sts.close();
    }
}
