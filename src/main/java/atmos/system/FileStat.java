package atmos.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The state of a path as one comparable string: {@code -} when it does not exist, else its type, size,
 * modification and change times (nanoseconds) and inode, as {@code lstat} reports them; a symbolic
 * link also gets the state of what it points to. Any edit, replacement, rename over it, or change of a
 * link's target changes the string (the change time cannot be set back by anyone but root); a
 * directory's changes when an entry is added, removed or renamed in it.
 */
public final class FileStat {
    private static final String UNIX = "unix:mode,size,lastModifiedTime,ctime,ino,dev";

    private FileStat() {
    }

    /** The state of {@code p} now. */
    public static String of(Path p) {
        StringBuilder b = new StringBuilder(64);
        try {
            if (append(b, p, LinkOption.NOFOLLOW_LINKS) == 'l') {
                b.append('>');
                append(b, p);
            }
        } catch (NoSuchFileException e) {
            b.append('-');
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            // Unreadable state: a value that never equals a later one, so nothing depending on it is replayed.
            b.append("?").append(System.nanoTime());
        }
        return b.toString();
    }

    /** The newest change time (milliseconds) recorded in {@code stat}, or 0. */
    public static long newestChangeMillis(String stat) {
        long newest = 0;
        int i = 0;
        while (true) {
            int c = stat.indexOf(" c", i);
            if (c < 0) {
                return newest;
            }
            int end = c + 2;
            while (end < stat.length() && Character.isDigit(stat.charAt(end))) {
                end++;
            }
            if (end > c + 2) {
                newest = Math.max(newest, Long.parseLong(stat.substring(c + 2, end)) / 1_000_000L);
            }
            i = end;
        }
    }

    /** Appends the state of {@code p}; returns its type ({@code d f l o}). */
    private static char append(StringBuilder b, Path p, LinkOption... how) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(p, UNIX, how);
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            var basic = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, how);
            char t = basic.isDirectory() ? 'd' : basic.isRegularFile() ? 'f' : basic.isSymbolicLink() ? 'l' : 'o';
            b.append(t)
                    .append(" s").append(basic.size())
                    .append(" m").append(nanos(basic.lastModifiedTime()))
                    .append(" c").append(nanos(basic.lastModifiedTime()))
                    .append(" k").append(basic.fileKey());
            return t;
        }
        int mode = (Integer) a.get("mode");
        int type = mode & 0170000;
        char t = type == 0040000 ? 'd' : type == 0100000 ? 'f' : type == 0120000 ? 'l' : 'o';
        b.append(t).append(Integer.toOctalString(mode & 07777))
                .append(" s").append(a.get("size"))
                .append(" m").append(nanos((FileTime) a.get("lastModifiedTime")))
                .append(" c").append(nanos((FileTime) a.get("ctime")))
                .append(" i").append(a.get("ino"))
                .append(" v").append(a.get("dev"));
        return t;
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }
}
