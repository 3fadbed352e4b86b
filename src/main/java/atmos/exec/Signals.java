package atmos.exec;

/**
 * SIGINT handling while a child runs: this process catches it and does nothing, so the child (which
 * got the same Ctrl-C from the terminal) decides. Uses {@code sun.misc.Signal} (module
 * jdk.unsupported), the only way the JDK offers; if it is unavailable, the JVM's default (exit) applies.
 */
final class Signals {
    private static Object previous;

    private Signals() {
    }

    @SuppressWarnings("removal")
    static synchronized void ignoreInterrupt() {
        try {
            sun.misc.Signal sig = new sun.misc.Signal("INT");
            // A handler that does nothing, not SIG_IGN: an ignored signal stays ignored in the child
            // after exec (and a shell cannot even trap it), while a caught one is reset to default.
            // A class, not a lambda: this runs on the cached path of auth exec, where a run's first lambda is costly.
            previous = sun.misc.Signal.handle(sig, new sun.misc.SignalHandler() {
                @Override
                public void handle(sun.misc.Signal s) {
                }
            });
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
