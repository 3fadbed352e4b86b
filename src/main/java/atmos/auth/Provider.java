package atmos.auth;

import atmos.config.ProviderConfig;
import atmos.credentials.Credentials;
import java.util.Optional;

/**
 * The root of a chain: obtains the first credentials from an identity provider (SSO, SAML, OIDC …).
 * Instances are built per command by their {@link ProviderKind} and hold no global state.
 */
public interface Provider {

    ProviderConfig config();

    /** Logs in; may prompt or open a browser when the context allows it. */
    Credentials authenticate(AuthContext context);

    /** Renews {@code current} without user interaction (refresh token), when the provider can. */
    default Optional<Credentials> refresh(AuthContext context, Credentials current) {
        return Optional.empty();
    }

    /** Ends the session at the provider (best effort) before the cache entry is removed. */
    default void logout(AuthContext context, Credentials current) {
    }

    /** How much of a chain rooted at a provider may be kept between runs. */
    enum Caching {
        /** The provider's session and everything derived from it (IAM Identity Center). */
        ALL,
        /** What the identities derive; the provider's own credential stays in memory (a SAML assertion). */
        DERIVED,
        /**
         * Nothing is read from or written to the keyring: every run asks the provider again (a CI job's
         * OIDC token, whose principal a later job on the same runner must not inherit). The AWS files
         * the tools read are still written.
         */
        NONE
    }

    /** Default {@link Caching#ALL}. */
    default Caching caching() {
        return Caching.ALL;
    }

    /**
     * Providers of the same group share one session: an IAM Identity Center portal (start_url and region)
     * configured under two names signs in once, as the Go Atmos's shared SSO session. Default: none.
     */
    default Optional<String> sessionGroup() {
        return Optional.empty();
    }

    /**
     * Runs after a fresh sign-in (not a cache hit), with the new session: IAM Identity Center's
     * {@code auto_provision_identities} discovers the permission sets here. Failures are the caller's
     * warning, never the login's end.
     */
    default void afterLogin(AuthContext context, Credentials session) {
    }

    /** The region the provider's calls go to, when it has one. */
    default Optional<String> region() {
        return config().region();
    }
}
