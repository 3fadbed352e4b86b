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
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;

/**
 * Files that hold secrets: owner-only (0600) in owner-only directories (0700), replaced atomically
 * (temporary file in the same directory, fsync, rename) so a crash never leaves half a file, and
 * serialised across processes with a lock file beside them.
 */
public final class SecureFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private SecureFiles() {
    }

    /** Creates {@code dir} (and parents) and makes {@code dir} itself owner-only. */
    public static void ensurePrivateDir(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
            }
            if (POSIX) {
                Files.setPosixFilePermissions(dir, DIR);
            }
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot create directory " + dir + ": " + e.getMessage(),
                    "check the permissions of its parent directory");
        }
    }

    /** Replaces {@code file} with {@code content}, atomically, mode 0600. */
    public static void writeAtomically(Path file, byte[] content) {
        Path dir = file.toAbsolutePath().getParent();
        ensurePrivateDir(dir);
        Path tmp = null;
        try {
            tmp = POSIX ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(FILE))
                    : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot write " + file + ": " + e.getMessage(), "check free disk space and permissions");
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

    /** Appends to {@code file}, creating it 0600 (for env output files). */
    public static void append(Path file, byte[] content) {
        try {
            if (!Files.exists(file)) {
                if (file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                if (POSIX) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
                } else {
                    Files.createFile(file);
                }
            }
            Files.write(file, content, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot write " + file + ": " + e.getMessage(), "check the path and permissions");
        }
    }

    /** An exclusive cross-process lock; the OS releases it if the holder dies. */
    public interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the lock on {@code lockFile} (created 0600), waiting up to {@code timeout}; {@code onWait}
     * runs once if the lock is busy at first.
     */
    public static Lock lock(Path lockFile, Duration timeout, Runnable onWait) {
        ensurePrivateDir(lockFile.toAbsolutePath().getParent());
        FileChannel ch;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (POSIX) {
                Files.setPosixFilePermissions(lockFile, FILE);
            }
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot open lock file " + lockFile + ": " + e.getMessage(), null);
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
                    throw new AtmosException(ExitCode.FAILURE, "timed out after " + timeout.toSeconds() + "s waiting for " + lockFile,
                            "another atmos process holds it; if none is running, try again");
                }
                Thread.sleep(25);
            }
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot lock " + lockFile + ": " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AtmosException(ExitCode.INTERRUPTED, "interrupted while waiting for " + lockFile, null);
        }
    }
}
