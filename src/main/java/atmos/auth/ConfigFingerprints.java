package atmos.auth;

import atmos.config.IdentityConfig;
import atmos.config.ProviderConfig;
import atmos.system.Host;
import atmos.system.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the configuration of a chain was when its credentials were cached, so that credentials are not
 * used once it changed: an identity whose role ARN, account or provider was edited must not keep handing
 * out the old account's session for the rest of its hour (the Go Atmos keys its cache by name only).
 *
 * <p>One small file per cache alias under {@code $XDG_STATE_HOME/atmos/fingerprints/<realm>}, 0600 in
 * 0700 directories, holding a SHA-256 of the chain's settings: the provider's, then each identity's from
 * the root down to this one. Settings that do not change who the credentials are for (default, env,
 * tags, console, session length, descriptions) are left out, and so is any value whose key names a
 * secret. No file (entries cached by the Go Atmos or before this existed) means "trust the entry", so
 * sharing a cache with the Go Atmos keeps working.
 */
final class ConfigFingerprints {
    /** Top-level settings that do not change which principal the credentials belong to. */
    private static final Set<String> IGNORED = Set.of("default", "required", "env", "tags", "description", "console", "session", "alias");

    private final Host host;
    private final String realm;

    /** Nothing is resolved here: commands that need no files (validate, list) work without a home directory. */
    ConfigFingerprints(Host host, String realm) {
        this.host = host;
        this.realm = realm;
    }


    /** The fingerprint of the provider alone. */
    static String of(ProviderConfig provider) {
        return of(provider, List.of());
    }

    /** The fingerprint of a chain from its provider (or null) through {@code identities}, root first. */
    static String of(ProviderConfig provider, List<IdentityConfig> identities) {
        StringBuilder b = new StringBuilder();
        if (provider != null) {
            b.append("provider ").append(provider.kind()).append(' ');
            canonical(provider.node().plain(), true, b);
        }
        for (IdentityConfig i : identities) {
            b.append("\nidentity ").append(i.name()).append(' ').append(i.kind()).append(' ');
            canonical(i.node().plain(), true, b);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The chain up to and including {@code identity} (the chain's identities run from the root to the target). */
    static String of(Chain chain, IdentityConfig identity) {
        List<IdentityConfig> ids = chain.identities();
        int end = 0;
        while (end < ids.size() && !ids.get(end).name().equals(identity.name())) {
            end++;
        }
        return of(chain.provider(), ids.subList(0, Math.min(end + 1, ids.size())));
    }

    /** True when a fingerprint was recorded for {@code alias} and it is not {@code current}. */
    boolean changed(String alias, String current) {
        return recorded(alias).map(r -> !r.equals(current)).orElse(false);
    }

    /** Remembers {@code fingerprint} for what was just cached under {@code alias}. */
    void record(String alias, String fingerprint) {
        if (recorded(alias).filter(fingerprint::equals).isPresent()) {
            return;
        }
        Path f = file(alias);
        SecureFiles.securePrivateDir(RealmState.root(host), f.getParent());
        SecureFiles.writeAtomically(f, (fingerprint + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private Optional<String> recorded(String alias) {
        Path f = file(alias);
        // an input of the run: a snapshot answered for one profile is stale once another profile's login
        // of the same identity name (other settings) rewrote the shared AWS files and this fingerprint
        host.inputs().path(f);
        try {
            if (!SecureFiles.checkSecretFile(RealmState.root(host), f)) {
                return Optional.empty();
            }
            return Optional.of(Files.readString(f, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            return Optional.empty(); // unreadable: as if none, the entry is trusted as before
        }
    }

    private Path file(String alias) {
        return RealmState.file(host, "fingerprints", realm, alias);
    }

    /** Maps by sorted key, lists in order, scalars with their type: equal settings, equal text. */
    private static void canonical(Object v, boolean top, StringBuilder b) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), x));
            b.append('{');
            sorted.forEach((k, x) -> {
                if ((top && IGNORED.contains(k)) || secretKey(k)) {
                    return;
                }
                b.append(k.length()).append(':').append(k).append('=');
                canonical(x, false, b);
                b.append(';');
            });
            b.append('}');
        } else if (v instanceof List<?> l) {
            b.append('[');
            l.forEach(x -> {
                canonical(x, false, b);
                b.append(';');
            });
            b.append(']');
        } else if (v == null) {
            b.append('~');
        } else {
            String s = String.valueOf(v);
            b.append(v.getClass().getSimpleName().charAt(0)).append(s.length()).append(':').append(s);
        }
    }

    private static boolean secretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("secret") || k.contains("password") || k.contains("token") || k.equals("access_key_id");
    }
}
