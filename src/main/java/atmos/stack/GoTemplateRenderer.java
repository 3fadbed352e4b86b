package atmos.stack;

import atmos.config.ConfigNode;
import atmos.template.GoTemplates;
import atmos.template.MissingKey;
import atmos.template.TemplateOptions;
import atmos.system.Host;
import java.util.List;

/**
 * Stack templates through the Go {@code text/template} engine ({@code atmos.template}) with Atmos's
 * settings: Sprig and Gomplate functions (unless {@code templates.settings.sprig.enabled} /
 * {@code gomplate.enabled} say otherwise), {@code templates.settings.delimiters}, the host's environment
 * and clock, {@code missingkey=error} unless missing values are to be ignored.
 */
public final class GoTemplateRenderer implements TemplateRenderer {
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
    private final atmos.system.Inputs inputs;

    private GoTemplateRenderer(TemplateOptions base, atmos.system.Inputs inputs) {
        this.strict = base.withMissingKey(MissingKey.ERROR);
        this.lenient = base.withMissingKey(MissingKey.DEFAULT);
        this.inputs = inputs;
    }

    /** Atmos's defaults for a host: both function sets, {@code {{ }}}. */
    public static GoTemplateRenderer of(Host host) {
        return new GoTemplateRenderer(TemplateOptions.defaults().withEnv(host.env()).withClock(host.clock()), host.inputs());
    }

    /** With the {@code templates.settings} of atmos.yaml (delimiters, Sprig, Gomplate). */
    public static GoTemplateRenderer of(Host host, atmos.config.AtmosConfig config) {
        TemplateOptions o = TemplateOptions.defaults().withEnv(host.env()).withClock(host.clock());
        ConfigNode settings = ConfigNode.of(config.raw().get("templates"), "templates", null).child("settings");
        List<String> delimiters = settings.strings("delimiters");
        if (delimiters.size() == 2) {
            o = o.withDelimiters(delimiters.get(0), delimiters.get(1));
        }
        if (settings.child("sprig").string("enabled").isPresent()) {
            o = o.withSprig(settings.child("sprig").bool("enabled"));
        }
        if (settings.child("gomplate").string("enabled").isPresent()) {
            o = o.withGomplate(settings.child("gomplate").bool("enabled"));
        }
        return new GoTemplateRenderer(o, host.inputs());
    }

    @Override
    public boolean hasActions(String text) {
        return GoTemplates.containsActions(text, strict.leftDelim());
    }

    @Override
    public String render(String name, String text, Object data, boolean ignoreMissingValues) {
        if (inputs.isRecording()) {
            String why = unrepeatable(text, strict.leftDelim(), strict.rightDelim());
            if (why != null) {
                inputs.unrepeatable("template function " + why);
            }
        }
        try {
            return GoTemplates.render(name, text, data, ignoreMissingValues ? lenient : strict);
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
