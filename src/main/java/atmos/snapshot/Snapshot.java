package atmos.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One snapshot: what a command line answered and everything the answer depended on, in a small line
 * format that needs no parser library (the fast path reads it before anything else is loaded).
 *
 * <pre>
 * atmos-snapshot  2
 * kind    env | exec | process | text
 * created 1764530000000                   (when it was recorded, epoch milliseconds)
 * cwd     /work/repo
 * term    011                             (stdin, stdout, stderr are terminals)
 * arg     auth                            (the command line, one per line)
 * path    /work/repo/atmos.yaml  f644 s1234 m… c… i… v…   (every input and its state, see FileStat)
 * env     ATMOS_PROFILE  3f0c…            (keyed hash of each variable read; "-" when unset)
 * creds   root  credentials-file  config-file  profile  seconds-of-validity-required
 * region  us-east-2                       (or: region-from-credentials)
 * var     AWS_PROFILE  =demo/admin        (=literal, $VARIABLE, or @key @secret @token @expiration @region)
 * del     AWS_ACCESS_KEY_ID               (exec: removed from the parent environment; del and var apply in order)
 * format  json                            (env: the output format)
 * child   4                               (exec: where the command to run starts in the command line)
 * workdir /work/repo                      (exec: the directory it runs in)
 * text    Component:  vpc …               (text: what the command printed)
 * </pre>
 *
 * Fields are separated by tabs; backslash, tab, carriage return and line feed in a value are escaped
 * as {@code \\ \t \r \n}. A snapshot never holds a credential: only where to read it.
 */
final class Snapshot {
    static final String MAGIC = "atmos-snapshot";
    static final String VERSION = "2";

    String kind;
    long created;
    String cwd;
    String terminals;
    final List<String> args = new ArrayList<>();
    /** path, state pairs. */
    final List<String[]> paths = new ArrayList<>();
    /** name, keyed hash pairs. */
    final List<String[]> env = new ArrayList<>();
    /** root, credentials file, config file, profile, seconds; null without credentials. */
    String[] creds;
    /** The fixed region, or null when it comes from the credentials' config file. */
    String region;
    boolean regionFromCredentials;
    /** In order: {"var", name, spec} sets a variable, {"del", name} removes one from the parent environment. */
    final List<String[]> ops = new ArrayList<>();
    String format;
    int child = -1;
    /** exec: the directory the command runs in (the working directory after {@code -C}). */
    String workdir;
    String text;

    byte[] render() {
        StringBuilder b = new StringBuilder(1024);
        line(b, MAGIC, VERSION);
        line(b, "kind", kind);
        line(b, "created", Long.toString(created));
        line(b, "cwd", cwd);
        line(b, "term", terminals);
        for (String a : args) {
            line(b, "arg", a);
        }
        for (String[] p : paths) {
            line(b, "path", p[0], p[1]);
        }
        for (String[] e : env) {
            line(b, "env", e[0], e[1]);
        }
        if (creds != null) {
            line(b, "creds", creds);
            if (regionFromCredentials) {
                line(b, "region-from-credentials");
            } else if (region != null) {
                line(b, "region", region);
            }
        }
        for (String[] op : ops) {
            if (op[0].equals("del")) {
                line(b, "del", op[1]);
            } else {
                line(b, "var", op[1], op[2]);
            }
        }
        if (format != null) {
            line(b, "format", format);
        }
        if (child >= 0) {
            line(b, "child", Integer.toString(child));
        }
        if (workdir != null) {
            line(b, "workdir", workdir);
        }
        if (text != null) {
            line(b, "text", text);
        }
        line(b, "end");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The snapshot in {@code bytes}, or null when it is not one of this version (or is cut short). */
    static Snapshot parse(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        Snapshot snap = new Snapshot();
        int pos = 0;
        boolean first = true;
        boolean ended = false;
        int escape = s.indexOf('\\'); // the next backslash: found once, not once per line
        while (pos < s.length()) {
            int nl = s.indexOf('\n', pos);
            if (nl < 0) {
                return null;
            }
            String[] f = fields(s, pos, nl, escape >= 0 && escape < nl);
            pos = nl + 1;
            if (escape >= 0 && escape < pos) {
                escape = s.indexOf('\\', pos);
            }
            String key = f[0];
            if (first) {
                if (!MAGIC.equals(key) || f.length != 2 || !VERSION.equals(f[1])) {
                    return null;
                }
                first = false;
                continue;
            }
            switch (key) {
                case "kind" -> snap.kind = f[1];
                case "created" -> snap.created = Long.parseLong(f[1]);
                case "cwd" -> snap.cwd = f[1];
                case "term" -> snap.terminals = f[1];
                case "arg" -> snap.args.add(f[1]);
                case "path" -> snap.paths.add(new String[] {f[1], f[2]});
                case "env" -> snap.env.add(new String[] {f[1], f[2]});
                case "creds" -> snap.creds = new String[] {f[1], f[2], f[3], f[4], f[5]};
                case "region" -> snap.region = f[1];
                case "region-from-credentials" -> snap.regionFromCredentials = true;
                case "var" -> snap.ops.add(new String[] {"var", f[1], f[2]});
                case "del" -> snap.ops.add(new String[] {"del", f[1]});
                case "format" -> snap.format = f[1];
                case "child" -> snap.child = Integer.parseInt(f[1]);
                case "workdir" -> snap.workdir = f[1];
                case "text" -> snap.text = f[1];
                case "end" -> ended = true;
                default -> {
                    return null;
                }
            }
        }
        return ended && snap.kind != null && snap.cwd != null && snap.terminals != null ? snap : null;
    }

    private static void line(StringBuilder b, String key, String... values) {
        b.append(key);
        for (String v : values) {
            b.append('\t');
            escape(b, v);
        }
        b.append('\n');
    }

    private static void escape(StringBuilder b, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
    }

    /**
     * The tab-separated fields of the line {@code s[from, to)}. Plain {@code indexOf} and
     * {@code substring} wherever a field holds no escape: this runs interpreted on the cached path, where
     * copying a few kilobytes character by character costs half a millisecond.
     */
    private static String[] fields(String s, int from, int to, boolean escapes) {
        int n = 1;
        for (int i = s.indexOf('\t', from); i >= 0 && i < to; i = s.indexOf('\t', i + 1)) {
            n++;
        }
        String[] out = new String[n];
        int start = from;
        for (int k = 0; k < n; k++) {
            int end = k == n - 1 ? to : s.indexOf('\t', start);
            out[k] = escapes ? unescape(s, start, end) : s.substring(start, end);
            start = end + 1;
        }
        return out;
    }

    private static String unescape(String s, int from, int to) {
        StringBuilder cur = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < to) {
                char n = s.charAt(++i);
                cur.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                cur.append(c);
            }
        }
        return cur.toString();
    }
}
