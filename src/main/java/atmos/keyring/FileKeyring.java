package atmos.keyring;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.PasswordBasedDecrypter;
import com.nimbusds.jose.crypto.PasswordBasedEncrypter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.text.ParseException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;

/**
 * An encrypted directory of items in exactly the format of the 99designs/keyring v1.2.2
 * {@code FileBackend}, which the Go Atmos uses for {@code auth.keyring.type: file}, so either tool
 * reads what the other wrote.
 *
 * <ul>
 *   <li>One file per item: {@code <dir>/<key>} with only {@code %} and {@code /} percent-encoded
 *       ({@code %25}, {@code %2F}; github.com/mtibben/percent), mode 0600, in a 0700 directory.
 *   <li>Content: a JWE compact serialization, {@code alg} PBES2-HS256+A128KW ({@code p2c} 8192,
 *       12-byte {@code p2s}, as jose2go writes), {@code enc} A256GCM, plus a {@code created} header
 *       holding the write time in Go's {@code time.Time.String()} layout.
 *   <li>Plaintext: the JSON of 99designs {@code Item}: {@code Key}, {@code Data} (standard base64 of
 *       the value's UTF-8 bytes), {@code Label}, {@code Description},
 *       {@code KeychainNotTrustApplication}, {@code KeychainNotSynchronizable}.
 * </ul>
 *
 * <p>Unlike the Go backend, items are written atomically (temporary dotfile, fsync, rename), and the
 * directory is created only when the first item is written. Keys that are empty, start with a dot
 * (reserved for those temporary files) or contain NUL are refused. The JWE work is Nimbus JOSE+JWT's;
 * its header JSON lists the same fields as jose2go but in its own order, which Go accepts (the
 * header is authenticated as written).
 */
public final class FileKeyring implements Keyring {

    /** jose2go's PBES2 defaults (pbse2_hmac_aeskw.go, WrapNewKey): 12 random salt bytes, 8192 rounds. */
    static final int SALT_BYTES = 12;
    static final int ITERATIONS = 8192;

    private static final String PASSWORD_HINT = "use the password the keyring was created with: set ATMOS_KEYRING_PASSWORD "
            + "(or the variable named by ATMOS_KEYRING_PASSWORD_ENV / auth.keyring.spec.password_env)";
    private static final String DAMAGED_HINT = "remove the file (it cannot be read with any password) "
            + "and log in again to store the credentials anew";

    private final Path dir;
    private final PasswordSource passwords;
    private final Clock clock;
    private final atmos.system.SecureFiles.BeforeCommit beforeCommit;
    private byte[] password; // UTF-8, as Go's []byte(password); guarded by this

    public FileKeyring(Path dir, PasswordSource passwords) {
        this(dir, passwords, Clock.systemDefaultZone(), temp -> { });
    }

    FileKeyring(Path dir, PasswordSource passwords, Clock clock, atmos.system.SecureFiles.BeforeCommit beforeCommit) {
        this.dir = dir.toAbsolutePath().normalize();
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.beforeCommit = Objects.requireNonNull(beforeCommit, "beforeCommit");
    }

    @Override
    public String describe() {
        return "file (" + dir + ")";
    }

    @Override
    public Optional<String> get(String key) {
        Path file = fileFor(key);
        byte[] token;
        try {
            // An item someone else planted or linked in is never read (the directory is checked on the way).
            if (!atmos.system.SecureFiles.checkSecretFile(dir, file)) {
                return Optional.empty();
            }
            token = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("cannot read keyring file " + file + ": " + reason(e), permissionHint(e), e);
        }
        byte[] plaintext = decrypt(key, file, new String(token, StandardCharsets.US_ASCII).strip());
        return Optional.of(valueOf(file, plaintext));
    }

    @Override
    public void set(String key, String value) {
        Objects.requireNonNull(value, "value");
        Path file = fileFor(key);
        createDirectory();
        String token = encrypt(GoItemFormat.itemJson(key, value.getBytes(StandardCharsets.UTF_8)));
        writeAtomically(file, token.getBytes(StandardCharsets.US_ASCII));
        removeStaleTemporaries();
    }

    @Override
    public void remove(String key) {
        Path file = fileFor(key);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw failure("cannot remove keyring file " + file + ": " + reason(e), permissionHint(e), e);
        }
    }

    /** Asks for the password and checks it against the stored items. */
    @Override
    public void unlock() {
        password();
    }

    @Override
    public boolean contains(String key) {
        return Files.isRegularFile(fileFor(key), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public List<String> keys() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        atmos.system.SecureFiles.securePrivateDir(dir, dir);
        // Sorted by file name, as Go's os.ReadDir returns them.
        Map<String, String> byFileName = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    byFileName.put(name, GoItemFormat.percentDecode(name));
                }
            }
        } catch (IOException e) {
            throw failure("cannot list the file keyring " + dir + ": " + reason(e), permissionHint(e), e);
        }
        return new ArrayList<>(byFileName.values());
    }

    // --- file names -------------------------------------------------------------------------------

    private Path fileFor(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.startsWith(".") || key.indexOf('\0') >= 0) {
            throw failure("invalid keyring key \"" + key.replace("\0", "\\0")
                    + "\": a key must be non-empty, must not start with \".\" and must not contain NUL", null, null);
        }
        return dir.resolve(GoItemFormat.percentEncode(key));
    }

    // --- encryption -------------------------------------------------------------------------------

    private String encrypt(byte[] plaintext) {
        JWEHeader header = new JWEHeader.Builder(JWEAlgorithm.PBES2_HS256_A128KW, EncryptionMethod.A256GCM)
                .customParam("created", GoItemFormat.goTimeString(ZonedDateTime.now(clock)))
                .build();
        JWEObject jwe = new JWEObject(header, new Payload(plaintext));
        try {
            // Nimbus adds p2s (SALT_BYTES random bytes) and p2c to the header, as jose2go does.
            jwe.encrypt(new PasswordBasedEncrypter(password(), SALT_BYTES, ITERATIONS));
        } catch (JOSEException e) {
            throw failure("cannot encrypt an item for the file keyring " + dir + ": " + e.getMessage(), null, e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        return jwe.serialize();
    }

    private byte[] decrypt(String key, Path file, String token) {
        JWEObject jwe;
        try {
            jwe = JWEObject.parse(token);
        } catch (ParseException e) {
            throw damaged(file, "not a JWE compact serialization", e);
        }
        if (!PasswordBasedDecrypter.SUPPORTED_ALGORITHMS.contains(jwe.getHeader().getAlgorithm())) {
            throw damaged(file, "not password-encrypted (alg " + jwe.getHeader().getAlgorithm() + ")", null);
        }
        try {
            jwe.decrypt(new PasswordBasedDecrypter(password()));
        } catch (JOSEException e) {
            if (hasCause(e, InvalidKeyException.class)) {
                // The AES key unwrap integrity check failed: the key derived from this password is wrong.
                throw failure("cannot decrypt \"" + key + "\" in the file keyring " + dir + ": wrong password",
                        PASSWORD_HINT, e);
            }
            if (hasCause(e, AEADBadTagException.class)) {
                throw damaged(file, "the content fails its integrity check", e);
            }
            throw damaged(file, e.getMessage(), e);
        }
        return jwe.getPayload().toBytes();
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private synchronized byte[] password() {
        if (password == null) {
            char[] chars = passwords.password(dir);
            if (chars == null || chars.length == 0) {
                throw failure("no password for the file keyring " + dir, PASSWORD_HINT, null);
            }
            ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
            byte[] candidate = Arrays.copyOfRange(utf8.array(), utf8.position(), utf8.limit());
            Arrays.fill(chars, '\0');
            Arrays.fill(utf8.array(), (byte) 0);
            verify(candidate);
            password = candidate;
        }
        return password;
    }

    /**
     * A mistyped password must change nothing: before it is used for anything, it has to open an item
     * already in the keyring (items that no password opens are skipped). An empty keyring takes any
     * password, as the Go backend does.
     */
    private void verify(byte[] candidate) {
        for (String key : keys()) {
            Path file = dir.resolve(GoItemFormat.percentEncode(key));
            JWEObject jwe;
            try {
                if (!atmos.system.SecureFiles.checkSecretFile(dir, file)) {
                    continue;
                }
                jwe = JWEObject.parse(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip());
            } catch (IOException | ParseException | AtmosException e) {
                continue;
            }
            if (!PasswordBasedDecrypter.SUPPORTED_ALGORITHMS.contains(jwe.getHeader().getAlgorithm())) {
                continue;
            }
            try {
                jwe.decrypt(new PasswordBasedDecrypter(candidate));
                Arrays.fill(jwe.getPayload().toBytes(), (byte) 0);
                return;
            } catch (JOSEException e) {
                if (hasCause(e, InvalidKeyException.class)) {
                    Arrays.fill(candidate, (byte) 0);
                    throw failure("wrong password for the file keyring " + dir + ": it does not open the items already stored there"
                            + " (nothing was changed)", PASSWORD_HINT, e);
                }
                // damaged item: try the next one
            }
        }
    }

    private String valueOf(Path file, byte[] plaintext) {
        try {
            return GoItemFormat.itemData(plaintext);
        } catch (IllegalArgumentException e) {
            throw damaged(file, e.getMessage(), null);
        }
    }

    // --- files ------------------------------------------------------------------------------------

    private boolean posix() {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private void createDirectory() {
        if (Files.isDirectory(dir)) {
            atmos.system.SecureFiles.securePrivateDir(dir, dir);
            return;
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
            throw failure("the file keyring path " + dir + " is a file, not a directory",
                    "point ATMOS_KEYRING_FILE_PATH / auth.keyring.spec.path at a directory", null);
        }
        try {
            if (posix()) {
                // Like Go's MkdirAll(dir, 0700): every directory created gets 0700 (less the umask).
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw failure("cannot create the file keyring directory " + dir + ": " + reason(e), permissionHint(e), e);
        }
    }

    private void writeAtomically(Path file, byte[] content) {
        try {
            // A dotfile in the same directory: same file system for the rename, and keys() skips it.
            atmos.system.SecureFiles.replace(file, content, beforeCommit);
        } catch (IOException | RuntimeException e) {
            // Nothing was replaced: the item (and every other one) is as it was before this write.
            throw failure("cannot write keyring file " + file + ": " + reason(e), e instanceof AccessDeniedException ? permissionHint(e)
                    : "free some disk space and check the permissions of " + dir + ", then run the command again (what was stored is unchanged)", e);
        }
    }

    /** A temporary item older than this was left by a writer that died (a write takes milliseconds). */
    public static final java.time.Duration STALE_TEMPORARY = java.time.Duration.ofMinutes(10);

    /**
     * Removes the temporary items writers killed before their rename left ({@code .…tmp}). The keyring
     * has no lock, so only those old enough that no live writer can still own them go.
     */
    private void removeStaleTemporaries() {
        long cutoff = System.currentTimeMillis() - STALE_TEMPORARY.toMillis();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path stale : entries) {
                if (Files.isRegularFile(stale, LinkOption.NOFOLLOW_LINKS)
                        && Files.getLastModifiedTime(stale, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoff) {
                    Files.deleteIfExists(stale);
                }
            }
        } catch (IOException e) {
            // best effort: keys() skips dotfiles, so a left-over one harms nothing
        }
    }

    private static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private String permissionHint(Exception e) {
        return e instanceof AccessDeniedException ? "check the owner and permissions of " + dir : null;
    }

    private static AtmosException damaged(Path file, String why, Throwable cause) {
        return failure("keyring file " + file + " is damaged or not a keyring item: " + why, DAMAGED_HINT, cause);
    }

    private static AtmosException failure(String message, String hint, Throwable cause) {
        return new AtmosException(ExitCode.KEYRING, message, hint, cause);
    }
}
