package atmos.keyring;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/**
 * The part of the freedesktop Secret Service API (https://specifications.freedesktop.org/secret-service/)
 * that {@link SecretServiceKeyring} calls, as dbus-java proxy interfaces. Internal to the keyring package;
 * public only because dbus-java builds proxies, tuples and structs by reflection.
 *
 * <p>Parameter types are the exact classes passed at the call sites ({@code List}, {@code Map},
 * {@code DBusPath}, {@code Boolean}, {@code Variant}): dbus-java's asynchronous calls (which we use to get a
 * per-call timeout) look the method up by the runtime classes of the arguments.
 */
public final class SecretServiceDbus {
    public static final String BUS_NAME = "org.freedesktop.secrets";
    public static final String SERVICE_PATH = "/org/freedesktop/secrets";
    public static final String SERVICE_INTERFACE = "org.freedesktop.Secret.Service";
    public static final String COLLECTION_INTERFACE = "org.freedesktop.Secret.Collection";
    public static final String ITEM_INTERFACE = "org.freedesktop.Secret.Item";
    /** The path D-Bus uses for "no object", e.g. "no prompt needed". */
    public static final String NO_OBJECT = "/";

    private SecretServiceDbus() {
    }

    /** org.freedesktop.Secret.Service on /org/freedesktop/secrets. */
    @DBusInterfaceName(SERVICE_INTERFACE)
    public interface Service extends DBusInterface {
        /** (v output, o result): with algorithm "plain" the output is an empty string. */
        Pair<Variant<?>, DBusPath> OpenSession(String algorithm, Variant<?> input);

        /** The collection an alias ("default") points to, or "/" when none. */
        DBusPath ReadAlias(String name);

        /** (ao unlocked, o prompt): prompt is "/" when nothing needs the user. */
        Pair<List<DBusPath>, DBusPath> Unlock(List<DBusPath> objects);

        /** (ao locked, o prompt). */
        Pair<List<DBusPath>, DBusPath> Lock(List<DBusPath> objects);
    }

    /** org.freedesktop.Secret.Collection. */
    @DBusInterfaceName(COLLECTION_INTERFACE)
    public interface Collection extends DBusInterface {
        List<DBusPath> SearchItems(Map<String, String> attributes);

        /** (o item, o prompt). */
        Pair<DBusPath, DBusPath> CreateItem(Map<String, Variant<?>> properties, Secret secret, Boolean replace);
    }

    /** org.freedesktop.Secret.Item. */
    @DBusInterfaceName(ITEM_INTERFACE)
    public interface Item extends DBusInterface {
        Secret GetSecret(DBusPath session);

        /** Returns the prompt path, "/" when none. */
        DBusPath Delete();
    }

    /** org.freedesktop.Secret.Session. */
    @DBusInterfaceName("org.freedesktop.Secret.Session")
    public interface Session extends DBusInterface {
        void Close();
    }

    /** org.freedesktop.Secret.Prompt: we never call Prompt (it would show a dialog), only Dismiss. */
    @DBusInterfaceName("org.freedesktop.Secret.Prompt")
    public interface Prompt extends DBusInterface {
        void Dismiss();
    }

    /** org.freedesktop.DBus.Properties, reduced to Get with the variant left for the caller to unwrap. */
    @DBusInterfaceName("org.freedesktop.DBus.Properties")
    public interface Properties extends DBusInterface {
        Variant<?> Get(String interfaceName, String propertyName);
    }

    /**
     * The Secret struct (o session, ay parameters, ay value, s content_type). dbus-java's final
     * {@code Container.toString} prints byte arrays as {@code [B@hash}, never their contents.
     */
    public static final class Secret extends Struct {
        @Position(0)
        public final DBusPath session;
        @Position(1)
        public final byte[] parameters;
        @Position(2)
        public final byte[] value;
        @Position(3)
        public final String contentType;

        public Secret(DBusPath session, byte[] parameters, byte[] value, String contentType) {
            this.session = session;
            this.parameters = parameters;
            this.value = value;
            this.contentType = contentType;
        }
    }

    /** Two return values. */
    public static final class Pair<A, B> extends Tuple {
        @Position(0)
        public final A first;
        @Position(1)
        public final B second;

        public Pair(A first, B second) {
            this.first = first;
            this.second = second;
        }
    }
}
