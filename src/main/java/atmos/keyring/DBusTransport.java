package atmos.keyring;

import atmos.log.Log;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.freedesktop.dbus.DBusAsyncReply;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.messages.MethodCall;

/**
 * The D-Bus side of {@link SecretServiceKeyring}: which session bus to reach, connecting to it and calling
 * methods, each within its own timeout (dbus-java's own waits are 20 s, JVM-wide), and what a failed call
 * was. Nothing here knows the Secret Service.
 */
final class DBusTransport {
    private DBusTransport() {
    }

    /** The bus addresses to try, in order (D-Bus allows several, separated by ';'). */
    static List<String> busAddresses(Map<String, String> env) {
        String value = env.get("DBUS_SESSION_BUS_ADDRESS");
        if (value == null || value.isBlank() || value.trim().equals("autolaunch:")) {
            // godbus (conn_other.go tryDiscoverDbusSessionBusAddress) also tries the systemd user bus socket;
            // it does not autolaunch here and neither do we (that would start a bus daemon)
            String runtime = env.get("XDG_RUNTIME_DIR");
            if (runtime != null && !runtime.isBlank() && Files.exists(Path.of(runtime, "bus"))) {
                return List.of("unix:path=" + Path.of(runtime, "bus"));
            }
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String a : value.split(";")) {
            if (!a.isBlank()) {
                out.add(a.trim());
            }
        }
        return out;
    }

    /**
     * Connects to one bus address within {@code timeout}. dbus-java's connect (socket, SASL, Hello) has no
     * timeout of its own (Hello waits 20 s), so it runs on a daemon thread we stop waiting for.
     */
    static DBusConnection openBus(String address, Duration timeout, Log log) {
        if (address.startsWith("unix:abstract=")) {
            // the JDK's unix sockets (dbus-java-transport-native-unixsocket) cannot reach abstract sockets
            log.debug("system keyring: skipping bus address", "reason", "abstract unix sockets are not supported",
                    "address", address);
            return null;
        }
        CompletableFuture<DBusConnection> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(DBusConnectionBuilder.forAddress(address)
                        .withShared(false)
                        // a single connect attempt: the default retries every 500 ms for 10 s
                        .transportConfig().withTimeout(0).back()
                        .build());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "atmos-dbus-connect");
        t.setDaemon(true);
        t.start();
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.thenAccept(DBusTransport::closeQuietly); // should it connect after all
            log.debug("system keyring unavailable", "reason", "session bus did not answer within "
                    + timeout.toMillis() + " ms", "address", address);
        } catch (ExecutionException e) {
            log.debug("system keyring unavailable", "reason", "cannot connect to the session bus: " + reason(e.getCause()),
                    "address", address);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.thenAccept(DBusTransport::closeQuietly);
        }
        return null;
    }

    /**
     * One D-Bus method call with its own timeout. dbus-java's synchronous proxy calls wait 20 s (a JVM-wide
     * static setting), so we call asynchronously and wait for the reply ourselves.
     */
    @SuppressWarnings("unchecked")
    static <T> T call(DBusConnection conn, DBusInterface target, String method, Duration timeout, Object... args)
            throws CallFailed {
        DBusAsyncReply<?> reply;
        try {
            reply = conn.callMethodAsync(target, method, args);
        } catch (DBusExecutionException e) {
            throw new CallFailed(method, null, reason(e));
        }
        MethodCall mc = reply.getCall();
        long deadline = System.nanoTime() + timeout.toNanos();
        Message answer = null;
        while (answer == null) { // Object.wait may wake early
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                break;
            }
            answer = mc.getReply(left);
        }
        if (answer == null) {
            throw new CallFailed(method, null, "no answer within " + timeout.toMillis() + " ms");
        }
        if (answer instanceof org.freedesktop.dbus.messages.Error err) {
            throw new CallFailed(method, err.getName(), errorText(err));
        }
        if (reply.getMethod().getReturnType() == void.class) {
            return null; // dbus-java's DBusAsyncReply reports "no reply" for void methods
        }
        try {
            return (T) reply.getReply();
        } catch (DBusException | DBusExecutionException e) {
            throw new CallFailed(method, null, reason(e));
        }
    }

    static String errorText(org.freedesktop.dbus.messages.Error err) {
        try {
            Object[] p = err.getParameters();
            return p != null && p.length > 0 && p[0] != null ? p[0].toString() : "";
        } catch (DBusException e) {
            return "";
        }
    }

    static List<?> asList(Object v) {
        if (v instanceof List<?> l) {
            return l;
        }
        if (v instanceof Object[] a) {
            return Arrays.asList(a);
        }
        return List.of();
    }

    static String pathString(Object p) {
        return p instanceof DBusPath d ? d.getPath() : String.valueOf(p);
    }

    /** A plain DBusPath: dbus-java looks methods up by the exact argument class, and replies carry ObjectPaths. */
    static DBusPath path(Object p) {
        return new DBusPath(pathString(p));
    }

    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    static void closeQuietly(DBusConnection c) {
        try {
            c.disconnect();
        } catch (RuntimeException e) {
            // nothing left to do
        }
    }

    /** A failed D-Bus call: method, D-Bus error name (null for local failures and timeouts), service message. */
    static final class CallFailed extends Exception {
        private static final long serialVersionUID = 1L;
        private final String errorName;

        CallFailed(String method, String errorName, String message) {
            super(method + ": " + (errorName == null ? "" : errorName + (message.isEmpty() ? "" : ": ")) + message);
            this.errorName = errorName;
        }

        boolean isLocked() {
            return "org.freedesktop.Secret.Error.IsLocked".equals(errorName);
        }

        /** The object no longer exists (deleted between search and use). */
        boolean isGone() {
            return "org.freedesktop.Secret.Error.NoSuchObject".equals(errorName)
                    || "org.freedesktop.DBus.Error.UnknownObject".equals(errorName)
                    || "org.freedesktop.DBus.Error.UnknownMethod".equals(errorName);
        }
    }
}
