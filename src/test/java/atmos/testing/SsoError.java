package atmos.testing;

import java.util.Objects;

/**
 * An IAM Identity Center error as {@link FakeAwsSso} answers it, for injected failures.
 *
 * <p>{@code type} is the modelled exception name the AWS SDKs map the error to (it travels in the
 * {@code x-amzn-ErrorType} header). The SSO OIDC service answers with the OAuth body
 * {@code {"error": oauthError, "error_description": message}}; the SSO portal answers with
 * {@code {"message": message, "__type": "com.amazonaws.switchboard.portal#" + type}}. Which body
 * is sent depends on which of the fake's two servers answers, not on this value.
 */
public record SsoError(int status, String type, String oauthError, String message) {
    public SsoError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
    }

    // ------------------------------------------------------------------------------ SSO OIDC

    /** 400 AuthorizationPendingException {@code authorization_pending} (text seen from AWS). */
    public static SsoError authorizationPending() {
        return new SsoError(400, "AuthorizationPendingException", "authorization_pending",
                "Authorization is still pending");
    }

    /** 400 SlowDownException {@code slow_down}. */
    public static SsoError slowDown() {
        return new SsoError(400, "SlowDownException", "slow_down",
                "Client is polling too frequently");
    }

    /** 400 ExpiredTokenException {@code expired_token}. */
    public static SsoError expiredToken() {
        return new SsoError(400, "ExpiredTokenException", "expired_token", "Device code has expired");
    }

    /** 400 AccessDeniedException {@code access_denied}. */
    public static SsoError accessDenied() {
        return new SsoError(400, "AccessDeniedException", "access_denied",
                "The user denied the authorization request");
    }

    /** 401 InvalidClientException {@code invalid_client}. */
    public static SsoError invalidClient() {
        return new SsoError(401, "InvalidClientException", "invalid_client", "Invalid client provided");
    }

    /** 400 InvalidGrantException {@code invalid_grant} ("Invalid grant provided", as AWS says). */
    public static SsoError invalidGrant() {
        return new SsoError(400, "InvalidGrantException", "invalid_grant", "Invalid grant provided");
    }

    /** 400 InvalidGrantException for a refresh token (text seen from AWS). */
    public static SsoError invalidRefreshToken() {
        return new SsoError(400, "InvalidGrantException", "invalid_grant",
                "Invalid refresh token provided");
    }

    /** 500 InternalServerException {@code server_error}. */
    public static SsoError internalServer() {
        return new SsoError(500, "InternalServerException", "server_error",
                "An unexpected error occurred");
    }

    // ------------------------------------------------------------------------------ SSO portal

    /** 401 UnauthorizedException (text seen from AWS for a bad or expired access token). */
    public static SsoError unauthorized() {
        return new SsoError(401, "UnauthorizedException", null, "Session token not found or invalid");
    }

    /** 403 ForbiddenException "No access": AWS's answer for a role not assigned to the user. */
    public static SsoError forbidden() {
        return new SsoError(403, "ForbiddenException", null, "No access");
    }

    /** 404 ResourceNotFoundException. */
    public static SsoError resourceNotFound() {
        return new SsoError(404, "ResourceNotFoundException", null,
                "The specified resource doesn't exist.");
    }

    /** 429 TooManyRequestsException (the SDK retries it as throttling). */
    public static SsoError tooManyRequests() {
        return new SsoError(429, "TooManyRequestsException", null, "Rate exceeded");
    }

    /** 400 InvalidRequestException with {@code message}, in either service's body. */
    public static SsoError invalidRequest(String message) {
        return new SsoError(400, "InvalidRequestException", "invalid_request", message);
    }
}
