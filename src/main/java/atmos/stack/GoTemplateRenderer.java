package atmos.stack;

import atmos.config.ConfigNode;
import atmos.template.Functions;
import atmos.template.GoFunction;
import atmos.template.GoTemplates;
import atmos.template.GoType;
import atmos.template.Namespace;
import atmos.template.MissingKey;
import atmos.template.TemplateOptions;
import atmos.system.Host;
import java.util.List;
import java.util.Map;

/**
 * Stack templates through the Go {@code text/template} engine ({@code atmos.template}) with Atmos's
 * settings: Sprig and Gomplate functions (unless {@code templates.settings.sprig.enabled} /
 * {@code gomplate.enabled} say otherwise), the host's environment and clock, {@code missingkey=error}
 * unless missing values are to be ignored. {@code templates.settings.delimiters} apply to component
 * sections only ({@link #renderSections}): Atmos's {@code ProcessTmpl} (name templates, manifests
 * with a context, locals, workspace templates) always parses with {@code {{ }}}.
 */
public final class GoTemplateRenderer implements TemplateRenderer {
    /**
     * Atmos's {@code atmos} namespace: its methods read Terraform outputs, stores and datasources, which
     * this tool does not reach, so a template that calls one fails with that said, not with Go's
     * "function "atmos" not defined".
     */
    private static final Functions ATMOS = Functions.none().withNamespace("atmos", new Namespace("*exec.AtmosFuncs", Map.of(
            "Component", GoFunction.of(a -> unsupported("atmos.Component", "it reads the component's Terraform outputs"),
                    GoType.STRING, GoType.STRING),
            "Store", GoFunction.of(a -> unsupported("atmos.Store", "it reads an external store"),
                    GoType.STRING, GoType.STRING, GoType.STRING, GoType.STRING),
            "GomplateDatasource", GoFunction.variadic(a -> unsupported("atmos.GomplateDatasource", "Gomplate datasources are not available"),
                    GoType.STRING, GoType.STRING),
            "Resolve", GoFunction.of(a -> unsupported("atmos.Resolve", "not implemented"), GoType.STRING))));

    /**
     * Functions whose result depends on more than the template and its data (the environment, the time,
     * randomness, other processes, files, the network): a template that names one cannot be replayed
     * from a snapshot ({@link atmos.system.Inputs#unrepeatable}).
     */
    private static final java.util.Set<String> UNREPEATABLE = java.util.Set.of("env", "expandenv", "getenv", "now", "date",
            "dateInZone", "date_in_zone", "dateModify", "date_modify", "mustDateModify", "must_date_modify", "unixEpoch", "htmlDate",
            "htmlDateInZone", "ago", "randAlphaNum", "randAlpha", "randNumeric", "randAscii", "randInt", "randBytes", "uuidv4", "uuid",
            "exec", "shell", "time", "random", "crypto", "file", "filepath", "net", "sockaddr", "aws", "gcp", "os", "atmos", "terraform",
            "store", "include", "datasource", "ds", "defineDatasource", "datasourceExists", "datasourceReachable", "getHostByName");

    private final TemplateOptions strict;
    private final TemplateOptions lenient;
    private final TemplateOptions sectionsStrict;
    private final TemplateOptions sectionsLenient;
    private final atmos.system.Inputs inputs;

    private GoTemplateRenderer(TemplateOptions base, TemplateOptions sections, atmos.system.Inputs inputs) {
        this.strict = base.withMissingKey(MissingKey.ERROR);
        this.lenient = base.withMissingKey(MissingKey.DEFAULT);
        this.sectionsStrict = sections.withMissingKey(MissingKey.ERROR);
        this.sectionsLenient = sections.withMissingKey(MissingKey.DEFAULT);
        this.inputs = inputs;
    }

    /** Atmos's defaults for a host: both function sets, {@code {{ }}}. */
    public static GoTemplateRenderer of(Host host) {
        TemplateOptions o = TemplateOptions.defaults().withEnv(host.env()).withClock(host.clock()).withFunctions(ATMOS);
        return new GoTemplateRenderer(o, o, host.inputs());
    }

    /** With the {@code templates.settings} of atmos.yaml (delimiters, Sprig, Gomplate). */
    public static GoTemplateRenderer of(Host host, atmos.config.AtmosConfig config) {
        TemplateOptions o = TemplateOptions.defaults().withEnv(host.env()).withClock(host.clock()).withFunctions(ATMOS);
        ConfigNode settings = ConfigNode.of(config.raw().get("templates"), "templates", null).child("settings");
        if (settings.child("sprig").string("enabled").isPresent()) {
            o = o.withSprig(settings.child("sprig").bool("enabled"));
        }
        if (settings.child("gomplate").string("enabled").isPresent()) {
            o = o.withGomplate(settings.child("gomplate").bool("enabled"));
        }
        TemplateOptions sections = o;
        // templates.settings.env: set while component sections render (Atmos's ProcessTmplWithDatasources)
        Map<String, String> env = new java.util.LinkedHashMap<>(host.env());
        settings.child("env").plain().forEach((k, v) -> env.put(k, v == null ? "" : String.valueOf(v)));
        sections = sections.withEnv(env);
        List<String> delimiters = settings.strings("delimiters");
        if (delimiters.size() == 2) {
            sections = sections.withDelimiters(delimiters.get(0), delimiters.get(1));
        }
        return new GoTemplateRenderer(o, sections, host.inputs());
    }

    @Override
    public boolean hasActions(String text) {
        return GoTemplates.containsActions(text, strict.leftDelim());
    }

    @Override
    public boolean sectionsHaveActions(String text) {
        return GoTemplates.containsActions(text, sectionsStrict.leftDelim());
    }

    @Override
    public boolean delimitersHaveQuotes() {
        return sectionsStrict.leftDelim().indexOf('\'') >= 0 || sectionsStrict.rightDelim().indexOf('\'') >= 0;
    }

    @Override
    public String render(String name, String text, Object data, boolean ignoreMissingValues) {
        return execute(name, text, data, ignoreMissingValues ? lenient : strict);
    }

    @Override
    public String renderSections(String name, String text, Object data, boolean ignoreMissingValues) {
        return execute(name, text, data, ignoreMissingValues ? sectionsLenient : sectionsStrict);
    }

    @Override
    public String renderSections(String name, String text, Object data, boolean ignoreMissingValues, Map<String, String> env) {
        if (env.isEmpty()) {
            return renderSections(name, text, data, ignoreMissingValues);
        }
        TemplateOptions o = ignoreMissingValues ? sectionsLenient : sectionsStrict;
        Map<String, String> merged = new java.util.LinkedHashMap<>(o.env());
        merged.putAll(env);
        return execute(name, text, data, o.withEnv(merged));
    }

    private static Object unsupported(String function, String why) {
        throw new UnsupportedOperationException(function + " is not supported by atmos-java (" + why + ")");
    }

    private String execute(String name, String text, Object data, TemplateOptions options) {
        if (inputs.isRecording()) {
            String why = unrepeatable(text, options.leftDelim(), options.rightDelim());
            if (why != null) {
                inputs.unrepeatable("template function " + why);
            }
        }
        try {
            return GoTemplates.render(name, text, data, options);
        } catch (atmos.template.TemplateException e) {
            throw new TemplateException(e.getMessage(), e);
        }
    }

    /**
     * The first function the actions of {@code text} name that makes its result unrepeatable, or null
     * (a field such as {@code .vars.env} is not a call).
     */
    static String unrepeatable(String text, String left, String right) {
        int from = 0;
        while (true) {
            int open = text.indexOf(left, from);
            if (open < 0) {
                return null;
            }
            int close = text.indexOf(right, open + left.length());
            int end = close < 0 ? text.length() : close;
            String why = unrepeatableWord(text.substring(open + left.length(), end));
            if (why != null || close < 0) {
                return why;
            }
            from = close + right.length();
        }
    }

    private static String unrepeatableWord(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (!Character.isLetter(c) && c != '_') {
                continue;
            }
            int start = i;
            while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                i++;
            }
            String word = text.substring(start, i);
            boolean field = start > 0 && text.charAt(start - 1) == '.';
            if (!field && UNREPEATABLE.contains(word)) {
                return word;
            }
        }
        return null;
    }
}
