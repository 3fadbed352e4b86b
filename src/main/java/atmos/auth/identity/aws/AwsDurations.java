package atmos.auth.identity.aws;

import java.time.Duration;

/** The session limits AWS enforces, which validation and login both apply. */
public final class AwsDurations {
    public static final Duration USER_MIN = Duration.ofMinutes(15);
    public static final Duration USER_MAX = Duration.ofHours(12);
    public static final Duration USER_MAX_MFA = Duration.ofHours(36);
    public static final Duration USER_DEFAULT = Duration.ofHours(12);
    public static final Duration ROLE_MIN = Duration.ofMinutes(15);
    public static final Duration ROLE_MAX = Duration.ofHours(12);
    public static final Duration ROLE_CHAINED_MAX = Duration.ofHours(1);
    public static final Duration ROOT_MAX = Duration.ofMinutes(15);
    public static final Duration CONSOLE_MAX = Duration.ofHours(12);

    private AwsDurations() {
    }
}
