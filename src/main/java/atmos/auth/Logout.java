package atmos.auth;

import atmos.config.AtmosConfig;
import atmos.config.IdentityConfig;
import atmos.config.ProviderConfig;
import atmos.credentials.Credentials;
import atmos.error.AtmosException;
import atmos.system.Xdg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Removing cached sessions, for exactly the scope asked: an identity, a provider and every identity
 * chained from it, the providers with given tags, everything, or every realm's files. With
 * {@code dryRun} nothing is removed and the result lists what would be. Long-lived keys stored with
 * {@code auth user configure} (and remembered IdP passwords) go only with {@code keychain}. Entries are
 * found by presence, never decrypted, so a forgotten file-keyring password does not stop a logout.
 */
public final class Logout {
    private final AuthService service;
    private final AuthContext context;
    private final AtmosConfig config;
    private final boolean dryRun;

    Logout(AuthService service, boolean dryRun) {
        this.service = service;
        this.context = service.context();
        this.config = service.config();
        this.dryRun = dryRun;
    }

    /** What a logout removed (or would), and what it could not remove (one line each, with the reason). */
    public record Removed(List<String> keyringEntries, List<String> files, List<String> failures) {
        public Removed(List<String> keyringEntries, List<String> files) {
            this(keyringEntries, files, List.of());
        }

        static Removed none() {
            return new Removed(List.of(), List.of());
        }

        Removed plus(Removed other) {
            return new Removed(union(keyringEntries, other.keyringEntries), union(files, other.files), union(failures, other.failures));
        }

        private static List<String> union(List<String> a, List<String> b) {
            List<String> out = new ArrayList<>(a);
            b.stream().filter(x -> !out.contains(x)).forEach(out::add);
            return out;
        }

        public boolean isEmpty() {
            return keyringEntries.isEmpty() && files.isEmpty();
        }
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** The identity's cached session: its keyring entry and its profile in the shared files. */
    public Removed identity(String name, boolean keychain) {
        Chain chain = service.chain(name);
        IdentityConfig ic = chain.target();
        Identity identity = service.identityInstance(ic);
        List<String> entries = new ArrayList<>();
        List<String> files = new ArrayList<>();
        removeEntry(identity.cacheAlias(), entries);
        if (keychain && !identity.cacheAlias().equals(ic.key())) {
            removeEntry(ic.key(), entries);
        }
        if (identity.loadPersisted(context, chain).isPresent()) {
            if (!dryRun) {
                identity.removePersisted(context, chain);
            }
            String where = identity.persistedLocation(context, chain);
            if (where != null) {
                files.add(where);
            }
        }
        return new Removed(entries, files);
    }

    /** A provider's session and the sessions of every identity that chains from it. */
    public Removed provider(String name, boolean keychain) {
        ProviderConfig pc = config.auth().provider(name).orElseThrow(() -> AtmosException.usage("provider \"" + name + "\" not found",
                config.auth().providers().isEmpty() ? "no providers are configured"
                        : "configured providers: " + String.join(", ", config.auth().providers().keySet())));
        Removed removed = Removed.none();
        for (IdentityConfig ic : config.auth().identities().values()) {
            Chain c;
            try {
                c = service.chain(ic.name());
            } catch (AtmosException e) {
                continue;
            }
            if (c.provider() != null && c.provider().key().equals(pc.key())) {
                removed = removed.plus(identity(ic.name(), keychain));
            }
        }
        List<String> entries = new ArrayList<>();
        List<String> files = new ArrayList<>();
        if (!dryRun) {
            Optional<Credentials> current = context.store().get(pc.key());
            if (current.isPresent()) {
                try {
                    service.kinds().provider(pc.kind()).create(pc, context).logout(context, current.get());
                } catch (AtmosException e) {
                    context.log().warn("provider logout call failed; removing local session anyway", "provider", pc.name(), "error", e.getMessage());
                }
            }
        }
        removeEntry(pc.key(), entries);
        if (keychain) {
            // A remembered IdP password (aws/saml) is a long-lived secret: like user keys, only with --keychain.
            removeEntry(pc.key() + "#password", entries);
        }
        // Client registrations (IAM Identity Center) go with the session.
        for (String flow : List.of(LoginOptions.DEVICE_CODE, LoginOptions.AUTHORIZATION_CODE)) {
            removeEntry(pc.key() + "#client-" + flow, entries);
        }
        Path dir = context.awsFiles(pc).providerDir(pc.key());
        if (Files.exists(dir)) {
            if (!dryRun) {
                context.awsFiles(pc).removeProvider(pc.key());
            }
            files.add(dir.toString());
        }
        return removed.plus(new Removed(entries, files));
    }

    /** The providers with any of {@code tags} (and their identities), as the Go Atmos's {@code logout --tags}. */
    public Removed providersTagged(List<String> tags, boolean keychain) {
        List<String> matched = config.auth().providers().values().stream()
                .filter(p -> p.tags().stream().anyMatch(tags::contains)).map(ProviderConfig::name).sorted().toList();
        if (matched.isEmpty()) {
            TreeSet<String> available = new TreeSet<>();
            config.auth().providers().values().forEach(p -> available.addAll(p.tags()));
            throw AtmosException.usage("no providers match tags " + tags,
                    available.isEmpty() ? "no provider has tags" : "available tags: " + String.join(", ", available));
        }
        Removed all = Removed.none();
        for (String p : matched) {
            all = all.plus(guarded("provider " + p, () -> provider(p, keychain)));
        }
        return all;
    }

    /**
     * Every provider's and identity's session. Goes on past a failure, so one broken entry does not
     * keep the others; every failure is reported.
     */
    public Removed all(boolean keychain) {
        Removed all = Removed.none();
        for (ProviderConfig p : config.auth().providers().values()) {
            all = all.plus(guarded("provider " + p.name(), () -> provider(p.name(), keychain)));
        }
        for (IdentityConfig i : config.auth().identities().values()) {
            all = all.plus(guarded("identity " + i.name(), () -> identity(i.name(), keychain)));
        }
        return all;
    }

    /**
     * Every realm's credential files under {@code $XDG_CONFIG_HOME/atmos} (the directories holding an
     * {@code aws/} or {@code azure/} directory, as the Go Atmos finds them, and the files of no realm),
     * and with {@code keychain} the keyring entries of this configuration's identities in each realm.
     */
    public Removed allRealms(boolean keychain) {
        Path base = Xdg.configHome(context.host()).resolve("atmos");
        List<String> files = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> realms = new ArrayList<>();
        if (Files.isDirectory(base)) {
            for (String cloud : List.of("aws", "azure")) {
                if (Files.isDirectory(base.resolve(cloud))) {
                    files.add(base.resolve(cloud).toString());
                }
            }
            try (Stream<Path> dirs = Files.list(base)) {
                for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                    if (Files.isDirectory(d.resolve("aws")) || Files.isDirectory(d.resolve("azure"))) {
                        realms.add(d.getFileName().toString());
                        files.add(d.toString());
                    }
                }
            } catch (IOException e) {
                failures.add(base + ": " + e.getMessage());
            }
        }
        if (!dryRun) {
            for (String f : files) {
                try {
                    deleteTree(Path.of(f));
                } catch (IOException e) {
                    failures.add(f + ": " + e.getMessage());
                }
            }
        }
        if (keychain) {
            List<String> keys = context.store().keyring().keys();
            for (IdentityConfig i : config.auth().identities().values()) {
                List<String> candidates = new ArrayList<>();
                candidates.add("atmos_" + i.key());
                realms.forEach(r -> candidates.add("atmos_" + r + "_" + i.key()));
                for (String k : candidates) {
                    if (keys.contains(k)) {
                        if (!dryRun) {
                            context.store().keyring().remove(k);
                        }
                        entries.add(k);
                    }
                }
            }
        }
        return new Removed(entries, files, failures);
    }

    private interface Action {
        Removed run();
    }

    private static Removed guarded(String what, Action a) {
        try {
            return a.run();
        } catch (AtmosException e) {
            return new Removed(List.of(), List.of(), List.of(what + ": " + e.getMessage()));
        }
    }

    private void removeEntry(String alias, List<String> removed) {
        // Presence only: removing must work without the file keyring's password (a forgotten one included).
        if (context.store().contains(alias)) {
            if (!dryRun) {
                context.store().remove(alias);
            }
            removed.add(context.store().key(alias));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
