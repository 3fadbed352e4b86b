package atmos.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.config.Realm;
import atmos.credentials.AwsCredentials;
import atmos.credentials.AzureCredentials;
import atmos.credentials.CredentialCodec;
import atmos.credentials.Credentials;
import atmos.credentials.MockCredentials;
import atmos.credentials.OidcToken;
import atmos.credentials.PasswordCredentials;
import atmos.credentials.SamlAssertion;
import atmos.credentials.SsoToken;
import atmos.keyring.MemoryKeyring;
import atmos.log.Log;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Pins the stored format byte for byte: keyring keys and the JSON envelope are shared with the Go
 * Atmos and with earlier versions of this tool, so a refactor must never change them silently.
 */
class StorageContractTest {
    private static final Instant EXP = Instant.parse("2026-11-23T11:00:00Z");

    @Test
    void keysAreAtmosRealmAliasOrAtmosAliasWithoutARealm() {
        MemoryKeyring k = new MemoryKeyring();
        assertThat(new CredentialStore(k, new Realm("r", "config"), Log.silent()).key("a_b")).isEqualTo("atmos_r_a_b");
        assertThat(new CredentialStore(k, new Realm("2b544409fb16b130", "config-path"), Log.silent()).key("plat-dev/terraform"))
                .isEqualTo("atmos_2b544409fb16b130_plat-dev/terraform");
        assertThat(new CredentialStore(k, new Realm("", "auto"), Log.silent()).key("admin")).isEqualTo("atmos_admin");
    }

    @Test
    void awsSessionEnvelope() {
        assertThat(CredentialCodec.encode(AwsCredentials.session("ASIAEXAMPLE", "s3cr3t", "t0k3n", "us-east-1", EXP)))
                .isEqualTo("{\"type\":\"aws\",\"data\":{\"access_key_id\":\"ASIAEXAMPLE\",\"secret_access_key\":\"s3cr3t\","
                        + "\"session_token\":\"t0k3n\",\"region\":\"us-east-1\",\"expiration\":\"2026-11-23T11:00:00Z\"}}");
    }

    @Test
    void longLivedUserKeysEnvelopeAsWrittenByUserConfigure() {
        assertThat(CredentialCodec.encode(AwsCredentials.longLived("AKIAEXAMPLE", "s3cr3t", "arn:aws:iam::123456789012:mfa/me", "12h")))
                .isEqualTo("{\"type\":\"aws\",\"data\":{\"access_key_id\":\"AKIAEXAMPLE\",\"secret_access_key\":\"s3cr3t\","
                        + "\"mfa_arn\":\"arn:aws:iam::123456789012:mfa/me\",\"session_duration\":\"12h\"}}");
    }

    @Test
    void mockEnvelopeUsesAtmosGoFieldNames() {
        assertThat(CredentialCodec.encode(new MockCredentials("k", "s", "t", "us-east-1", Instant.parse("2099-12-31T23:59:59Z"))))
                .isEqualTo("{\"type\":\"mock\",\"data\":{\"AccessKeyID\":\"k\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\","
                        + "\"Region\":\"us-east-1\",\"Expiration\":\"2099-12-31T23:59:59Z\"}}");
    }

    @Test
    void ssoSessionIsStoredAsAtmosStoresItWithRefreshFieldsAtmosIgnores() {
        String json = CredentialCodec.encode(new SsoToken("access", "refresh", "us-east-1", "https://x.awsapps.com/start", EXP,
                "client", "client-secret", Instant.parse("2027-02-21T10:00:00Z")));
        assertThat(json).isEqualTo("{\"type\":\"aws\",\"data\":{\"access_key_id\":\"access\",\"region\":\"us-east-1\","
                + "\"expiration\":\"2026-11-23T11:00:00Z\",\"start_url\":\"https://x.awsapps.com/start\",\"refresh_token\":\"refresh\","
                + "\"client_id\":\"client\",\"client_secret\":\"client-secret\",\"registration_expires_at\":\"2027-02-21T10:00:00Z\"}}");
        assertThat(CredentialCodec.decode(json)).get().isInstanceOf(SsoToken.class);
    }

    @Test
    void readsWhatTheGoAtmosWritesIncludingLocalTimeOffsets() {
        Credentials c = CredentialCodec.decode("{\"type\":\"aws\",\"data\":{\"access_key_id\":\"ASIA1\",\"secret_access_key\":\"s\","
                + "\"session_token\":\"t\",\"region\":\"us-west-2\",\"expiration\":\"2025-10-24T16:42:49-07:00\"}}").orElseThrow();
        assertThat(c).isInstanceOf(AwsCredentials.class);
        assertThat(c.expiration()).contains(Instant.parse("2025-10-24T23:42:49Z"));
        assertThat(((AwsCredentials) c).region()).isEqualTo("us-west-2");
    }

    @Test
    void oidcTokenEnvelopeAsAtmosWritesIt() {
        assertThat(CredentialCodec.encode(new OidcToken("eyJ.a.b", "github", "sts.amazonaws.com", EXP)))
                .isEqualTo("{\"type\":\"oidc\",\"data\":{\"token\":\"eyJ.a.b\",\"provider\":\"github\","
                        + "\"audience\":\"sts.amazonaws.com\",\"expiration\":\"2026-11-23T11:00:00Z\"}}");
    }

    @Test
    void aSamlAssertionCanNeverBeStored() {
        SamlAssertion a = new SamlAssertion("okta", "PHNhbWxwOlJlc3BvbnNl", java.util.List.of(
                new SamlAssertion.Role("arn:aws:iam::123456789012:role/admin", "arn:aws:iam::123456789012:saml-provider/okta")), EXP);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CredentialCodec.encode(a))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a SAML assertion is never stored");
        assertThat(a.toString()).doesNotContain("PHNhbWxwOlJlc3BvbnNl");
        assertThat(CredentialCodec.decode("{\"type\":\"saml\",\"data\":{\"assertion\":\"x\"}}")).isEmpty();
    }

    @Test
    void aRememberedIdpPasswordIsAPasswordEnvelopeUnderTheProviderKey() {
        assertThat(CredentialCodec.encode(new PasswordCredentials("alice@acme.test", "pw")))
                .isEqualTo("{\"type\":\"password\",\"data\":{\"username\":\"alice@acme.test\",\"password\":\"pw\"}}");
        assertThat(CredentialCodec.decode("{\"type\":\"password\",\"data\":{\"username\":\"u\",\"password\":\"p\"}}"))
                .contains(new PasswordCredentials("u", "p"));
        assertThat(new PasswordCredentials("u", "secret-pw").toString()).doesNotContain("secret-pw");
    }

    @Test
    void azureEnvelopeUsesTheGoAtmosAzureCredentialsFieldNamesAndNeverTheFederatedToken() {
        AzureCredentials provider = new AzureCredentials("eyJ.arm", "Bearer", EXP, "tenant-guid", null, "westeurope", "eyJ.graph", EXP,
                null, null, "04b07795-8ddb-461a-bbee-02f9e1bf7b46", false, null, "public", "device_code", "oid.tenant-guid",
                "alice@contoso.test", null, null, "{\"RefreshToken\":{}}");
        String json = CredentialCodec.encode(provider);
        assertThat(json).isEqualTo("{\"type\":\"azure\",\"data\":{\"access_token\":\"eyJ.arm\",\"token_type\":\"Bearer\","
                + "\"expiration\":\"2026-11-23T11:00:00Z\",\"tenant_id\":\"tenant-guid\",\"location\":\"westeurope\","
                + "\"graph_api_token\":\"eyJ.graph\",\"graph_api_expiration\":\"2026-11-23T11:00:00Z\","
                + "\"client_id\":\"04b07795-8ddb-461a-bbee-02f9e1bf7b46\",\"cloud_environment\":\"public\",\"auth_method\":\"device_code\","
                + "\"home_account_id\":\"oid.tenant-guid\",\"username\":\"alice@contoso.test\",\"msal_cache\":\"{\\\"RefreshToken\\\":{}}\"}}");
        assertThat(CredentialCodec.decode(json)).contains(provider);

        AzureCredentials sp = new AzureCredentials("eyJ.arm", "Bearer", EXP, "t", "sub-guid", null, null, null, null, null, "app-id", true,
                "/var/run/token", "usgovernment", "oidc", null, null, "dev", "eyJ.the-federated-token", null);
        String spJson = CredentialCodec.encode(sp);
        assertThat(spJson).contains("\"subscription_id\":\"sub-guid\"").contains("\"is_service_principal\":true")
                .contains("\"token_file_path\":\"/var/run/token\"").contains("\"subscription_name\":\"dev\"")
                .doesNotContain("the-federated-token");
        assertThat(sp.toString()).doesNotContain("eyJ");
        // What the Go Atmos writes (credentials.json's AzureCredentials) reads back.
        Credentials go = CredentialCodec.decode("{\"type\":\"azure\",\"data\":{\"access_token\":\"a\",\"token_type\":\"Bearer\","
                + "\"expiration\":\"2025-10-24T16:42:49-07:00\",\"tenant_id\":\"t\",\"subscription_id\":\"s\","
                + "\"is_service_principal\":true,\"client_id\":\"c\"}}").orElseThrow();
        assertThat(go).isInstanceOfSatisfying(AzureCredentials.class, a -> {
            assertThat(a.servicePrincipal()).isTrue();
            assertThat(a.expirationTime()).isEqualTo(Instant.parse("2025-10-24T23:42:49Z"));
        });
    }

    @Test
    void typesThisToolDoesNotUseAreLeftAloneNotErrors() {
        assertThat(CredentialCodec.decode("{\"type\":\"gcp\",\"data\":{\"access_token\":\"x\"}}")).isEmpty();
    }

    @Test
    void awsUserSessionsAreCachedApartFromTheLongLivedKeys() {
        atmos.config.IdentityConfig ic = new atmos.config.IdentityConfig("superadmin", "aws/user", atmos.config.ConfigNode.empty("auth.identities.superadmin"));
        assertThat(new atmos.auth.identity.aws.UserIdentity(ic).cacheAlias()).isEqualTo("superadmin#session");
    }
}
