package atmos.snapshot;

import atmos.cloud.aws.AwsFiles;
import atmos.credentials.AwsCredentials;
import atmos.exec.ProcessRunner;
import atmos.system.FileStat;
import atmos.system.Host;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cached path: answers a command line from its snapshot, before the command model, the YAML
 * parser, the keyring or the AWS SDK are loaded. It answers only when everything the snapshot says
 * the answer depended on is as it was (every file and directory, every environment variable read, the
 * working directory, the command line, which streams are terminals) and, for credentials, when the
 * session in the AWS shared files is still fresh; the session itself is read from those files, after
 * the same checks the normal path makes. Otherwise it returns {@link #MISS} and the normal path runs
 * (and records a new snapshot). Any error is a miss: the normal path then reports it properly.
 *
 * <p>Kinds: {@code env} ({@code auth env}), {@code exec} ({@code auth exec}), {@code process}
 * ({@code aws credential-process}) and {@code text} (a command whose whole output is recorded:
 * {@code terraform … --dry-run}).
 */
public final class FastPath {
    /** Returned when the snapshot cannot answer: run the normal path. */
    public static final int MISS = Integer.MIN_VALUE;
    /** {@code ATMOS_SNAPSHOT=false} (or 0, no, off) turns snapshots off; {@code debug} says on stderr why one was not used. */
    public static final String SWITCH = "ATMOS_SNAPSHOT";

    private FastPath() {
    }

    /** A damaged AWS file is left to the normal path, which reads around it and says so. */
    private static final java.util.function.Consumer<String> REFUSE_DAMAGED = new java.util.function.Consumer<>() {
        @Override
        public void accept(String damage) {
            throw new IllegalStateException("damaged");
        }
    };

    /** A cheap look at the words: could a snapshot answer this command line at all? */
    public static boolean candidate(String[] args) {
        boolean interesting = false;
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            switch (a) {
                case "env", "exec", "credential-process", "--dry-run" -> interesting = true;
                case "-h", "--help", "-v", "--verbose", "--version" -> {
                    return false;
                }
                default -> {
                }
            }
        }
        return interesting;
    }

    /** Whether snapshots are on for this environment. */
    public static boolean enabled(Map<String, String> env) {
        String v = env.get(SWITCH);
        if (v == null) {
            return true;
        }
        String s = v.trim().toLowerCase(java.util.Locale.ROOT);
        return !(s.equals("false") || s.equals("0") || s.equals("no") || s.equals("off"));
    }

    /** The words of a command line that name its snapshot: up to and including the first {@code --}, else all. */
    static List<String> namingWords(List<String> args) {
        int dash = args.indexOf("--");
        return dash < 0 ? args : args.subList(0, dash + 1);
    }

    /**
     * Answers {@code args} from its snapshot: prints (or runs the command) and returns the exit code, or
     * returns {@link #MISS} having written nothing.
     */
    public static int run(Host host, ProcessRunner processes, PrintStream out, String[] args) {
        return run(host, processes, out, args, null);
    }

    /**
     * @param handoff where {@code auth exec} may hand the command over to the launcher instead of running it
     *                (see {@link #HANDOFF}); null to run it here
     */
    public static int run(Host host, ProcessRunner processes, PrintStream out, String[] args, Path handoff) {
        String[] why = {null};
        try {
            int code = answer(host, processes, out, args, why, handoff);
            if (code == MISS && "debug".equalsIgnoreCase(host.env().get(SWITCH))) {
                System.err.println("atmos: snapshot not used: " + why[0]);
            }
            return code;
        } catch (RuntimeException | LinkageError e) {
            if ("debug".equalsIgnoreCase(host.env().get(SWITCH))) {
                System.err.println("atmos: snapshot not used: " + e);
            }
            return MISS;
        }
    }

    private static int answer(Host host, ProcessRunner processes, PrintStream out, String[] argv, String[] why, Path handoff) {
        if (!enabled(host.env())) {
            why[0] = "turned off";
            return MISS;
        }
        SnapshotStore store = SnapshotStore.of(host);
        if (store == null) {
            why[0] = "no cache directory";
            return MISS;
        }
        SipHash key = store.key();
        if (key == null) {
            why[0] = "no key yet";
            return MISS;
        }
        List<String> args = Arrays.asList(argv);
        Snapshot snap = store.read(store.file(key, host.cwd().toString(), args));
        if (snap == null) {
            why[0] = "no snapshot for this command line";
            return MISS;
        }
        if (!sameInvocation(snap, host, args)) {
            why[0] = "another command line, directory or terminal";
            return MISS;
        }
        String changed = changedInput(snap, host, key);
        if (changed != null) {
            why[0] = "changed: " + changed;
            return MISS;
        }
        switch (snap.kind) {
            case "text" -> {
                write(out, snap.text);
                return 0;
            }
            case "env", "process", "exec" -> {
                return credentials(snap, host, processes, out, args, why, handoff);
            }
            default -> {
                return MISS;
            }
        }
    }

    /** The same command line, directory and terminals as when the snapshot was recorded. */
    private static boolean sameInvocation(Snapshot snap, Host host, List<String> args) {
        if (!snap.cwd.equals(host.cwd().toString()) || !snap.terminals.equals(terminals(host))) {
            return false;
        }
        if (snap.kind.equals("exec")) {
            // The command after the atmos words may differ; the atmos words must not.
            return snap.child >= 0 && snap.child <= args.size() && snap.child < args.size()
                    && args.subList(0, snap.child).equals(snap.args);
        }
        return args.equals(snap.args);
    }

    /** The first recorded file, directory or environment variable that is not as it was, or null. */
    private static String changedInput(Snapshot snap, Host host, SipHash key) {
        for (String[] p : snap.paths) {
            Path path = Path.of(p[0]);
            // Most recorded paths are places atmos looked for a file that was not there: the JDK's exists
            // answers those without the exception lstat's error costs (and, as the normal path's own checks
            // do, takes a path it cannot look at for an absent one).
            if (p[1].equals("-") ? java.nio.file.Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    : !FileStat.of(path).equals(p[1])) {
                return p[0];
            }
        }
        Map<String, String> env = host.env();
        for (String[] e : snap.env) {
            if (!envHash(key, e[0], env.get(e[0])).equals(e[1])) {
                return "$" + e[0];
            }
        }
        return null;
    }

    private static int credentials(Snapshot snap, Host host, ProcessRunner processes, PrintStream out, List<String> args, String[] why,
                                   Path handoff) {
        String[] c = snap.creds;
        if (c == null) {
            return MISS;
        }
        AwsFiles.Profile where = new AwsFiles.Profile(Path.of(c[0]), Path.of(c[1]), Path.of(c[2]), c[3]);
        Optional<AwsCredentials> read = AwsFiles.read(where, REFUSE_DAMAGED);
        if (read.isEmpty()) {
            why[0] = "no session in " + c[1];
            return MISS;
        }
        AwsCredentials aws = read.get();
        Instant now = host.clock().instant();
        long margin = Long.parseLong(c[4]);
        if (!aws.isSession() || aws.expirationTime() == null || !aws.expirationTime().isAfter(now.plusSeconds(margin))) {
            why[0] = "the session expires within " + margin + "s";
            return MISS;
        }
        String region = snap.regionFromCredentials ? (aws.region() != null ? aws.region() : atmos.auth.identity.aws.AwsIdentity.DEFAULT_REGION)
                : snap.region;
        switch (snap.kind) {
            case "process" -> {
                write(out, atmos.cloud.aws.ProcessCredentials.json(aws));
                return 0;
            }
            case "env" -> {
                Map<String, String> vars = new LinkedHashMap<>();
                for (String[] op : snap.ops) {
                    if (!op[0].equals("var")) {
                        return MISS;
                    }
                    vars.put(op[1], value(op[2], aws, region, host.env()));
                }
                write(out, atmos.cli.render.EnvFormat.render(snap.format, vars));
                return 0;
            }
            default -> {
                Map<String, String> env = new LinkedHashMap<>(host.env());
                for (String[] op : snap.ops) {
                    if (op[0].equals("del")) {
                        env.remove(op[1]);
                    } else {
                        env.put(op[1], value(op[2], aws, region, host.env()));
                    }
                }
                List<String> command = new ArrayList<>(args.subList(snap.child, args.size()));
                Path dir = snap.workdir != null ? Path.of(snap.workdir) : host.cwd();
                out.flush();
                if (handoff != null) {
                    handOff(handoff, host.env(), host.cwd(), command, env, dir);
                    return 0;
                }
                return processes.run(command, env, dir);
            }
        }
    }

    /**
     * The launcher's side of {@code auth exec}: rather than start the command, wait for it and relay
     * signals (which costs a JVM more than the whole rest of the command), write what to run as shell
     * assignments the launcher evaluates and then {@code exec}s, so the command replaces the launcher's
     * process as a shell's {@code exec} does: {@code atmos_dir}, {@code atmos_cmd} (the program found on
     * the command's PATH, then its arguments) and the environment, each word single-quoted. The environment
     * goes as the change from this JVM's own, which is the launcher's ({@code atmos_unset},
     * {@code atmos_export}: bash applies it without starting {@code env}), or, when a name in that change is
     * not one bash lets a script set, whole for {@code env -i} ({@code atmos_env}, {@code atmos_clean=1}).
     * A command that is not found, or whose path holds {@code =} (which {@code env} would read as a
     * variable), is left to the normal path, which says so.
     */
    private static void handOff(Path handoff, Map<String, String> launcherEnv, Path cwd, List<String> command, Map<String, String> env,
                                Path dir) {
        String program = atmos.exec.SystemProcessRunner.resolve(command.get(0), env);
        if (program.indexOf('=') >= 0) {
            throw new IllegalStateException("a program path with '='");
        }
        StringBuilder b = new StringBuilder(4096);
        b.append("atmos_dir=").append(atmos.text.Shell.quote(dir.toString())).append('\n');
        StringBuilder unset = new StringBuilder("atmos_unset=(");
        StringBuilder export = new StringBuilder("atmos_export=(");
        // In another directory the launcher's cd rewrites PWD and OLDPWD, which the normal path passes on as
        // they were: the whole environment then goes through env -i.
        boolean settable = dir.equals(cwd);
        for (String name : launcherEnv.keySet()) {
            if (!env.containsKey(name)) {
                settable &= bashCanSet(name);
                unset.append(' ').append(atmos.text.Shell.quote(name));
            }
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getValue().equals(launcherEnv.get(e.getKey()))) {
                settable &= bashCanSet(e.getKey());
                export.append(' ').append(atmos.text.Shell.quote(e.getKey() + "=" + e.getValue()));
            }
        }
        if (settable) {
            b.append(unset).append(" )\n").append(export).append(" )\n");
        } else {
            b.append("atmos_clean=1\natmos_env=(");
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (e.getKey().isEmpty() || e.getKey().indexOf('=') >= 0) {
                    continue; // not a variable env(1) could set
                }
                b.append(' ').append(atmos.text.Shell.quote(e.getKey() + "=" + e.getValue()));
            }
            b.append(" )\n");
        }
        b.append("atmos_cmd=(").append(atmos.text.Shell.quote(program));
        for (int i = 1; i < command.size(); i++) {
            b.append(' ').append(atmos.text.Shell.quote(command.get(i)));
        }
        b.append(" )\n");
        try (java.io.OutputStream o = java.nio.file.Files.newOutputStream(handoff, java.nio.file.StandardOpenOption.WRITE)) {
            o.write(b.toString().getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Whether the launcher may {@code unset}/{@code export} this variable: a shell identifier that bash
     * neither keeps read-only nor gives a meaning of its own ({@code BASH*}, {@code SHELLOPTS},
     * {@code EUID} …), and none of the launcher's own ({@code atmos_*}).
     */
    static boolean bashCanSet(String name) {
        if (name.startsWith("BASH") || name.startsWith("atmos_")) {
            return false;
        }
        return switch (name) {
            case "_", "SHELLOPTS", "EUID", "UID", "PPID", "GROUPS", "FUNCNAME", "DIRSTACK", "HISTCMD", "RANDOM", "SRANDOM", "SECONDS",
                 "LINENO", "EPOCHREALTIME", "EPOCHSECONDS", "PIPESTATUS", "OPTIND", "OPTARG", "IFS", "PWD", "OLDPWD" -> false;
            default -> atmos.config.Names.isEnvVarName(name);
        };
    }

    /**
     * The system property through which the launcher offers a hand-off (a path such as {@code /dev/fd/3}):
     * {@code auth exec} hands over the command to run, and a miss hands over {@code atmos_miss=1} (the
     * launcher then runs the normal path in a JVM started for it, with {@code -Datmos.handoff=done}).
     */
    public static final String HANDOFF = "atmos.handoff";

    /** Tells the launcher the snapshot could not answer; false when that cannot be written (the caller then runs the normal path). */
    public static boolean handMiss(Path handoff) {
        try (java.io.OutputStream o = java.nio.file.Files.newOutputStream(handoff, java.nio.file.StandardOpenOption.WRITE)) {
            o.write("atmos_miss=1\n".getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** A recorded value: {@code =text}, {@code $VARIABLE} (its value now, as {@code !env} reads it) or {@code @field}. */
    private static String value(String spec, AwsCredentials aws, String region, Map<String, String> env) {
        char kind = spec.charAt(0);
        String rest = spec.substring(1);
        if (kind == '=') {
            return rest;
        }
        if (kind == '$') {
            String v = env.get(rest);
            if (v == null) {
                throw new IllegalStateException("unset");
            }
            return v.strip();
        }
        return switch (rest) {
            case "key" -> aws.accessKeyId();
            case "secret" -> aws.secretAccessKey();
            case "token" -> aws.sessionToken();
            case "expiration" -> atmos.credentials.CredentialCodec.time(aws.expirationTime());
            case "region" -> region;
            default -> throw new IllegalStateException("unknown value " + spec);
        };
    }

    /** The keyed hash of an environment variable's value ({@code -} when unset): the value itself is never stored. */
    static String envHash(SipHash key, String name, String value) {
        return value == null ? "-" : key.hex(name + "\0" + value);
    }

    static String terminals(Host host) {
        Host.Terminals t = host.terminals();
        return (t.stdin() ? "1" : "0") + (t.stdout() ? "1" : "0") + (t.stderr() ? "1" : "0");
    }

    private static void write(PrintStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        out.flush();
    }
}
