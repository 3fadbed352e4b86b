package atmos.system;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Browser profile directories for {@code atmos auth console --isolated}: one per realm and identity,
 * {@code <cache>/atmos/console/sessions/<16 hex digits of sha256(realm/identity)>}, created 0700 (a
 * browser profile holds the console's session cookies). The same identity reuses its profile, so it stays
 * signed in there while other identities' consoles are open in theirs.
 */
public final class IsolatedProfiles {
    private IsolatedProfiles() {
    }

    /** The profile directory for an identity, created private if missing (and checked to be this user's). */
    public static Path directory(Host host, String realm, String identity) {
        Path root = Xdg.cacheHome(host).resolve("atmos");
        Path dir = root.resolve("console").resolve("sessions").resolve(name(realm, identity));
        SecureFiles.securePrivateDir(root, dir);
        return dir;
    }

    static String name(String realm, String identity) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(((realm == null ? "" : realm) + "/" + identity.toLowerCase(Locale.ROOT))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
