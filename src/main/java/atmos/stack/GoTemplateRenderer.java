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
    private final TemplateOptions strict;
    private final TemplateOptions lenient;

    private GoTemplateRenderer(TemplateOptions base) {
        this.strict = base.withMissingKey(MissingKey.ERROR);
        this.lenient = base.withMissingKey(MissingKey.DEFAULT);
    }

    /** Atmos's defaults for a host: both function sets, {@code {{ }}}. */
    public static GoTemplateRenderer of(Host host) {
        return new GoTemplateRenderer(TemplateOptions.defaults().withEnv(host.env()).withClock(host.clock()));
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
        return new GoTemplateRenderer(o);
    }

    @Override
    public boolean hasActions(String text) {
        return GoTemplates.containsActions(text, strict.leftDelim());
    }

    @Override
    public String render(String name, String text, Object data, boolean ignoreMissingValues) {
        try {
            return GoTemplates.render(name, text, data, ignoreMissingValues ? lenient : strict);
        } catch (atmos.template.TemplateException e) {
            throw new TemplateException(e.getMessage(), e);
        }
    }
}
