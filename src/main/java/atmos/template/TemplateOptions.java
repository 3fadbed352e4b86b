package atmos.template;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How templates are parsed and executed. Immutable; the {@code with…} methods return changed copies.
 *
 * <p>{@link #defaults()} is what Atmos gives stack manifests: delimiters {@code {{ }}}, Go's default
 * missing-key behaviour, and Gomplate's functions overridden by Sprig's (Atmos merges them in that
 * order), reading the environment from an empty map and the time from the system clock until told
 * otherwise. {@link #goOnly()} is plain Go {@code text/template} with its builtins alone.
 */
public final class TemplateOptions {
    private final String leftDelim;
    private final String rightDelim;
    private final MissingKey missingKey;
    private final boolean sprig;
    private final boolean gomplate;
    private final Functions extra;
    private final Map<String, String> env;
    private final Clock clock;
    private final Supplier<UUID> uuids;
    private volatile Functions merged;

    private TemplateOptions(String leftDelim, String rightDelim, MissingKey missingKey, boolean sprig,
            boolean gomplate, Functions extra, Map<String, String> env, Clock clock, Supplier<UUID> uuids) {
        this.leftDelim = leftDelim;
        this.rightDelim = rightDelim;
        this.missingKey = missingKey;
        this.sprig = sprig;
        this.gomplate = gomplate;
        this.extra = extra;
        this.env = env;
        this.clock = clock;
        this.uuids = uuids;
    }

    /** Atmos's defaults: {@code {{ }}}, {@code missingkey=default}, Gomplate and Sprig functions. */
    public static TemplateOptions defaults() {
        return new TemplateOptions("{{", "}}", MissingKey.DEFAULT, true, true, Functions.none(), Map.of(),
                Clock.systemUTC(), UUID::randomUUID);
    }

    /** Go's text/template alone: builtins only. */
    public static TemplateOptions goOnly() {
        return defaults().withSprig(false).withGomplate(false);
    }

    /** Action delimiters; an empty one means Go's default ({@code {{} or {@code }}}). */
    public TemplateOptions withDelimiters(String left, String right) {
        return new TemplateOptions(left == null || left.isEmpty() ? "{{" : left,
                right == null || right.isEmpty() ? "}}" : right, missingKey, sprig, gomplate, extra, env, clock, uuids);
    }

    public TemplateOptions withMissingKey(MissingKey missingKey) {
        return new TemplateOptions(leftDelim, rightDelim, Objects.requireNonNull(missingKey), sprig, gomplate, extra,
                env, clock, uuids);
    }

    /** Whether Sprig's functions are available (Atmos: {@code templates.settings.sprig.enabled}). */
    public TemplateOptions withSprig(boolean enabled) {
        return new TemplateOptions(leftDelim, rightDelim, missingKey, enabled, gomplate, extra, env, clock, uuids);
    }

    /** Whether Gomplate's functions are available (Atmos: {@code templates.settings.gomplate.enabled}). */
    public TemplateOptions withGomplate(boolean enabled) {
        return new TemplateOptions(leftDelim, rightDelim, missingKey, sprig, enabled, extra, env, clock, uuids);
    }

    /** Extra functions (Atmos's own, tests' helpers); they override Sprig's and Gomplate's. */
    public TemplateOptions withFunctions(Functions functions) {
        return new TemplateOptions(leftDelim, rightDelim, missingKey, sprig, gomplate, Objects.requireNonNull(functions),
                env, clock, uuids);
    }

    /** The environment {@code env}, {@code expandenv} and {@code getenv} read (never the process's own). */
    public TemplateOptions withEnv(Map<String, String> env) {
        return new TemplateOptions(leftDelim, rightDelim, missingKey, sprig, gomplate, extra, Map.copyOf(env), clock,
                uuids);
    }

    /** The clock {@code now} reads; its zone is the template's local zone. */
    public TemplateOptions withClock(Clock clock) {
        return new TemplateOptions(leftDelim, rightDelim, missingKey, sprig, gomplate, extra, env,
                Objects.requireNonNull(clock), uuids);
    }

    /** Where {@code uuidv4} takes its UUIDs from. */
    public TemplateOptions withUuids(Supplier<UUID> uuids) {
        return new TemplateOptions(leftDelim, rightDelim, missingKey, sprig, gomplate, extra, env, clock,
                Objects.requireNonNull(uuids));
    }

    public String leftDelim() {
        return leftDelim;
    }

    public String rightDelim() {
        return rightDelim;
    }

    public MissingKey missingKey() {
        return missingKey;
    }

    public Map<String, String> env() {
        return env;
    }

    public Clock clock() {
        return clock;
    }

    Supplier<UUID> uuids() {
        return uuids;
    }

    /** All functions templates see besides Go's builtins: Gomplate, then Sprig, then the extra ones. */
    public Functions functions() {
        Functions f = merged;
        if (f == null) {
            f = Functions.none();
            if (gomplate) {
                f = f.plus(GomplateFunctions.create(this));
            }
            if (sprig) {
                f = f.plus(SprigFunctions.create(this));
            }
            f = f.plus(extra);
            merged = f;
        }
        return f;
    }
}
