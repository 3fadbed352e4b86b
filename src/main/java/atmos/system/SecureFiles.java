package atmos.system;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Files that hold secrets: owner-only (0600) in owner-only directories (0700) whatever the umask,
 * replaced atomically (temporary file in the same directory, fsync, rename) so a crash never leaves half
 * a file, and serialised across processes with a lock file beside them.
 *
 * <p>Another local user must not be able to plant or swap what atmos reads. Inside an atmos directory
 * (the {@code root} of {@link #securePrivateDir} and {@link #checkSecretFile}: the AWS files' base, the
 * file keyring, the state directory) every directory and file must be a real one (no symbolic link is
 * followed below the root), owned by this user; modes the user owns are tightened, anything else is
 * refused with an error that says how to fix it. The root itself may be reached through a link (a
 * dotfiles manager's {@code ~/.config}), but what it resolves to must be this user's own.
 */
public final class SecureFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    /**
     * The modes atmos writes, built on first write: an {@code EnumSet} reflects on its enum the first time,
     * which costs milliseconds the cached path (which only reads) does not need to spend.
     */
    private static final class Modes {
        static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
        static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
        static final Set<PosixFilePermission> OTHERS = EnumSet.of(
                PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    }

    private SecureFiles() {
    }

    /**
     * Creates the missing directories of {@code dir} (parents included) owner-only, whatever the umask;
     * directories that exist already are left as they are (they may be the user's own, e.g. the cwd).
     */
    public static void createPrivateDirs(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            return;
        }
        List<Path> missing = new ArrayList<>();
        for (Path p = abs; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.add(0, p);
        }
        missing.forEach(SecureFiles::createPrivateDir);
        if (!Files.isDirectory(abs)) {
            throw new AtmosException(ExitCode.FAILURE, "cannot create directory " + abs + ": a file is in the way",
                    "remove or rename it");
        }
    }

    /** Creates {@code dir} and its parents owner-only; {@code dir} itself must be this user's, and is made 0700. */
    public static void ensurePrivateDir(Path dir) {
        securePrivateDir(dir, dir);
    }

    /**
     * Makes {@code dir} (a directory at or below {@code root}) a private atmos directory: creates what is
     * missing 0700, then checks every directory from {@code root} down to {@code dir} (see the class doc).
     */
    public static void securePrivateDir(Path root, Path dir) {
        // Top down, each directory checked before anything is created in it: a link below the root is
        // refused before a directory could be made through it in someone else's tree.
        createPrivateDirs(root);
        for (Path p : chain(root, dir)) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                createPrivateDir(p);
            }
            checkEntry(root, p, true);
        }
    }

    /** One directory, 0700 whatever the umask; one another process created first is fine (it is checked next). */
    private static void createPrivateDir(Path p) {
        try {
            if (POSIX) {
                Files.createDirectory(p, PosixFilePermissions.asFileAttribute(Modes.DIR));
            } else {
                Files.createDirectory(p);
            }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // checked like any existing directory
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot create directory " + p + ": " + reason(e),
                    "check the permissions of its parent directory");
        }
    }

    /**
     * Checks a file atmos is about to read secrets from, and the directories from {@code root} down to
     * it. Returns false when it does not exist, or when others could write to it: its content cannot be
     * trusted, so it is deleted (it is a cache; a login writes it anew). Tightens the modes of
     * directories the user owns; throws when something is not this user's own or is a link.
     */
    public static boolean checkSecretFile(Path root, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        for (Path p : chain(root, abs.getParent())) {
            checkEntry(root, p, true);
        }
        return checkEntry(root, abs, false);
    }

    /** The directories from {@code root} down to {@code dir}, both included ({@code dir} must be under root). */
    private static List<Path> chain(Path root, Path dir) {
        Path r = root.toAbsolutePath().normalize();
        Path d = dir.toAbsolutePath().normalize();
        if (!d.startsWith(r)) {
            throw new IllegalArgumentException(d + " is not under " + r);
        }
        List<Path> out = new ArrayList<>();
        for (Path p = d; p != null && p.startsWith(r); p = p.getParent()) {
            out.add(0, p);
        }
        return out;
    }

    /** False when {@code p} is a file others could have written to (then deleted); throws when refused. */
    private static boolean checkEntry(Path root, Path p, boolean directory) {
        if (!POSIX) {
            return true;
        }
        boolean isRoot = p.equals(root.toAbsolutePath().normalize());
        LinkOption[] how = isRoot ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        int mode;
        int owner;
        try {
            // One lstat for type, mode and owner (the unix view), and no EnumSet: this runs on the cached path.
            java.util.Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid", how);
            mode = (Integer) a.get("mode");
            owner = (Integer) a.get("uid");
        } catch (NoSuchFileException e) {
            return false; // removed meanwhile (logout in another process): nothing to trust or refuse
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot check " + p + ": " + e.getMessage(), "check its permissions");
        }
        int type = mode & 0170000;
        if (type == 0120000) {
            throw refused(p, "is a symbolic link", "atmos never follows links inside its own directories; remove the link ("
                    + "rm " + p + ") and run the command again");
        }
        if (directory ? type != 0040000 : type != 0100000) {
            throw refused(p, "is not a " + (directory ? "directory" : "regular file"), "remove it (rm -rf " + p + ") and run the command again");
        }
        int me = Uid.current();
        if (owner != me) {
            throw refused(p, "belongs to another user (uid " + owner + ", you are " + me + "); someone else may have put it there",
                    "do not use what is in it; remove it (as root if needed: rm -rf " + p + ") and log in again");
        }
        if (!directory && (mode & 022) != 0) {
            try {
                Files.deleteIfExists(p);
                return false;
            } catch (IOException e) {
                throw new AtmosException(ExitCode.FAILURE, "cannot remove " + p + " (others could write to it): " + reason(e),
                        "remove it by hand and log in again");
            }
        }
        if ((mode & 077) != 0) {
            try {
                if (directory) {
                    Files.getFileAttributeView(p, PosixFileAttributeView.class, how).setPermissions(Modes.DIR);
                } else {
                    Set<PosixFilePermission> tight = EnumSet.copyOf(Files.readAttributes(p, PosixFileAttributes.class, how).permissions());
                    tight.removeAll(Modes.OTHERS);
                    Files.getFileAttributeView(p, PosixFileAttributeView.class, how).setPermissions(tight);
                }
            } catch (IOException e) {
                throw new AtmosException(ExitCode.FAILURE, "cannot make " + p + " private: " + reason(e), "run: chmod go-rwx " + p);
            }
        }
        return true;
    }

    private static AtmosException refused(Path p, String what, String hint) {
        return new AtmosException(ExitCode.FAILURE, "refusing to use " + p + ": it " + what, hint);
    }

    /**
     * Replaces {@code file} with {@code content}, atomically, mode 0600. Missing parent directories are
     * created owner-only; existing ones are not changed (check atmos's own with {@link #securePrivateDir}).
     */
    public static void writeAtomically(Path file, byte[] content) {
        createPrivateDirs(file.toAbsolutePath().getParent());
        try {
            replace(file, content, temp -> { });
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot write " + file + ": " + reason(e), "check free disk space and permissions");
        }
    }

    /** Runs between writing the temporary file and renaming it over the real one (a test seam for crashes). */
    public interface BeforeCommit {
        void run(Path tempFile) throws IOException;
    }

    /**
     * The one atomic replacement of atmos's private files: {@code content} goes to a temporary dotfile
     * beside {@code file} ({@code .<name>…tmp}, 0600), is synced, renamed over {@code file} and the
     * directory synced, so a crash leaves the old or the new content, never half of one; the temporary
     * file does not outlive a failure. The directory must exist.
     */
    public static void replace(Path file, byte[] content, BeforeCommit beforeCommit) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = POSIX ? Files.createTempFile(dir, tempPrefix(file), ".tmp", PosixFilePermissions.asFileAttribute(Modes.FILE))
                : Files.createTempFile(dir, tempPrefix(file), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            beforeCommit.run(tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            syncDirectory(dir);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file holds nothing the real file did not
                }
            }
        }
    }

    /**
     * The start of the names of {@code file}'s temporary files: a dot (listings of item directories skip
     * them) and at most 64 characters of its name, so that a long name still leaves room for the random part.
     */
    private static String tempPrefix(Path file) {
        String name = file.getFileName().toString();
        return "." + (name.length() > 64 ? name.substring(0, 64) : name);
    }

    /** Makes a rename durable; some file systems cannot sync a directory, which is fine. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    /**
     * Removes the temporary files a writer of {@code file} killed before its rename left beside it
     * ({@link #writeAtomically} names them {@code .<name>…tmp}). Only for callers holding the file's
     * lock: then no other writer of it is in the middle of a write.
     */
    public static void removeStaleTemporaries(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        String prefix = tempPrefix(file);
        try (var entries = Files.newDirectoryStream(dir, e -> {
            String n = e.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp") && n.length() > prefix.length() + 4;
        })) {
            for (Path stale : entries) {
                if (Files.isRegularFile(stale, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(stale);
                }
            }
        } catch (IOException e) {
            // best effort: a left-over temporary file holds an older copy and harms nothing
        }
    }

    /** Appends to {@code file}, creating it 0600 and its missing parents 0700 (for env output files). */
    public static void append(Path file, byte[] content) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                createPrivateDirs(parent);
            }
            try (FileChannel ch = FileChannel.open(file, createOptions(StandardOpenOption.APPEND), fileAttributes())) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot write " + file + ": " + reason(e), "check the path and permissions");
        }
    }

    /** Opens a file for appending, creating it 0600 whatever the umask (log files). */
    public static java.io.OutputStream appendStream(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            createPrivateDirs(parent);
        }
        return java.nio.channels.Channels.newOutputStream(FileChannel.open(file, createOptions(StandardOpenOption.APPEND), fileAttributes()));
    }

    private static Set<OpenOption> createOptions(OpenOption mode) {
        return Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
    }

    private static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(Modes.FILE)} : new FileAttribute<?>[0];
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** An exclusive cross-process lock; the OS releases it if the holder dies. */
    public interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the lock on {@code lockFile} (created 0600, never through a link) in a private directory,
     * waiting up to {@code timeout}; {@code onWait} runs once if the lock is busy at first.
     */
    public static Lock lock(Path lockFile, Duration timeout, Runnable onWait) {
        return lock(lockFile.toAbsolutePath().getParent(), lockFile, timeout, onWait);
    }

    /** {@link #lock(Path, Duration, Runnable)} with the private tree checked from {@code root}. */
    public static Lock lock(Path root, Path lockFile, Duration timeout, Runnable onWait) {
        return lock(root, lockFile, timeout, onWait, null);
    }

    /**
     * {@link #lock(Path, Path, Duration, Runnable)}, failing with {@code timedOut}'s error when the wait
     * is over (only then: a refused lock file is still reported as what it is).
     */
    public static Lock lock(Path root, Path lockFile, Duration timeout, Runnable onWait, java.util.function.Supplier<AtmosException> timedOut) {
        securePrivateDir(root, lockFile.toAbsolutePath().getParent());
        return lockFile(lockFile, timeout, onWait, timedOut);
    }

    /**
     * {@link #lock(Path, Duration, Runnable)} in a directory that is not atmos's own (the audit log's,
     * which may be the user's home): the directory is left as it is; the lock file is still created
     * 0600 and never through a link.
     */
    public static Lock lockFile(Path lockFile, Duration timeout, Runnable onWait) {
        return lockFile(lockFile, timeout, onWait, null);
    }

    private static Lock lockFile(Path lockFile, Duration timeout, Runnable onWait, java.util.function.Supplier<AtmosException> timedOut) {
        FileChannel ch;
        try {
            ch = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    fileAttributes());
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot open lock file " + lockFile + ": " + reason(e),
                    "it must be a regular file of yours; remove it if it is a link");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean told = false;
        try {
            while (true) {
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null;
                }
                if (l != null) {
                    FileLock held = l;
                    return () -> {
                        try {
                            held.release();
                            ch.close();
                        } catch (IOException ignored) {
                            // closing the channel releases the lock anyway
                        }
                    };
                }
                if (!told && onWait != null) {
                    onWait.run();
                    told = true;
                }
                if (System.nanoTime() > deadline) {
                    ch.close();
                    if (timedOut != null) {
                        throw timedOut.get();
                    }
                    throw new AtmosException(ExitCode.FAILURE, "timed out after " + timeout.toSeconds() + "s waiting for " + lockFile,
                            "another atmos process holds it; if none is running, try again");
                }
                Thread.sleep(25);
            }
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot lock " + lockFile + ": " + reason(e), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AtmosException(ExitCode.INTERRUPTED, "interrupted while waiting for " + lockFile, null);
        }
    }

    /** The user id of this process, read once (a process constant). */
    static final class Uid {
        private static final int CURRENT = read();

        private Uid() {
        }

        static int current() {
            return CURRENT;
        }

        private static int read() {
            try {
                // Linux: /proc/self belongs to the process's user; elsewhere ask the JDK's Unix module.
                return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return (int) new com.sun.security.auth.module.UnixSystem().getUid();
            }
        }
    }
}
