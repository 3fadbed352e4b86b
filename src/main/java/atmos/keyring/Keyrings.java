package atmos.keyring;

import atmos.config.ConfigNode;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.log.Log;
import atmos.system.Host;
import atmos.system.Prompter;
import atmos.system.Xdg;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one selection policy for the credential store: {@code ATMOS_KEYRING_TYPE}, else
 * {@code auth.keyring.type}, else {@code system}. The store is opened on first use, so commands that
 * never touch credentials never connect to D-Bus or ask for a password.
 */
public final class Keyrings {
    private Keyrings() {
    }

    /** The configured type (system, file or memory); unknown types fall back to system with a warning. */
    public static String type(ConfigNode keyringConfig, Host host) {
        return host.getenv("ATMOS_KEYRING_TYPE").or(() -> keyringConfig.string("type")).orElse("system");
    }

    /**
     * @param systemKeyring connects to the OS store (Secret Service); empty when it is not reachable
     */
    public static Keyring open(ConfigNode keyringConfig, Host host, Prompter prompter, Log log,
                               Function<Host, Optional<Keyring>> systemKeyring) {
        return new Lazy(() -> openNow(keyringConfig, host, prompter, log, systemKeyring), describeWithoutOpening(keyringConfig, host));
    }

    private static String describeWithoutOpening(ConfigNode keyringConfig, Host host) {
        return switch (type(keyringConfig, host)) {
            case "file" -> "file (" + fileDir(keyringConfig, host) + ")";
            case "memory" -> "memory (this process only)";
            default -> System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("mac")
                    ? "system (macOS Keychain)" : "system (Secret Service)";
        };
    }

    static Keyring openNow(ConfigNode keyringConfig, Host host, Prompter prompter, Log log,
                           Function<Host, Optional<Keyring>> systemKeyring) {
        String type = type(keyringConfig, host);
        switch (type) {
            case "memory":
                return new MemoryKeyring();
            case "file":
                Path dir = fileDir(keyringConfig, host);
                return new FileKeyring(dir, d -> password(keyringConfig, host, prompter, d));
            case "system":
                break;
            default:
                log.warn("unknown keyring type \"" + type + "\", using the system keyring");
        }
        Optional<Keyring> system = systemKeyring.apply(host);
        if (system.isPresent()) {
            return system.get();
        }
        String why = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("windows")
                ? "no system keyring is supported on Windows yet" : "no Secret Service on the session bus";
        log.warn("system keyring unavailable (" + why + "): credentials are not cached in a keyring;"
                + " to cache them set auth.keyring.type: file (with ATMOS_KEYRING_PASSWORD) or ATMOS_KEYRING_TYPE=file");
        return new NoopKeyring("system keyring unavailable");
    }

    /** {@code ATMOS_KEYRING_FILE_PATH}, then {@code spec.path}, then {@code <XDG data>/atmos/keyring}. */
    public static Path fileDir(ConfigNode keyringConfig, Host host) {
        Optional<String> configured = host.getenv("ATMOS_KEYRING_FILE_PATH").or(() -> keyringConfig.child("spec").string("path"));
        if (configured.isEmpty()) {
            return Xdg.dataHome(host).resolve("atmos").resolve("keyring");
        }
        Path p = host.expandHome(configured.get()).normalize();
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        // As in Atmos: a path that names a file (has an extension) means its directory.
        return name.contains(".") && !name.startsWith(".") ? p.getParent() : p;
    }

    private static char[] password(ConfigNode keyringConfig, Host host, Prompter prompter, Path dir) {
        String var = host.getenv("ATMOS_KEYRING_PASSWORD_ENV")
                .or(() -> keyringConfig.child("spec").string("password_env"))
                .orElse("ATMOS_KEYRING_PASSWORD");
        Optional<String> fromEnv = host.getenv(var);
        char[] pw;
        if (fromEnv.isPresent()) {
            pw = fromEnv.get().toCharArray();
        } else if (prompter.isTerminal()) {
            pw = prompter.secret("Password for the atmos keyring (" + dir + "): ");
        } else {
            throw new AtmosException(ExitCode.KEYRING, "the file keyring needs a password: " + var + " is not set and there is no terminal to ask",
                    "export " + var + "=<password> (8 characters or more), or run in a terminal");
        }
        if (pw.length < 8) {
            Arrays.fill(pw, '\0');
            throw new AtmosException(ExitCode.KEYRING, "the file keyring password is too short (8 characters or more)",
                    "set a longer password in " + var);
        }
        return pw;
    }

    /** Opens the real store on first use. */
    private static final class Lazy implements Keyring {
        private final java.util.function.Supplier<Keyring> opener;
        private final String plannedDescription;
        private Keyring delegate;

        Lazy(java.util.function.Supplier<Keyring> opener, String plannedDescription) {
            this.opener = opener;
            this.plannedDescription = plannedDescription;
        }

        private synchronized Keyring get() {
            if (delegate == null) {
                delegate = opener.get();
            }
            return delegate;
        }

        @Override
        public String describe() {
            return get().describe();
        }

        @Override
        public Optional<String> get(String key) {
            return get().get(key);
        }

        @Override
        public void set(String key, String value) {
            get().set(key, value);
        }

        @Override
        public void remove(String key) {
            get().remove(key);
        }

        @Override
        public List<String> keys() {
            return get().keys();
        }

        @Override
        public boolean contains(String key) {
            return get().contains(key);
        }

        @Override
        public void unlock() {
            get().unlock();
        }

        @Override
        public boolean keepsValues() {
            return get().keepsValues();
        }

        @Override
        public String toString() {
            return plannedDescription;
        }
    }
}
