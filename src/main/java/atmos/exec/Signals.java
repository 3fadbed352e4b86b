package atmos.exec;

/**
 * SIGINT handling while a child runs. Uses {@code sun.misc.Signal} (module jdk.unsupported), the
 * only way the JDK offers; if it is unavailable, the JVM's default (exit) applies.
 */
final class Signals {
    private static Object previous;

    private Signals() {
    }

    @SuppressWarnings("removal")
    static synchronized void ignoreInterrupt() {
        try {
            sun.misc.Signal sig = new sun.misc.Signal("INT");
            previous = sun.misc.Signal.handle(sig, sun.misc.SignalHandler.SIG_IGN);
        } catch (Throwable t) {
            previous = null;
        }
    }

    @SuppressWarnings("removal")
    static synchronized void restoreInterrupt() {
        if (previous instanceof sun.misc.SignalHandler h) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal("INT"), h);
            } catch (Throwable ignored) {
                // nothing else to restore
            }
        }
    }
}
