package atmos.auth.provider.aws.saml;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.config.ProviderConfig;
import atmos.system.Host;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Driver auto-selection as the seeds describe it: Browser where a browser can be shown, else by the URL's host. */
class DriverSelectionTest {
    @TempDir
    Path tmp;

    private ProviderConfig provider(String yaml) {
        TestHost h = new TestHost(tmp);
        h.write("atmos.yaml", "auth:\n  providers:\n    p: " + yaml + "\n");
        return new atmos.config.ConfigLoader(h.build(), null).load(atmos.config.ConfigLoader.Selection.NONE).auth().provider("p").orElseThrow();
    }

    private Host host(boolean chromium, boolean display) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve(chromium ? "bin-with" : "bin-without"));
        if (chromium) {
            Path c = bin.resolve("chromium");
            Files.writeString(c, "#!/bin/sh\n");
            Files.setPosixFilePermissions(c, PosixFilePermissions.fromString("rwx------"));
        }
        TestHost h = new TestHost(tmp).env("PATH", bin.toString());
        if (display) {
            h.env("DISPLAY", ":0");
        }
        return h.build();
    }

    @Test
    void anExplicitDriverAlwaysWinsAndProviderTypeIsItsOldName() throws Exception {
        assertThat(DriverSelection.choose(provider("{kind: aws/saml, driver: ADFS, url: 'https://x.okta.com/app'}"), host(true, true)))
                .isEqualTo("ADFS");
        assertThat(DriverSelection.choose(provider("{kind: aws/saml, provider_type: Okta, url: 'https://adfs.acme.com'}"), host(true, true)))
                .isEqualTo("Okta");
    }

    @Test
    void browserWhenAChromiumAndADisplayAreThereElseByTheHost() throws Exception {
        String okta = "{kind: aws/saml, url: 'https://acme.okta.com/home/amazon_aws/0oa/272'}";
        assertThat(DriverSelection.choose(provider(okta), host(true, true))).isEqualTo("Browser");
        assertThat(DriverSelection.choose(provider(okta), host(true, false))).isEqualTo("Okta");
        assertThat(DriverSelection.choose(provider(okta), host(false, true))).isEqualTo("Okta");
        assertThat(DriverSelection.choose(provider("{kind: aws/saml, url: 'https://accounts.google.com/o/saml2/initsso?idpid=x'}"),
                host(false, false))).isEqualTo("GoogleApps");
        assertThat(DriverSelection.choose(provider("{kind: aws/saml, url: 'https://adfs.acme.com'}"), host(false, false))).isEqualTo("ADFS");
        assertThat(DriverSelection.choose(provider("{kind: aws/saml, url: 'https://sso.acme.com/saml'}"), host(false, false))).isEqualTo("Browser");
    }

    @Test
    void rolesAreReadInEitherOrder() {
        assertThat(SamlResponses.role(" arn:aws:iam::1:saml-provider/p , arn:aws:iam::1:role/r ")).get()
                .extracting(atmos.credentials.SamlAssertion.Role::roleArn).isEqualTo("arn:aws:iam::1:role/r");
        assertThat(SamlResponses.role("nonsense")).isEmpty();
        assertThat(AdfsDriver.signOnUrl(java.net.URI.create("https://adfs.acme.com/")).toString())
                .isEqualTo("https://adfs.acme.com/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices");
        assertThat(BrowserDriver.matches("https://us-east-1.signin.aws.amazon.com/saml?x=1", java.util.List.of("https://signin.aws.amazon.com/saml")))
                .isTrue();
    }
}
