package atmos.keyring;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The macOS login Keychain through {@code /usr/bin/security}, laid out as {@code zalando/go-keyring}
 * v0.2 (which the Go Atmos uses) lays it out, so either tool reads what the other stored: a generic
 * password with service = the key ({@code atmos_<name>}) and account {@value #ACCOUNT}, the value
 * written as {@code go-keyring-base64:<base64>} (values go-keyring wrote as {@code go-keyring-encoded:<hex>}
 * or raw are read too).
 *
 * <p>Secrets never travel in argv: a value is written through {@code security -i}, whose command is
 * read from stdin (so, as in go-keyring, one command holds at most 4096 bytes); reads return the value
 * on stdout. A keychain that does not answer within {@link #TIMEOUT_SECONDS} (locked, a dialog nobody
 * sees) is an error, not a hang.
 */
public final class MacKeychain implements Keyring {
    /** The account go-keyring and the Secret Service backend use for every atmos item. */
    static final String ACCOUNT = "atmos-auth";
    static final String BASE64_PREFIX = "go-keyring-base64:";
    static final String HEX_PREFIX = "go-keyring-encoded:";
    /** go-keyring's limit for one {@code security -i} command (ErrSetDataTooBig). */
    static final int MAX_COMMAND = 4096;
    static final int TIMEOUT_SECONDS = 30;
    private static final int NOT_FOUND = 44; // errSecItemNotFound, as security(1) exits
    private static final String HINT = "unlock the login keychain (Keychain Access), or use auth.keyring.type: file";

    private final Path security;

    public MacKeychain(Path security) {
        this.security = security;
    }

    /** The real one: {@code /usr/bin/security} on macOS, else empty. */
    public static Optional<Keyring> system() {
        Path security = Path.of("/usr/bin/security");
        boolean mac = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("mac");
        return mac && Files.isExecutable(security) ? Optional.of(new MacKeychain(security)) : Optional.empty();
    }

    @Override
    public String describe() {
        return "system (macOS Keychain)";
    }

    @Override
    public Optional<String> get(String key) {
        Result r = run(List.of(security.toString(), "find-generic-password", "-s", key, "-wa", ACCOUNT), null, "read");
        if (r.code == NOT_FOUND || r.code != 0 && r.output.contains("could not be found")) {
            return Optional.empty();
        }
        if (r.code != 0) {
            throw failure("cannot read \"" + key + "\" from the macOS keychain: " + firstLine(r.output));
        }
        String value = r.output.endsWith("\n") ? r.output.substring(0, r.output.length() - 1) : r.output;
        return Optional.of(decode(value.strip(), key));
    }

    @Override
    public void set(String key, String value) {
        String encoded = BASE64_PREFIX + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        String command = "add-generic-password -U -s " + quote(key) + " -a " + quote(ACCOUNT) + " -w " + quote(encoded) + "\n";
        if (command.length() > MAX_COMMAND) {
            throw new AtmosException(ExitCode.KEYRING, "the value for \"" + key + "\" is too large for the macOS keychain ("
                    + command.length() + " bytes; security -i takes " + MAX_COMMAND + ")",
                    "use auth.keyring.type: file for credentials this large");
        }
        Result r = run(List.of(security.toString(), "-i"), command, "write");
        if (r.code != 0) {
            throw failure("cannot write \"" + key + "\" to the macOS keychain: " + firstLine(r.output));
        }
    }

    @Override
    public void remove(String key) {
        Result r = run(List.of(security.toString(), "delete-generic-password", "-s", key, "-a", ACCOUNT), null, "delete");
        if (r.code != 0 && r.code != NOT_FOUND && !r.output.contains("could not be found")) {
            throw failure("cannot remove \"" + key + "\" from the macOS keychain: " + firstLine(r.output));
        }
    }

    private static final Pattern ATTRIBUTE = Pattern.compile("^\\s*\"(svce|acct)\"<blob>=\"(.*)\"\\s*$");

    /** The atmos items, from {@code security dump-keychain} (attributes only, never a secret). */
    @Override
    public List<String> keys() {
        Result r = run(List.of(security.toString(), "dump-keychain"), null, "list");
        if (r.code != 0) {
            throw failure("cannot list the macOS keychain: " + firstLine(r.output));
        }
        TreeSet<String> keys = new TreeSet<>();
        String service = null;
        String account = null;
        for (String line : (r.output + "\nkeychain: end").split("\n")) {
            if (line.startsWith("keychain:")) {
                if (service != null && ACCOUNT.equals(account)) {
                    keys.add(service);
                }
                service = null;
                account = null;
                continue;
            }
            Matcher m = ATTRIBUTE.matcher(line);
            if (m.matches()) {
                if (m.group(1).equals("svce")) {
                    service = m.group(2);
                } else {
                    account = m.group(2);
                }
            }
        }
        return new ArrayList<>(keys);
    }

    static String decode(String stored, String key) {
        try {
            if (stored.startsWith(BASE64_PREFIX)) {
                return new String(Base64.getDecoder().decode(stored.substring(BASE64_PREFIX.length())), StandardCharsets.UTF_8);
            }
            if (stored.startsWith(HEX_PREFIX)) {
                return new String(HexFormat.of().parseHex(stored.substring(HEX_PREFIX.length())), StandardCharsets.UTF_8);
            }
        } catch (IllegalArgumentException e) {
            throw new AtmosException(ExitCode.KEYRING, "the macOS keychain item \"" + key + "\" is damaged (not valid go-keyring encoding)",
                    "remove it (atmos auth logout) and log in again");
        }
        return stored;
    }

    /** shellescape.Quote, as go-keyring quotes the words of a {@code security -i} command. */
    static String quote(String word) {
        if (word.isEmpty()) {
            return "''";
        }
        if (word.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    private record Result(int code, String output) {
    }

    private Result run(List<String> argv, String stdin, String what) {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw failure("cannot run " + security + ": " + e.getMessage());
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // security exited early: its exit code and output tell why
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw failure("the macOS keychain did not answer within " + TIMEOUT_SECONDS + "s (" + what + "); it may be locked"
                        + " or waiting for a dialog");
            }
            return new Result(p.exitValue(), out.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AtmosException(ExitCode.INTERRUPTED, "interrupted while waiting for the macOS keychain", null);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw failure("cannot read the answer of the macOS keychain: " + e.getMessage());
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    private static AtmosException failure(String message) {
        return new AtmosException(ExitCode.KEYRING, message, HINT);
    }
}
