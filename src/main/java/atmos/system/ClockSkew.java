package atmos.system;

import atmos.text.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * How far the local clock is from the servers' clocks, measured from the {@code Date} header of every
 * STS, IAM Identity Center, OIDC, Microsoft identity platform and Azure Resource Manager response (one
 * per command run).
 *
 * <p>Servers state expiration times on their own clock (STS's {@code Expiration}, the portal's role
 * credential expiry). Judged on a local clock that is wrong by more than a few minutes, credentials
 * would be used after they expired (a clock behind) or look stale as soon as they arrive and be
 * fetched again on every run (a clock ahead). Past {@link #THRESHOLD}, a measured skew is therefore
 * applied: {@link #toLocal} turns a server time into the local time at which it happens, so every
 * later freshness check, in this run or the next (the cache stores local times), sees the lifetime the
 * server granted. A skew within the threshold is network latency and one-second header resolution,
 * and is ignored. The user is warned once per run, with the measured skew.
 *
 * <p>Only absolute server times need {@link #toLocal}. A lifetime stated as a duration (Microsoft Entra's
 * {@code expires_in}, which MSAL adds to the local clock on arrival) is already the server's lifetime on
 * the local clock and must not be moved again.
 */
public final class ClockSkew {
    /** Below this, a difference is latency and rounding, not a wrong clock. */
    public static final Duration THRESHOLD = Duration.ofSeconds(60);

    private final Clock local;
    private final Consumer<String> warn;
    private final AtomicBoolean warned = new AtomicBoolean();
    private volatile Duration skew = Duration.ZERO;

    /** @param warn prints a warning for the user (called at most once) */
    public ClockSkew(Clock local, Consumer<String> warn) {
        this.local = local;
        this.warn = warn;
    }

    /**
     * Records the {@code Date} header (RFC 1123) of a response just received from {@code server}. A
     * missing or malformed header is ignored: it measures nothing.
     */
    public void observe(String dateHeader, String server) {
        if (dateHeader == null || dateHeader.isBlank()) {
            return;
        }
        Instant serverNow;
        try {
            serverNow = ZonedDateTime.parse(dateHeader.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return;
        }
        // The header is the server's time cut to the second: on average half a second behind what it was.
        Duration measured = Duration.ofSeconds(Math.round(Duration.between(local.instant(), serverNow.plusMillis(500)).toMillis() / 1000.0));
        if (measured.abs().compareTo(THRESHOLD) <= 0) {
            skew = Duration.ZERO;
            return;
        }
        skew = measured;
        if (warned.compareAndSet(false, true)) {
            warn.accept("the local clock is " + Durations.human(measured.abs()) + (measured.isNegative() ? " ahead of " : " behind ")
                    + "the clock of " + server + " (its Date header): credential lifetimes are judged on the server's time;"
                    + " set the clock right (NTP) to get rid of this warning");
        }
    }

    /** The skew applied (server minus local): zero unless the last measure was past {@link #THRESHOLD}. */
    public Duration skew() {
        return skew;
    }

    /** The local time at which the server's clock reads {@code serverTime}; null stays null. */
    public Instant toLocal(Instant serverTime) {
        return serverTime == null ? null : serverTime.minus(skew);
    }

    /** A skew that never applies (tests of code that makes no network call). */
    public static ClockSkew none(Clock local) {
        return new ClockSkew(local, w -> {
        });
    }
}
