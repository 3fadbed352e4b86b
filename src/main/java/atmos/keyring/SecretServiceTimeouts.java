package atmos.keyring;

import atmos.log.Log;
import java.time.Duration;
import java.util.Map;

/**
 * How long the Secret Service keyring waits. Only a bus or service that accepts a request and then
 * never answers waits for these; a missing bus (connection refused) or a missing service
 * (NameHasOwner is false) fails at once.
 *
 * @param bus        connecting to the bus (socket, SASL, Hello). It also covers loading dbus-java's classes
 *                   in a cold JVM, which takes 0.2-0.6 s on a busy machine, hence more than the probes
 * @param probe      each call made by {@link SecretServiceKeyring#connect} once the bus answers
 * @param activation the first call when the service is D-Bus activatable but not running yet (it starts)
 * @param call       each call of a keyring operation
 */
record SecretServiceTimeouts(Duration bus, Duration probe, Duration activation, Duration call) {
    static final SecretServiceTimeouts DEFAULT = new SecretServiceTimeouts(Duration.ofSeconds(2), Duration.ofMillis(1000),
            Duration.ofSeconds(3), Duration.ofSeconds(5));

    /**
     * The defaults, each raised to at least {@code ATMOS_KEYRING_TIMEOUT} when that is set (a Go duration
     * such as {@code 20s}): a slow or heavily loaded machine should wait longer rather than fall back
     * to another keyring. A value that does not parse is ignored with a warning rather than failing,
     * because the keyring is looked up before any command could report it.
     */
    static SecretServiceTimeouts fromEnv(Map<String, String> env, Log log) {
        String raw = env.get("ATMOS_KEYRING_TIMEOUT");
        if (raw == null || raw.isBlank()) {
            return DEFAULT;
        }
        Duration floor;
        try {
            floor = atmos.text.Durations.parse(raw.strip());
        } catch (RuntimeException e) {
            log.warn("ATMOS_KEYRING_TIMEOUT=" + raw.strip() + " is not a duration (e.g. 20s); using the defaults");
            return DEFAULT;
        }
        return new SecretServiceTimeouts(max(DEFAULT.bus, floor), max(DEFAULT.probe, floor), max(DEFAULT.activation, floor),
                max(DEFAULT.call, floor));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
