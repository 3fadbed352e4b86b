package atmos.log;

import atmos.system.SecureFiles;
import atmos.text.JsonText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The audit trail ({@code auth.logs.audit}): one JSON object per line for every login, refresh, exec,
 * shell, logout and terraform run — the time, the event, the identity and its chain, the expiration,
 * the process id and the atmos command. Never a value: callers pass names and times only, and every
 * string still goes through the log's secret mask as a second line of defence.
 *
 * <p>Several atmos processes append to one file: each line is a single write to a file opened with
 * O_APPEND under an exclusive lock on that file, so lines never interleave. The file is created 0600
 * (missing directories 0700) whatever the umask, is never reached through a symbolic link, and is
 * rotated by size: past {@code audit_max_size} it becomes {@code <file>.1} (then {@code .2}, {@code .3};
 * the oldest is dropped). An audit trail that cannot be written is a warning, not a failed login.
 */
public final class AuditLog {
    /** Default {@code auth.logs.audit_max_size}: 10 MiB. */
    public static final long DEFAULT_MAX_BYTES = 10L << 20;
    /** Rotated files kept beside the current one. */
    public static final int KEEP = 3;
    /** How long one event waits for another process's append (a few milliseconds in practice). */
    private static final java.time.Duration LOCK_WAIT = java.time.Duration.ofSeconds(10);

    private static final AuditLog DISABLED = new AuditLog(null, 0, Clock.systemUTC(), "", null);

    private final Path file;
    private final long maxBytes;
    private final Clock clock;
    private final String command;
    private final Log log;

    /**
     * @param file     the audit file (absolute), or null for none
     * @param maxBytes the size past which the file is rotated
     * @param command  the atmos command being run ({@code auth login}, {@code terraform} …)
     * @param log      where a failure to write is reported, and whose secret mask every line goes through
     */
    public AuditLog(Path file, long maxBytes, Clock clock, String command, Log log) {
        this.file = file == null ? null : file.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.command = command;
        this.log = log;
    }

    /**
     * The trail {@code auth.logs} configures: {@code audit} (a path; {@code ~/} is the home directory,
     * a relative path is taken from the working directory) and {@code audit_max_size} (see
     * {@link #parseSize}). Values are checked by {@code auth validate}; here a bad size falls back to
     * the default.
     */
    public static AuditLog from(java.util.Optional<String> audit, java.util.Optional<String> auditMaxSize, atmos.system.Host host, String command,
                                Log log) {
        var path = audit.filter(p -> !p.isBlank());
        if (path.isEmpty()) {
            return DISABLED;
        }
        long max = auditMaxSize.map(v -> {
            try {
                return parseSize(v);
            } catch (IllegalArgumentException e) {
                return DEFAULT_MAX_BYTES;
            }
        }).orElse(DEFAULT_MAX_BYTES);
        return new AuditLog(host.expandHome(path.get()), max, host.clock(), command, log);
    }

    /**
     * A size: bytes ({@code 1048576}) or a number with a unit, {@code KB}/{@code MB}/{@code GB} (powers
     * of 1000) or {@code KiB}/{@code MiB}/{@code GiB} (powers of 1024), case-insensitive; at least 1 KiB.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static long parseSize(String text) {
        var m = java.util.regex.Pattern.compile("(?i)\\s*(\\d{1,15})\\s*(b|kb|kib|mb|mib|gb|gib)?\\s*").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a size; write bytes (1048576) or a number with a unit: 10MiB, 500KB, 1GiB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(java.util.Locale.ROOT);
        long factor = switch (unit) {
            case "kb" -> 1000L;
            case "kib" -> 1L << 10;
            case "mb" -> 1000L * 1000;
            case "mib" -> 1L << 20;
            case "gb" -> 1000L * 1000 * 1000;
            case "gib" -> 1L << 30;
            default -> 1L;
        };
        if (n > Long.MAX_VALUE / factor) {
            throw new IllegalArgumentException("\"" + text + "\" is too large");
        }
        long bytes = n * factor;
        if (bytes < 1024) {
            throw new IllegalArgumentException("\"" + text + "\" is too small: the audit log needs at least 1KiB before it is rotated");
        }
        return bytes;
    }

    public static AuditLog disabled() {
        return DISABLED;
    }

    public boolean enabled() {
        return file != null;
    }

    /** The same trail for another atmos command (a workflow step). */
    public AuditLog forCommand(String newCommand) {
        return file == null ? this : new AuditLog(file, maxBytes, clock, newCommand, log);
    }

    /**
     * Appends one event. {@code fields} (insertion order kept; null values left out) are names, times
     * and flags, never credentials.
     */
    public void record(String event, Map<String, ?> fields) {
        if (file == null) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", DateTimeFormatter.ISO_INSTANT.format(clock.instant()));
        line.put("event", event);
        fields.forEach((k, v) -> {
            if (v != null) {
                line.put(k, v instanceof Instant i ? DateTimeFormatter.ISO_INSTANT.format(i) : v);
            }
        });
        line.put("pid", ProcessHandle.current().pid());
        line.put("command", command);
        String json = JsonText.compact(line);
        if (log != null) {
            json = log.mask(json);
        }
        try {
            append((json.replace("\n", "\\n") + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            if (log != null) {
                log.warnOnce("cannot write the audit log " + file + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
    }

    @SuppressWarnings("try") // the lock is held for the body
    private void append(byte[] bytes) throws IOException {
        SecureFiles.createPrivateDirs(file.getParent());
        // A lock file beside the trail, never rotated itself: appends and rotation are serialised across processes.
        try (SecureFiles.Lock ignored = SecureFiles.lockFile(file.resolveSibling(file.getFileName() + ".lock"), LOCK_WAIT, null)) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                tighten();
                if (Files.size(file) > 0 && Files.size(file) + bytes.length > maxBytes) {
                    rotate();
                }
            }
            try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                    LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        }
    }

    private void tighten() throws IOException {
        var perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        if (!perms.equals(PosixFilePermissions.fromString("rw-------"))) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** {@code file} → {@code file.1} → … → {@code file.KEEP}; the oldest is dropped. */
    private void rotate() throws IOException {
        Files.deleteIfExists(sibling(KEEP));
        for (int i = KEEP - 1; i >= 1; i--) {
            if (Files.exists(sibling(i), LinkOption.NOFOLLOW_LINKS)) {
                Files.move(sibling(i), sibling(i + 1), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(file, sibling(1), StandardCopyOption.ATOMIC_MOVE);
    }

    private Path sibling(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    public Path file() {
        return file;
    }
}
