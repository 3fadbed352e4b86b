package atmos.auth;

import java.time.Duration;

/**
 * How interactive logins may run: whether a browser may be opened, which flow the IAM Identity
 * Center provider uses ({@code device-code}, the default, or {@code authorization-code} with PKCE),
 * and how long to wait for the user.
 */
public record LoginOptions(boolean noBrowser, String authFlow, Duration timeout) {
    public static final String DEVICE_CODE = "device-code";
    public static final String AUTHORIZATION_CODE = "authorization-code";

    public static LoginOptions defaults() {
        return new LoginOptions(false, null, Duration.ofMinutes(10));
    }
}
