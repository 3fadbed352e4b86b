package atmos.cli;

import atmos.error.AtmosException;
import atmos.text.Durations;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --min-ttl DURATION} (env {@code ATMOS_AUTH_MIN_TTL}), shared by the commands that use an
 * identity's credentials: when the cached credentials would expire sooner than this, they are renewed
 * first (for a long {@code terraform apply}). Go durations ({@code 90m}, {@code 3h}) or seconds.
 */
public final class MinTtlOption {
    /** The variable that gives {@code --min-ttl} a default. */
    public static final String ENV = "ATMOS_AUTH_MIN_TTL";

    @Option(names = "--min-ttl", paramLabel = "DURATION",
            description = "Renew first if the credentials would expire sooner than this, e.g. 3h (env ATMOS_AUTH_MIN_TTL)")
    String minTtl;

    /** The duration asked for (the flag, then {@value #ENV}), or null when none was. */
    public Duration value(atmos.system.Host host) {
        String text = minTtl != null ? minTtl : host.getenv(ENV).orElse(null);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Duration d = Durations.parse(text.strip());
            if (d.isNegative()) {
                throw new IllegalArgumentException("it is negative");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw AtmosException.usage("invalid --min-ttl \"" + text + "\": " + e.getMessage(),
                    "give a duration such as 90m or 3h (" + (minTtl != null ? "--min-ttl" : ENV) + ")");
        }
    }
}
