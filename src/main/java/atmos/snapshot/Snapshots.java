package atmos.snapshot;

import atmos.auth.AuthService;
import atmos.auth.identity.aws.AwsIdentity;
import atmos.cloud.aws.AwsFiles;
import atmos.credentials.AwsCredentials;
import atmos.credentials.CredentialCodec;
import atmos.exec.EnvRecipe;
import atmos.log.Log;
import atmos.system.Host;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What commands call when they have their answer, so the next identical command line can be answered
 * by {@link FastPath}: {@code auth env}, {@code auth exec}, {@code aws credential-process} and
 * {@code terraform … --dry-run}. Each call is a no-op unless {@code Main} is recording this run (see
 * {@link Recorder}); it never fails the command, and says at debug level why nothing was saved.
 *
 * <p>No credential is ever written: values equal to the session's keys, token or expiration become
 * references ({@code @key} …) that the fast path fills in from the AWS shared files; values equal to
 * an environment variable the configuration read become references to it ({@code $NAME}); and a run
 * whose output holds another value under a secret-looking name ({@code *TOKEN*}, {@code *SECRET*} …)
 * is not saved at all.
 */
public final class Snapshots {
    /**
     * How {@code Main} uses snapshots: whether it answers from them (else it only records them), and the
     * racy window (the real one, or none in tests that control their files).
     */
    public record Policy(Duration racyWindow, boolean answer) {
        /** Answer and record, as the real process does. */
        public static final Policy DEFAULT = new Policy(Recorder.RACY_WINDOW, true);
        /** Record only: {@code Main.main} has already tried to answer before building anything. */
        public static final Policy RECORD_ONLY = new Policy(Recorder.RACY_WINDOW, false);

        public Policy(Duration racyWindow) {
            this(racyWindow, true);
        }
    }

    private Snapshots() {
    }

    /** True when this run is being recorded (commands may skip preparing an offer otherwise). */
    public static boolean recording(Host host) {
        return Recorder.of(host) != null;
    }

    /** {@code terraform … --dry-run} and the like: the whole of what the command printed. */
    public static void offerText(Host host, Log log, String stdout) {
        Recorder r = Recorder.of(host);
        if (r == null) {
            return;
        }
        Snapshot s = new Snapshot();
        s.kind = "text";
        s.args.addAll(r.args());
        s.text = stdout;
        done(r, s, log);
    }

    /** {@code auth env}: the variables printed in {@code format}, whose credentials came from {@code session}. */
    public static void offerEnv(Host host, Log log, AuthService service, AuthService.Session session, Map<String, String> vars,
                                String format, Duration margin) {
        Recorder r = Recorder.of(host);
        if (r == null) {
            return;
        }
        if (format.equalsIgnoreCase("github")) {
            log.debug("snapshot not saved", "why", "the github format writes to $GITHUB_ENV");
            return;
        }
        Snapshot s = credentials(r, log, "env", service, session, margin);
        if (s == null) {
            return;
        }
        s.format = format.toLowerCase(java.util.Locale.ROOT);
        for (Map.Entry<String, String> v : vars.entrySet()) {
            String spec = spec(r, s, (AwsCredentials) session.credentials(), v.getKey(), v.getValue());
            if (spec == null) {
                log.debug("snapshot not saved", "why", v.getKey() + " looks secret");
                return;
            }
            s.ops.add(new String[] {"var", v.getKey(), spec});
        }
        done(r, s, log);
    }

    /**
     * {@code auth exec}: the child's environment as steps over the parent's; {@code command} is the
     * command line to run (at the end of this run's words).
     */
    public static void offerExec(Host host, Log log, AuthService service, AuthService.Session session, EnvRecipe recipe,
                                 List<String> command, Duration margin) {
        Recorder r = Recorder.of(host);
        if (r == null) {
            return;
        }
        List<String> args = r.args();
        int child = args.size() - command.size();
        int dash = args.indexOf("--");
        if (command.isEmpty() || !args.subList(child, args.size()).equals(command) || (dash >= 0 && dash + 1 != child)) {
            log.debug("snapshot not saved", "why", "the command to run cannot be told apart from atmos's words");
            return;
        }
        Snapshot s = credentials(r, log, "exec", service, session, margin);
        if (s == null) {
            return;
        }
        s.args.clear();
        s.args.addAll(args.subList(0, child));
        s.child = child;
        s.workdir = host.cwd().toString();
        for (EnvRecipe.Op op : recipe.ops()) {
            if (op.isRemove()) {
                s.ops.add(new String[] {"del", op.name()});
                continue;
            }
            String spec = spec(r, s, (AwsCredentials) session.credentials(), op.name(), op.value());
            if (spec == null) {
                log.debug("snapshot not saved", "why", op.name() + " looks secret");
                return;
            }
            s.ops.add(new String[] {"var", op.name(), spec});
        }
        done(r, s, log);
    }

    /** {@code aws credential-process}: the document of {@code session}'s credentials. */
    public static void offerProcess(Host host, Log log, AuthService service, AuthService.Session session, Duration margin) {
        Recorder r = Recorder.of(host);
        if (r == null) {
            return;
        }
        Snapshot s = credentials(r, log, "process", service, session, margin);
        if (s != null) {
            done(r, s, log);
        }
    }

    /**
     * A snapshot whose credentials are read from where the identity persists them, or null when that is
     * not the AWS shared files, or when they do not hold exactly this session.
     */
    private static Snapshot credentials(Recorder r, Log log, String kind, AuthService service, AuthService.Session session,
                                        Duration margin) {
        if (service.context().audit().enabled()) {
            log.debug("snapshot not saved", "why", "the audit trail records every run");
            return null;
        }
        if (!(session.credentials() instanceof AwsCredentials aws) || !aws.isSession() || aws.expirationTime() == null) {
            log.debug("snapshot not saved", "why", "not an AWS session with an expiration");
            return null;
        }
        if (!(service.identityInstance(session.chain().target()) instanceof AwsIdentity identity)) {
            log.debug("snapshot not saved", "why", "the identity does not keep its session in the AWS shared files");
            return null;
        }
        AwsFiles.Profile where = identity.persistedProfile(service.context(), session.chain());
        Optional<AwsCredentials> persisted;
        try {
            persisted = AwsFiles.read(where, damage -> {
                throw new IllegalStateException(damage);
            });
        } catch (RuntimeException e) {
            log.debug("snapshot not saved", "why", "cannot read the AWS shared files back");
            return null;
        }
        if (persisted.isEmpty() || !same(persisted.get(), aws)) {
            log.debug("snapshot not saved", "why", "the AWS shared files do not hold the session used");
            return null;
        }
        Snapshot s = new Snapshot();
        s.kind = kind;
        s.args.addAll(r.args());
        long seconds = Math.max(AuthService.REFRESH_MARGIN.getSeconds(), margin == null ? 0 : margin.getSeconds());
        s.creds = new String[] {where.root().toString(), where.credentialsFile().toString(), where.configFile().toString(), where.profile(),
                Long.toString(seconds)};
        Optional<String> configured = identity.configuredRegion(session.chain());
        s.regionFromCredentials = configured.isEmpty();
        s.region = configured.orElse(null);
        return s;
    }

    private static boolean same(AwsCredentials a, AwsCredentials b) {
        return a.accessKeyId().equals(b.accessKeyId()) && a.secretAccessKey().equals(b.secretAccessKey())
                && a.sessionToken().equals(b.sessionToken()) && a.expirationTime().equals(b.expirationTime());
    }

    /** How a value is kept: a reference to the credentials or to an environment variable, else the text; null when it must not be kept. */
    private static String spec(Recorder r, Snapshot s, AwsCredentials aws, String name, String value) {
        if (value.equals(aws.accessKeyId())) {
            return "@key";
        }
        if (value.equals(aws.secretAccessKey())) {
            return "@secret";
        }
        if (value.equals(aws.sessionToken())) {
            return "@token";
        }
        if (value.equals(CredentialCodec.time(aws.expirationTime()))) {
            return "@expiration";
        }
        if (s.regionFromCredentials && value.equals(aws.region() != null ? aws.region() : AwsIdentity.DEFAULT_REGION)
                && (name.equals("AWS_REGION") || name.equals("AWS_DEFAULT_REGION"))) {
            return "@region";
        }
        if (value.contains(aws.secretAccessKey()) || value.contains(aws.sessionToken())) {
            return null;
        }
        if (!value.isEmpty()) {
            for (String var : r.envNames()) {
                String original = r.originalEnv(var);
                if (original != null && value.equals(original.strip())) {
                    return "$" + var;
                }
            }
        }
        if (atmos.cli.render.Redaction.isSecretKey(name) && !value.isEmpty()) {
            return null;
        }
        return "=" + value;
    }

    private static void done(Recorder r, Snapshot s, Log log) {
        String why = r.save(s, log);
        if (why != null) {
            log.debug("snapshot not saved", "why", why);
        }
    }
}
