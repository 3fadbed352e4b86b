package atmos.snapshot;

import atmos.system.Host;
import atmos.system.SecureFiles;
import atmos.system.Xdg;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where snapshots live: {@code $XDG_CACHE_HOME/atmos/snapshots/<name>}, 0600 in 0700 directories,
 * checked like every private file of atmos before each read (owner, mode, no link below
 * {@code $XDG_CACHE_HOME/atmos}): a snapshot decides which files a command trusts, so one another user
 * could have planted or changed is refused. Beside them, {@code key} holds the random key of the keyed
 * hashes (file names, environment values).
 */
final class SnapshotStore {
    /** Files kept at most; the oldest are removed when there are more (one per directory and command line). */
    static final int MAX_FILES = 256;
    /** Larger than any snapshot; a larger file is not read. */
    private static final int MAX_BYTES = 1 << 20;

    private final Path root;
    private final Path dir;

    private SnapshotStore(Path root) {
        this.root = root;
        this.dir = root.resolve("snapshots");
    }

    /** The store of {@code host}'s cache directory, or null when there is none (no absolute HOME or XDG_CACHE_HOME). */
    static SnapshotStore of(Host host) {
        try {
            return new SnapshotStore(Xdg.cacheHome(host).resolve("atmos").toAbsolutePath().normalize());
        } catch (RuntimeException noCacheHome) {
            return null;
        }
    }

    Path dir() {
        return dir;
    }

    /** The hash key, or null when there is none yet (nothing was ever saved) or it cannot be trusted. */
    SipHash key() {
        byte[] text = readPrivate(dir.resolve("key"), 64);
        if (text == null || text.length != 32) {
            return null;
        }
        byte[] key = new byte[16];
        for (int i = 0; i < 16; i++) {
            int hi = Character.digit(text[2 * i], 16);
            int lo = Character.digit(text[2 * i + 1], 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            key[i] = (byte) (hi << 4 | lo);
        }
        return new SipHash(key);
    }

    /** The key, created (random, 0600) when missing. */
    SipHash keyCreating() {
        SipHash existing = key();
        if (existing != null) {
            return existing;
        }
        SecureFiles.securePrivateDir(root, dir);
        byte[] key = new byte[16];
        new java.security.SecureRandom().nextBytes(key);
        StringBuilder hex = new StringBuilder(32);
        for (byte b : key) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        SecureFiles.writeAtomically(dir.resolve("key"), hex.toString().getBytes(StandardCharsets.US_ASCII));
        return new SipHash(key);
    }

    /** The snapshot file of a command line run in {@code cwd} (only its words up to a {@code --} name it). */
    Path file(SipHash key, String cwd, List<String> args) {
        StringBuilder b = new StringBuilder(256).append(Snapshot.VERSION).append('\0').append(cwd);
        for (String a : FastPath.namingWords(args)) {
            b.append('\0').append(a);
        }
        return dir.resolve(key.hex(b.toString()));
    }

    /** The snapshot in {@code file}, or null when there is none, it is damaged, or it cannot be trusted. */
    Snapshot read(Path file) {
        byte[] bytes = readPrivate(file, MAX_BYTES);
        return bytes == null ? null : Snapshot.parse(bytes);
    }

    void write(Path file, Snapshot snapshot) {
        SecureFiles.securePrivateDir(root, dir);
        SecureFiles.writeAtomically(file, snapshot.render());
        prune();
    }

    /** Removes the snapshot of a command line (it no longer holds). */
    void remove(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale snapshot is replaced at the next save anyway
        }
    }

    private void prune() {
        List<Path> files = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (!p.getFileName().toString().equals("key") && !p.getFileName().toString().startsWith(".")) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            return;
        }
        if (files.size() <= MAX_FILES) {
            return;
        }
        files.sort(java.util.Comparator.comparingLong(SnapshotStore::modified));
        for (Path p : files.subList(0, files.size() - MAX_FILES / 2)) {
            remove(p);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The bytes of a private file of the store once it is known to be this user's own, private and
     * reached through no link (see {@link SecureFiles#checkSecretFile}); null when it is missing, too
     * large, or not to be trusted (the reason is left to the normal path, which checks the same).
     */
    private byte[] readPrivate(Path file, int max) {
        try {
            if (!SecureFiles.checkSecretFile(root, file)) {
                return null;
            }
            try (InputStream in = Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                byte[] bytes = in.readNBytes(max + 1);
                return bytes.length > max ? null : bytes;
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
