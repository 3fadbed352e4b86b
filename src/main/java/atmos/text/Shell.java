package atmos.text;

/** POSIX shell words: what {@code eval}, {@code sh -c} and Python's {@code shlex} read back as exactly the value. */
public final class Shell {
    private Shell() {
    }

    /** {@code value} quoted only when needed: {@code ''} for empty, else single quotes ({@code 'it'"'"'s'}). */
    public static String quote(String value) {
        if (value.isEmpty()) {
            return "''";
        }
        if (safe(value)) {
            return value;
        }
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }

    /** Characters a word may hold and stay unquoted: {@code [A-Za-z0-9_@%+=:,./-]}. */
    private static boolean safe(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "_@%+=:,./-".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
