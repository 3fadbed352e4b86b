package atmos.config;

import atmos.error.AtmosException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The bounds that keep a hostile or broken configuration from hanging the tool or exhausting its
 * memory: every configuration file (atmos.yaml, fragments, imports, profiles, {@code !include}) is
 * read only when it is small enough, YAML may not nest too deeply nor grow too large through aliases,
 * and {@code !exec} commands are stopped when they run too long or print too much. Each limit is far
 * above what a real atmos.yaml needs; documented in docs/configuration.md and SECURITY.md.
 */
public final class ConfigLimits {
    /** Largest configuration file read, in bytes (checked before reading). */
    public static final long MAX_FILE_BYTES = 4L << 20;
    /** Deepest nesting of maps and lists in one document or in {@code !exec} JSON output. */
    public static final int MAX_DEPTH = 256;
    /** Most values (maps, lists, scalars) all configuration files of one load may hold once aliases are expanded. */
    public static final long MAX_VALUES = 1_000_000;
    /** Most text (keys and scalars, in characters) all files of one load may hold once aliases are expanded. */
    public static final long MAX_TEXT = 32L << 20;
    /** Most output an {@code !exec} command may print before it is stopped. */
    public static final int MAX_EXEC_OUTPUT = 1 << 20;
    /** How long an {@code !exec} command may run unless {@link #EXEC_TIMEOUT_ENV} says otherwise. */
    public static final Duration DEFAULT_EXEC_TIMEOUT = Duration.ofSeconds(60);
    /** Seconds or a Go duration ({@code 90s}, {@code 5m}) replacing {@link #DEFAULT_EXEC_TIMEOUT}. */
    public static final String EXEC_TIMEOUT_ENV = "ATMOS_YAML_EXEC_TIMEOUT";

    private ConfigLimits() {
    }

    /**
     * What one load of the configuration has used of {@link #MAX_VALUES} and {@link #MAX_TEXT}: every
     * file read (and every {@code !include}, every {@code !exec} JSON output) is charged, so many files
     * each under the limit cannot add up to a blow-up either.
     */
    public static final class Budget {
        private long values;
        private long text;

        public long remainingValues() {
            return MAX_VALUES - values;
        }

        public long remainingText() {
            return MAX_TEXT - text;
        }

        /** Adds a document's expanded size; callers check against the remaining amounts first. */
        public void charge(long moreValues, long moreText) {
            values += moreValues;
            text += moreText;
        }
    }

    /**
     * The text of a configuration file, read only when it is at most {@link #MAX_FILE_BYTES} (checked
     * before reading and again while reading, in case it grows) and valid UTF-8.
     *
     * @param what how messages name the file: {@code atmos.yaml}, {@code atmos.yaml:3: !include x.yaml}
     * @throws java.nio.file.NoSuchFileException when the file does not exist (callers word that themselves)
     */
    public static String readText(Path file, String what) throws java.nio.file.NoSuchFileException {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw tooLarge(what, size);
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            }
            if (bytes.length > MAX_FILE_BYTES) {
                throw tooLarge(what, Math.max(size, bytes.length));
            }
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.file.NoSuchFileException e) {
            throw e;
        } catch (CharacterCodingException e) {
            throw AtmosException.config(what + ": not UTF-8 text (a binary file?)",
                    "configuration files are UTF-8 YAML; check that the path points at the right file");
        } catch (IOException e) {
            throw AtmosException.config(what + ": cannot read the file: " + e.getMessage(), "check the file's permissions");
        }
    }

    private static AtmosException tooLarge(String what, long size) {
        return AtmosException.config(what + ": the file is " + bytes(size) + ", more than the " + mib(MAX_FILE_BYTES)
                        + " allowed for a configuration file",
                "check that the path points at a configuration file; atmos.yaml, its imports, profiles and !include files must be at most "
                        + mib(MAX_FILE_BYTES));
    }

    /** A file size as people read it: {@code 512 B}, {@code 1.5 KiB}, {@code 3.0 GiB}. */
    public static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        double v = n;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** A limit that is a whole number of MiB, as the documentation writes it: {@code 4 MiB}. */
    static String mib(long n) {
        return (n >> 20) + " MiB";
    }
}
