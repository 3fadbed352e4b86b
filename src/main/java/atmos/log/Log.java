package atmos.log;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tool's logger: leveled lines to stderr or to the file set by {@code auth.logs.file}, never to
 * stdout. Values registered with {@link #secret} are masked in every line as a second line of defence;
 * the first is that no code passes a secret to a log call.
 */
public final class Log {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private volatile Level level;
    private volatile PrintWriter sink;
    private final Clock clock;
    private final List<String> secrets = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger lines = new java.util.concurrent.atomic.AtomicInteger();

    public Log(Level level, PrintWriter sink, Clock clock) {
        this.level = level;
        this.sink = sink;
        this.clock = clock;
    }

    public static Log silent() {
        return new Log(Level.OFF, new PrintWriter(PrintWriter.nullWriter()), Clock.systemUTC());
    }

    public void configure(Level newLevel, PrintWriter newSink) {
        this.level = newLevel;
        if (newSink != null) {
            this.sink = newSink;
        }
    }

    public Level level() {
        return level;
    }

    public boolean enabled(Level l) {
        return l != Level.OFF && l.ordinal() >= level.ordinal();
    }

    /** Registers a value that must never appear in a log line (masked as ***). */
    public void secret(String value) {
        if (value != null && value.length() >= 4) {
            secrets.add(value);
        }
    }

    public void trace(String msg, Object... kv) {
        write(Level.TRACE, msg, kv);
    }

    public void debug(String msg, Object... kv) {
        write(Level.DEBUG, msg, kv);
    }

    public void info(String msg, Object... kv) {
        write(Level.INFO, msg, kv);
    }

    public void warn(String msg, Object... kv) {
        write(Level.WARN, msg, kv);
    }

    /** A warning shown once per run however often the condition is met (a damaged file read several times). */
    public void warnOnce(String msg) {
        if (warned.add(msg)) {
            warn(msg);
        }
    }

    public void error(String msg, Object... kv) {
        write(Level.ERROR, msg, kv);
    }

    /** How many lines were written (at any level, to any sink): a run that logged nothing is silent. */
    public int lines() {
        return lines.get();
    }

    private void write(Level l, String msg, Object... kv) {
        if (!enabled(l)) {
            return;
        }
        lines.incrementAndGet();
        StringBuilder b = new StringBuilder();
        if (level.ordinal() <= Level.DEBUG.ordinal()) {
            b.append(TIME.format(clock.instant())).append(' ');
        }
        b.append(String.format("%-5s", l.label())).append(' ').append(msg);
        for (int i = 0; i + 1 < kv.length; i += 2) {
            String v = String.valueOf(kv[i + 1]);
            b.append(' ').append(kv[i]).append('=').append(v.contains(" ") ? '"' + v + '"' : v);
        }
        String line = mask(b.toString());
        PrintWriter s = sink;
        synchronized (s) {
            s.println(line);
            s.flush();
        }
    }

    /** Replaces every registered secret in {@code text}. */
    public String mask(String text) {
        String out = text;
        for (String s : new ArrayList<>(secrets)) {
            out = out.replace(s, "***");
        }
        return out;
    }
}
