package atmos.auth;

import atmos.config.ProviderConfig;
import atmos.credentials.Credentials;
import atmos.error.AtmosException;
import atmos.text.Durations;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * An identity's cloud web console, for {@code atmos auth console}: a URL that opens the console as the
 * identity. Each cloud brings its own — AWS a federation sign-in URL; Azure the portal for the tenant — and an identity offers it through {@link Identity#webConsole()}. {@link AuthService#console}
 * and the command know nothing of clouds: a new cloud's identities plug in by returning one of these.
 */
public interface WebConsole {

    /** The console's name in messages: {@code AWS console}. */
    String name();

    /**
     * The link. Checks the request first (destination, duration), so bad input fails before any
     * sign-in, and asks {@code session} for the identity's credentials only if it needs them (that may
     * log in; a console that needs no session, or other keys, does not ask).
     *
     * @param session the identity's credentials, from cache or a login
     */
    Link link(AuthContext context, Chain chain, Supplier<Credentials> session, Request request);

    /**
     * What the user asked for.
     *
     * @param destination a URL or one of the cloud's aliases; null for the console's home page
     * @param duration    the console session asked for, with where that value came from
     * @param issuer      who opened the session, shown by clouds that show one (AWS), {@code atmos} by default
     */
    record Request(String destination, Requested duration, String issuer) {
    }

    /**
     * A duration and where it came from, so a value a cloud cannot accept is reported against its source.
     *
     * @param where for messages: {@code --duration}, {@code console.session_duration of provider X (atmos.yaml:7)}
     */
    record Requested(Duration value, Origin origin, String where) {
        public enum Origin { FLAG, CONFIG, DEFAULT }

        /**
         * The flag when given, else the chain provider's {@code console.session_duration}, else {@code fallback}.
         *
         * @param displayBase the directory file names in messages are shown relative to
         */
        public static Requested resolve(Duration flag, Chain chain, Duration fallback, Path displayBase) {
            if (flag != null) {
                return new Requested(flag, Origin.FLAG, "--duration");
            }
            ProviderConfig p = chain.provider();
            if (p != null && p.consoleSessionDuration().isPresent()) {
                String where = "console.session_duration of provider " + p.name() + " ("
                        + p.node().child("console").source("session_duration").display(displayBase) + ")";
                try {
                    return new Requested(Durations.parse(p.consoleSessionDuration().get()), Origin.CONFIG, where);
                } catch (IllegalArgumentException e) {
                    throw AtmosException.config(where + ": " + e.getMessage(), "write a duration such as 1h, 90m or 12h");
                }
            }
            return new Requested(fallback, Origin.DEFAULT, "the default");
        }
    }

    /**
     * A console link.
     *
     * @param url         what to open
     * @param signsIn     true when the URL itself grants access: a secret, printed only on request, never logged
     * @param usableUntil when an unused URL stops working, or null
     * @param session     how long the console session lasts when that is known, or null
     * @param sessionEnds when the console session ends at the latest, or null when unknown
     * @param account     the account (or subscription) for display, or null
     * @param notes       what the user should know, one line each (a duration that could not be applied …)
     */
    record Link(URI url, boolean signsIn, Instant usableUntil, Duration session, Instant sessionEnds, String account, List<String> notes) {
        public Link {
            notes = List.copyOf(notes);
        }
    }
}
