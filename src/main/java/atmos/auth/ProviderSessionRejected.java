package atmos.auth;

/**
 * Thrown by an identity when the provider's session it was given was refused (an SSO access token
 * revoked or expired early): the engine drops the cached provider session, logs in again once and
 * retries the identity.
 */
public final class ProviderSessionRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProviderSessionRejected(String message) {
        super(message);
    }
}
