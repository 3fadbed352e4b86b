package atmos.auth;

import atmos.error.AtmosException;
import atmos.system.SecureFiles;
import atmos.text.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The cross-process login locks: one file per chain root (or session group) and realm under
 * {@code $XDG_STATE_HOME/atmos/locks}, held while a chain is authenticated so that N processes started
 * together sign in once. The OS releases a lock when its holder dies; a waiter gives up after
 * {@code ATMOS_AUTH_LOCK_TIMEOUT} (default {@link AuthService#LOCK_WAIT}).
 */
final class LoginLocks {
    private final AuthContext context;
    private final String realm;

    LoginLocks(AuthContext context, String realm) {
        this.context = context;
        this.realm = realm;
    }

    /** One lock per chain root, or per session group: providers sharing a portal sign in one at a time. */
    SecureFiles.Lock acquire(Chain chain, Optional<String> sessionGroup) {
        return acquire(sessionGroup.orElse(chain.rootName()), chain.rootName());
    }

    /** @param name the lock's name (a chain root or session group), {@code shown} what the user reads */
    SecureFiles.Lock acquire(String name, String shown) {
        Path state = RealmState.root(context.host());
        Path file = RealmState.file(context.host(), "locks", realm, name + ".lock");
        Duration wait = context.host().getenv("ATMOS_AUTH_LOCK_TIMEOUT").map(Durations::parse).orElse(AuthService.LOCK_WAIT);
        // Only a wait that ran out is the other process's doing; a lock file that is refused (a link) says so itself.
        return SecureFiles.lock(state, file, wait,
                () -> context.notice().accept("Waiting for another atmos process to finish logging in to " + shown + "…"),
                () -> AtmosException.auth("gave up after " + Durations.human(wait) + " waiting for another atmos process to finish"
                            + " logging in to " + shown,
                    "finish or cancel the sign-in in the other terminal, then run the command again (lock: " + file + ")"));
    }
}
