package atmos.exec;

/**
 * SIGINT handling around children: while one runs, this process catches Ctrl-C and does nothing, so
 * the child (which got the same Ctrl-C from the terminal) decides and its exit code is ours.
 *
 * <p>The handler stays installed once a child has run, rather than being swapped back: the JVM runs a
 * Java signal handler later, on its dispatcher thread, and looks the handler up only then. On a busy
 * machine the Ctrl-C meant for the child was dispatched after the child had already exited and the
 * default handler was back, so atmos died with 130 instead of passing on the child's own exit code.
 * A Ctrl-C that arrives when no child is running, and not just after one ended, does what it did
 * before (the JVM's default: run the shutdown hooks and exit 130).
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported), the only way the JDK offers; if it is
 * unavailable, the JVM's default (exit) applies.
 */
@SuppressWarnings("removal")
final class Signals {
    /** How long after a child ended a Ctrl-C is still taken as the one the child got. */
    private static final long GRACE_NANOS = 3_000_000_000L;

    private static boolean installed;
    private static sun.misc.SignalHandler previous;
    private static int running;
    private static long lastEnded;
    private static boolean anyEnded;
    private static volatile int dispatched;

    private Signals() {
    }

    /** A child is about to run in the foreground. */
    static synchronized void childStarting() {
        install();
        running++;
    }

    /** The child started by {@link #childStarting} has ended (or could not start). */
    static synchronized void childEnded() {
        running = Math.max(0, running - 1);
        lastEnded = System.nanoTime();
        anyEnded = true;
    }

    private static synchronized boolean childsSignal() {
        return running > 0 || anyEnded && System.nanoTime() - lastEnded < GRACE_NANOS;
    }

    private static void install() {
        if (installed) {
            return;
        }
        installed = true;
        try {
            // A handler that does nothing, not SIG_IGN: an ignored signal stays ignored in the child
            // after exec (and a shell cannot even trap it), while a caught one is reset to default.
            previous = sun.misc.Signal.handle(new sun.misc.Signal("INT"), Signals::onInterrupt);
        } catch (Throwable t) {
            previous = null;
        }
    }

    /** How many SIGINTs reached the handler (tests wait on it instead of on time). */
    static int dispatched() {
        return dispatched;
    }

    private static void onInterrupt(sun.misc.Signal sig) {
        dispatched++;
        if (childsSignal()) {
            return;
        }
        sun.misc.SignalHandler p = previous;
        if (p == sun.misc.SignalHandler.SIG_IGN) {
            return;
        }
        if (p == null || p == sun.misc.SignalHandler.SIG_DFL) {
            Runtime.getRuntime().exit(128 + sig.getNumber());
            return;
        }
        p.handle(sig);
    }
}
