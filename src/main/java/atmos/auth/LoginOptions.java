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

    /**
     * The flow a user named ({@code --auth-flow}, {@code spec.auth_flow}), normalised; null stays null.
     *
     * @throws atmos.error.AtmosException (usage) naming the accepted values
     */
    public static String flow(String given) {
        if (given == null) {
            return null;
        }
        return switch (given.strip().toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
            case "authorization-code", "pkce", "browser" -> AUTHORIZATION_CODE;
            case "device-code", "device" -> DEVICE_CODE;
            default -> throw atmos.error.AtmosException.usage("unknown auth flow \"" + given + "\"", "use device-code or authorization-code");
        };
    }

    public static LoginOptions defaults() {
        return new LoginOptions(false, null, Duration.ofMinutes(10));
    }
}
