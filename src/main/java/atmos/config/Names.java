package atmos.config;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What names from the configuration may contain, decided by where they end up. Identity names become
 * AWS profile sections ({@code [name]}, {@code [profile name]}) in files every identity of a provider
 * shares, {@code AWS_PROFILE} values and keyring keys; provider names also become directory names;
 * variable names from {@code env:} sections are printed for {@code eval "$(atmos auth env)"}. The Go
 * Atmos checks none of this; these rules refuse only what would break those places:
 * <ul>
 *   <li>control characters (a newline starts a new section or line), {@code [} and {@code ]} (they
 *       end a section header), {@code #} and {@code ;} (the AWS SDK for Go reads the rest of a section
 *       line as a comment, so the whole file fails to parse), whitespace at either end or twice in a
 *       row (trimmed or collapsed by the SDKs, so the profile would not be found);</li>
 *   <li>more than {@value #MAX_NAME_BYTES} bytes (keyring keys become file names of at most 255);</li>
 *   <li>for providers, {@code /}, {@code \} and the names {@code .} and {@code ..} (a directory name
 *       must stay one directory, inside the atmos directory).</li>
 * </ul>
 * {@code /} stays legal in identity names ({@code plat-dev/terraform}), as in Atmos.
 */
public final class Names {
    /** The longest identity or provider name, in UTF-8 bytes with {@code /} and {@code %} counting 3 (as keyring file names encode them). */
    public static final int MAX_NAME_BYTES = 128;

    public static final String ENV_VAR_RULE = "a letter or '_', then letters, digits and '_' ([A-Za-z_][A-Za-z0-9_]*)";
    public static final String NAME_HINT = "rename it: names become AWS profile sections, keyring keys and file names, so they cannot"
            + " contain control characters, '[', ']', '#' or ';', nor start or end with a space";

    private Names() {
    }

    /** True for a name a POSIX shell accepts in {@code export NAME=…}. */
    public static boolean isEnvVarName(String name) {
        // [A-Za-z_][A-Za-z0-9_]*, checked by hand: this runs on the cached path, before any regex is compiled.
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** Why {@code name} cannot be an identity name, or empty when it can. */
    public static Optional<String> identityNameProblem(String name) {
        if (name.isEmpty()) {
            return Optional.of("the name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isControl(c)) {
                return Optional.of("the name contains a control character (" + printable(String.valueOf(c)) + ")");
            }
            if (c == '[' || c == ']') {
                return Optional.of("the name contains '" + c + "', which ends an AWS profile section");
            }
            if (c == '#' || c == ';') {
                return Optional.of("the name contains '" + c + "', which starts a comment in AWS config files");
            }
        }
        if (Character.isWhitespace(name.charAt(0)) || Character.isWhitespace(name.charAt(name.length() - 1))
                || Character.isSpaceChar(name.charAt(0)) || Character.isSpaceChar(name.charAt(name.length() - 1))) {
            return Optional.of("the name starts or ends with whitespace");
        }
        if (name.contains("  ")) {
            return Optional.of("the name contains two spaces in a row, which the AWS SDKs read as one");
        }
        if (encodedLength(name) > MAX_NAME_BYTES) {
            return Optional.of("the name is longer than " + MAX_NAME_BYTES + " bytes");
        }
        return Optional.empty();
    }

    /** Why {@code name} cannot be a provider name, or empty when it can. */
    public static Optional<String> providerNameProblem(String name) {
        Optional<String> common = identityNameProblem(name);
        if (common.isPresent()) {
            return common;
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return Optional.of("the name contains a path separator ('/' or '\\'), but provider names are directory names");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("the name \"" + name + "\" is not a usable directory name");
        }
        return Optional.empty();
    }

    private static boolean isControl(char c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static int encodedLength(String name) {
        int n = name.getBytes(StandardCharsets.UTF_8).length;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == '/' || name.charAt(i) == '%') {
                n += 2;
            }
        }
        return n;
    }

    /**
     * {@code text} with control characters written as escapes ({@code \n}, {@code \t}, {@code \u001b}),
     * so that a name quoted in a message stays on one line and cannot drive the terminal.
     */
    public static String printable(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c)) {
                if (b != null) {
                    b.append(c);
                }
                continue;
            }
            if (b == null) {
                b = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b == null ? text : b.toString();
    }
}
