package atmos.auth.provider.aws.saml;

import atmos.auth.AuthContext;
import atmos.config.ProviderConfig;
import java.net.URI;

/**
 * One way of signing in to a SAML identity provider and getting the SAMLResponse it would post to the
 * AWS sign-in endpoint: a real browser, or the IdP's own API or forms (Okta, ADFS, Google) without one.
 */
public interface SamlDriver {

    /** Browser, Okta, ADFS, GoogleApps (the names Atmos's {@code driver} field takes). */
    String name();

    /** Signs in and returns the base64 SAMLResponse, exactly as the IdP produced it. */
    String signIn(SignIn signIn);

    /** What a driver needs: the IdP URL, who signs in, and the command's context (prompts, progress, clock). */
    record SignIn(URI url, ProviderConfig provider, Login login, AuthContext context) {
    }

    /** The username and password, asked for only when a driver needs them. */
    interface Login {
        String username();

        String password();
    }

    /** The identity provider refused the username or password (so a remembered password is dropped). */
    final class PasswordRejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public PasswordRejected(String message) {
            super(message);
        }
    }
}
