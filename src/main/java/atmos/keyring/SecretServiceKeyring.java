package atmos.keyring;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.keyring.DBusTransport.CallFailed;
import atmos.keyring.SecretServiceDbus.Collection;
import atmos.keyring.SecretServiceDbus.Item;
import atmos.keyring.SecretServiceDbus.Pair;
import atmos.keyring.SecretServiceDbus.Prompt;
import atmos.keyring.SecretServiceDbus.Properties;
import atmos.keyring.SecretServiceDbus.Secret;
import atmos.keyring.SecretServiceDbus.Service;
import atmos.keyring.SecretServiceDbus.Session;
import atmos.log.Log;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.types.Variant;

/**
 * The Linux system keyring: the freedesktop Secret Service (gnome-keyring, KeePassXC, KWallet's bridge)
 * over the D-Bus session bus, storing entries exactly as zalando/go-keyring v0.2.8 does for the Go Atmos,
 * so both tools see the same credentials:
 *
 * <ul>
 *   <li>collection: {@code /org/freedesktop/secrets/collection/login} when the service lists it,
 *       otherwise the one the {@code default} alias points to (never a new one: that needs a prompt);
 *   <li>attributes {@code {"service": <key>, "username": "atmos-auth"}}, label
 *       {@code Password for 'atmos-auth' on '<key>'};
 *   <li>a {@code plain} session; the value as UTF-8 bytes with content type
 *       {@code text/plain; charset=utf8}; {@code CreateItem(..., replace=true)}.
 * </ul>
 *
 * <p>It never shows a prompt: when the collection is locked and unlocking would need the user, the prompt
 * is dismissed and {@link #connect} returns empty (operations throw {@link ExitCode#KEYRING}). A missing bus or
 * service is detected at once (a refused connection, NameHasOwner false); each D-Bus call and the bus connect
 * also have their own timeout, so a hung bus or daemon costs at most about 2 s instead of dbus-java's 20 s.
 *
 * <p>One instance holds one private D-Bus connection and one session; {@link #close} releases both. All
 * threads dbus-java starts are daemon threads, so an unclosed instance does not keep the JVM alive.
 */
public final class SecretServiceKeyring implements Keyring, AutoCloseable {
    /** The go-keyring "user" of every Atmos entry (Go Atmos: {@code KeyringUser}). */
    public static final String USER = "atmos-auth";
    /** go-keyring v0.2.8 secret_service.go NewSecret (later versions: {@code charset=utf-8}; both are read alike). */
    static final String CONTENT_TYPE = "text/plain; charset=utf8";
    static final String LOGIN_COLLECTION = "/org/freedesktop/secrets/collection/login";

    private static final String LOCKED_HINT = "unlock the system keyring (log in to the desktop session, or unlock the "
            + "\"login\" keyring in Passwords and Keys / Seahorse), or set auth.keyring.type: file in atmos.yaml";
    private static final String FAILED_HINT = "check that the Secret Service (gnome-keyring-daemon, KeePassXC, ...) is "
            + "running and responsive, or set auth.keyring.type: file in atmos.yaml";

    private final DBusConnection conn;
    private final Log log;
    private final SecretServiceTimeouts timeouts;
    private final Service service;
    private final DBusPath session;
    private final DBusPath collectionPath;
    private final Collection collection;
    private boolean closed;

    private SecretServiceKeyring(DBusConnection conn, Log log, SecretServiceTimeouts timeouts, Service service, DBusPath session,
                                 DBusPath collectionPath) throws DBusException {
        this.conn = conn;
        this.log = log;
        this.timeouts = timeouts;
        this.service = service;
        this.session = session;
        this.collectionPath = collectionPath;
        this.collection = conn.getRemoteObject(SecretServiceDbus.BUS_NAME, collectionPath.getPath(), Collection.class);
    }

    /**
     * Connects to the Secret Service on the session bus named by {@code DBUS_SESSION_BUS_ADDRESS} in
     * {@code env} (or, like godbus, {@code $XDG_RUNTIME_DIR/bus} when that is unset), opens a session and
     * checks that the login/default collection exists and is unlocked (unlocking it if that needs no prompt).
     * Returns empty, and logs why at debug level, when any of that is not possible.
     */
    public static Optional<SecretServiceKeyring> connect(Map<String, String> env, Log log) {
        return connect(env, log, SecretServiceTimeouts.fromEnv(env, log));
    }

    static Optional<SecretServiceKeyring> connect(Map<String, String> env, Log log, SecretServiceTimeouts timeouts) {
        long start = System.nanoTime();
        List<String> addresses = DBusTransport.busAddresses(env);
        if (addresses.isEmpty()) {
            log.debug("system keyring unavailable", "reason", "no session bus (DBUS_SESSION_BUS_ADDRESS is not set)");
            return Optional.empty();
        }
        DBusConnection conn = null;
        for (String address : addresses) {
            conn = DBusTransport.openBus(address, timeouts.bus(), log);
            if (conn != null) {
                break;
            }
        }
        if (conn == null) {
            return Optional.empty();
        }
        try {
            SecretServiceKeyring keyring = open(conn, log, timeouts);
            log.debug("system keyring: using Secret Service", "collection", keyring.collectionPath.getPath(),
                    "ms", (System.nanoTime() - start) / 1_000_000);
            return Optional.of(keyring);
        } catch (CallFailed | DBusException | RuntimeException e) {
            log.debug("system keyring unavailable", "reason", DBusTransport.reason(e));
            DBusTransport.closeQuietly(conn);
            return Optional.empty();
        }
    }

    private static SecretServiceKeyring open(DBusConnection conn, Log log, SecretServiceTimeouts timeouts)
            throws DBusException, CallFailed {
        DBus bus = conn.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
        Duration first = timeouts.probe();
        Boolean running = DBusTransport.call(conn, bus, "NameHasOwner", timeouts.probe(), SecretServiceDbus.BUS_NAME);
        if (!Boolean.TRUE.equals(running)) {
            String[] activatable = DBusTransport.call(conn, bus, "ListActivatableNames", timeouts.probe());
            if (activatable == null || !Arrays.asList(activatable).contains(SecretServiceDbus.BUS_NAME)) {
                throw new CallFailed("connect", null, "no Secret Service (" + SecretServiceDbus.BUS_NAME
                        + ") on the session bus");
            }
            log.debug("system keyring: starting the D-Bus activatable Secret Service");
            first = timeouts.activation(); // the bus starts the daemon on our first call
        }
        Service service = conn.getRemoteObject(SecretServiceDbus.BUS_NAME, SecretServiceDbus.SERVICE_PATH, Service.class);
        // go-keyring secret_service.go OpenSession: algorithm "plain", input variant ""
        Pair<Variant<?>, DBusPath> opened = DBusTransport.call(conn, service, "OpenSession", first, "plain", new Variant<>(""));
        DBusPath session = DBusTransport.path(opened.second);
        DBusPath collection = loginCollection(conn, service, timeouts.probe());
        SecretServiceKeyring keyring = new SecretServiceKeyring(conn, log, timeouts, service, session, collection);
        try {
            keyring.unlock(List.of(collection), timeouts.probe());
        } catch (AtmosException e) {
            throw new CallFailed("Unlock", null, e.getMessage());
        }
        return keyring;
    }

    /**
     * go-keyring GetLoginCollection: {@code collection/login} when the service's Collections property lists
     * it, else the {@code default} alias. We resolve the alias with ReadAlias so that a missing default
     * collection is reported here rather than as an unknown-object error later.
     */
    private static DBusPath loginCollection(DBusConnection conn, Service service, Duration timeout)
            throws DBusException, CallFailed {
        Properties props = conn.getRemoteObject(SecretServiceDbus.BUS_NAME, SecretServiceDbus.SERVICE_PATH, Properties.class);
        Variant<?> collections = DBusTransport.call(conn, props, "Get", timeout, SecretServiceDbus.SERVICE_INTERFACE, "Collections");
        for (Object p : DBusTransport.asList(collections.getValue())) {
            if (LOGIN_COLLECTION.equals(DBusTransport.pathString(p))) {
                return new DBusPath(LOGIN_COLLECTION);
            }
        }
        DBusPath alias = DBusTransport.call(conn, service, "ReadAlias", timeout, "default");
        if (alias == null || SecretServiceDbus.NO_OBJECT.equals(alias.getPath())) {
            throw new CallFailed("ReadAlias", null, "the Secret Service has neither a \"login\" nor a default collection"
                    + " (creating one needs an interactive prompt)");
        }
        return DBusTransport.path(alias);
    }

    @Override
    public String describe() {
        return "system (Secret Service)";
    }

    @Override
    public synchronized void unlock() {
        operation("unlock", null, () -> {
            unlock(List.of(collectionPath), timeouts.call());
            return null;
        });
    }

    @Override
    public synchronized Optional<String> get(String key) {
        Objects.requireNonNull(key, "key");
        return operation("read", key, () -> {
            unlock(List.of(collectionPath), timeouts.call());
            List<DBusPath> items = search(attributes(key));
            if (items.isEmpty()) {
                return Optional.empty();
            }
            DBusPath item = items.get(0); // go-keyring findItem takes the first match as well
            Secret secret;
            try {
                secret = DBusTransport.call(conn, item(item), "GetSecret", timeouts.call(), session);
            } catch (CallFailed e) {
                if (!e.isLocked()) {
                    throw e;
                }
                unlock(List.of(item), timeouts.call()); // an individually locked item (go-keyring Get does this too)
                secret = DBusTransport.call(conn, item(item), "GetSecret", timeouts.call(), session);
            }
            try {
                return Optional.of(new String(secret.value, StandardCharsets.UTF_8));
            } finally {
                Arrays.fill(secret.value, (byte) 0);
            }
        });
    }

    @Override
    public synchronized void set(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        operation("write", key, () -> {
            unlock(List.of(collectionPath), timeouts.call());
            Map<String, String> attributes = attributes(key);
            Map<String, Variant<?>> properties = new HashMap<>();
            properties.put(SecretServiceDbus.ITEM_INTERFACE + ".Label", new Variant<>(label(key)));
            properties.put(SecretServiceDbus.ITEM_INTERFACE + ".Attributes", new Variant<>(attributes, "a{ss}"));
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            try {
                Secret secret = new Secret(session, new byte[0], bytes, CONTENT_TYPE);
                // replace=true: the service swaps the secret of an item with these attributes in one step
                Pair<DBusPath, DBusPath> created = DBusTransport.call(conn, collection, "CreateItem", timeouts.call(), properties,
                        secret, Boolean.TRUE);
                refusePrompt(created.second, "store");
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
            return null;
        });
    }

    @Override
    public synchronized void remove(String key) {
        Objects.requireNonNull(key, "key");
        operation("remove", key, () -> {
            unlock(List.of(collectionPath), timeouts.call());
            for (DBusPath item : search(attributes(key))) {
                DBusPath prompt;
                try {
                    prompt = DBusTransport.call(conn, item(item), "Delete", timeouts.call());
                } catch (CallFailed e) {
                    if (e.isGone()) {
                        continue; // deleted meanwhile: that is what we wanted
                    }
                    throw e;
                }
                refusePrompt(prompt, "delete");
            }
            return null;
        });
    }

    /** The {@code service} attribute of every item in the collection whose {@code username} is atmos-auth. */
    @Override
    public synchronized List<String> keys() {
        return operation("list", null, () -> {
            unlock(List.of(collectionPath), timeouts.call());
            TreeSet<String> keys = new TreeSet<>();
            for (DBusPath item : search(Map.of("username", USER))) {
                Properties props = conn.getRemoteObject(SecretServiceDbus.BUS_NAME, item.getPath(), Properties.class);
                Variant<?> attrs;
                try {
                    attrs = DBusTransport.call(conn, props, "Get", timeouts.call(), SecretServiceDbus.ITEM_INTERFACE, "Attributes");
                } catch (CallFailed e) {
                    if (e.isGone()) {
                        continue;
                    }
                    throw e;
                }
                if (attrs.getValue() instanceof Map<?, ?> m && m.get("service") instanceof String s) {
                    keys.add(s);
                }
            }
            return new ArrayList<>(keys);
        });
    }

    /** Closes the Secret Service session and the D-Bus connection; further operations fail. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Session s = conn.getRemoteObject(SecretServiceDbus.BUS_NAME, session.getPath(), Session.class);
            DBusTransport.call(conn, s, "Close", timeouts.probe());
        } catch (CallFailed | DBusException | RuntimeException e) {
            log.debug("system keyring: closing the session failed", "reason", DBusTransport.reason(e));
        }
        DBusTransport.closeQuietly(conn);
    }

    /** The collection in use (for tests and debug output). */
    String collectionPath() {
        return collectionPath.getPath();
    }

    // --- helpers --------------------------------------------------------------------------------------------

    static Map<String, String> attributes(String key) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("username", USER);
        a.put("service", key);
        return a;
    }

    /** go-keyring keyring_unix.go Set: {@code fmt.Sprintf("Password for '%s' on '%s'", user, service)}. */
    static String label(String key) {
        return "Password for '" + USER + "' on '" + key + "'";
    }

    private List<DBusPath> search(Map<String, String> attributes) throws CallFailed {
        List<?> found = DBusTransport.call(conn, collection, "SearchItems", timeouts.call(), new HashMap<>(attributes));
        List<DBusPath> out = new ArrayList<>();
        for (Object p : DBusTransport.asList(found)) {
            out.add(new DBusPath(DBusTransport.pathString(p)));
        }
        return out;
    }

    /**
     * Service.Unlock without ever showing its prompt: when unlocking needs the user, the prompt is dismissed
     * and the keyring counts as locked.
     */
    private void unlock(List<DBusPath> objects, Duration timeout) throws CallFailed {
        Pair<List<DBusPath>, DBusPath> r = DBusTransport.call(conn, service, "Unlock", timeout, new ArrayList<>(objects));
        if (!SecretServiceDbus.NO_OBJECT.equals(DBusTransport.pathString(r.second))) {
            dismiss(r.second);
            throw locked();
        }
        List<String> unlocked = new ArrayList<>();
        for (Object p : DBusTransport.asList(r.first)) {
            unlocked.add(DBusTransport.pathString(p));
        }
        for (DBusPath o : objects) {
            if (!unlocked.contains(o.getPath())) {
                throw locked();
            }
        }
    }

    private void refusePrompt(DBusPath prompt, String what) {
        if (!SecretServiceDbus.NO_OBJECT.equals(DBusTransport.pathString(prompt))) {
            dismiss(prompt);
            throw new AtmosException(ExitCode.KEYRING, "the system keyring (Secret Service) wants to ask before it can "
                    + what + " an item, and atmos does not show keyring prompts", LOCKED_HINT);
        }
    }

    private void dismiss(Object prompt) {
        try {
            Prompt p = conn.getRemoteObject(SecretServiceDbus.BUS_NAME, DBusTransport.pathString(prompt), Prompt.class);
            DBusTransport.call(conn, p, "Dismiss", timeouts.probe());
        } catch (CallFailed | DBusException | RuntimeException e) {
            log.debug("system keyring: dismissing a prompt failed", "reason", DBusTransport.reason(e));
        }
    }

    private AtmosException locked() {
        return new AtmosException(ExitCode.KEYRING, "the system keyring (Secret Service collection "
                + collectionPath.getPath() + ") is locked and unlocking it needs an interactive prompt", LOCKED_HINT);
    }

    private Item item(DBusPath path) throws CallFailed {
        try {
            return conn.getRemoteObject(SecretServiceDbus.BUS_NAME, path.getPath(), Item.class);
        } catch (DBusException e) {
            throw new CallFailed("getRemoteObject", null, DBusTransport.reason(e));
        }
    }

    private interface Body<T> {
        T run() throws CallFailed, DBusException;
    }

    /** Runs one keyring operation, turning every failure into a KEYRING error that names the key (never the value). */
    private <T> T operation(String verb, String key, Body<T> body) {
        if (closed) {
            throw new AtmosException(ExitCode.KEYRING, "the system keyring connection is closed", null);
        }
        String what = key == null ? "" : " \"" + key + "\"";
        try {
            return body.run();
        } catch (AtmosException e) {
            throw e;
        } catch (CallFailed e) {
            if (e.isLocked()) {
                throw locked();
            }
            throw new AtmosException(ExitCode.KEYRING, "system keyring (Secret Service): cannot " + verb + what + ": "
                    + e.getMessage(), FAILED_HINT, e);
        } catch (DBusException | RuntimeException e) {
            throw new AtmosException(ExitCode.KEYRING, "system keyring (Secret Service): cannot " + verb + what + ": "
                    + DBusTransport.reason(e), FAILED_HINT, e);
        }
    }
}
