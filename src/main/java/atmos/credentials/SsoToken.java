package atmos.credentials;

import java.time.Instant;
import java.util.Optional;

/**
 * An AWS IAM Identity Center session: the access token, the refresh token and the client registration
 * that can renew it without a browser.
 */
public record SsoToken(String accessToken, String refreshToken, String region, String startUrl, Instant expirationTime,
                       String clientId, String clientSecret, Instant registrationExpiresAt) implements Credentials {

    @Override
    public String type() {
        return "sso";
    }

    @Override
    public Optional<Instant> expiration() {
        return Optional.ofNullable(expirationTime);
    }

    @Override
    public String toString() {
        return "SsoToken[region=" + region + ", startUrl=" + startUrl + ", expiration=" + expirationTime
                + ", refreshable=" + (refreshToken != null) + "]";
    }
}
