package atmos.template;

import java.util.HashMap;
import java.util.Map;

/**
 * A parsed Go template, executed as Go's {@code text/template} executes it.
 *
 * <pre>{@code
 * GoTemplate t = GoTemplate.parse("stacks/dev.yaml", "{{ .vars.stage }}", TemplateOptions.defaults());
 * String out = t.execute(Map.of("vars", Map.of("stage", "dev")));   // "dev"
 * }</pre>
 *
 * <p>Immutable and safe to execute from several threads at once. Text without the left delimiter is
 * not parsed at all and executes to itself.
 */
public final class GoTemplate {
    private final String name;
    private final String text;
    private final TemplateOptions options;
    private final Map<String, Tree> trees;

    private GoTemplate(String name, String text, TemplateOptions options, Map<String, Tree> trees) {
        this.name = name;
        this.text = text;
        this.options = options;
        this.trees = trees;
    }

    /**
     * Parses {@code text} as the template {@code name}, with the {@code {{define}}}d templates it holds.
     *
     * @throws TemplateException with Go's message ({@code template: NAME:LINE: …}) when the text is
     *     not a valid template or calls an unknown function
     */
    public static GoTemplate parse(String name, String text, TemplateOptions options) {
        if (text.indexOf(options.leftDelim()) < 0) {
            return new GoTemplate(name, text, options, null);
        }
        Functions functions = options.functions();
        Map<String, Tree> trees = new HashMap<>();
        Tree.parse(name, text, options.leftDelim(), options.rightDelim(),
                fn -> functions.has(fn) || Builtins.has(fn), trees);
        return new GoTemplate(name, text, options, Map.copyOf(trees));
    }

    public String name() {
        return name;
    }

    /** The parse tree of a template of this set (tests print it). */
    Tree tree(String templateName) {
        return trees == null ? null : trees.get(templateName);
    }

    /** Whether the text holds actions at all (plain text executes to itself). */
    public boolean hasActions() {
        return trees != null;
    }

    /**
     * Executes the template on {@code data} (maps, lists, strings, numbers, booleans, null).
     *
     * @throws TemplateException with Go's message when execution fails
     */
    public String execute(Object data) {
        if (trees == null) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        execute(data, out);
        return out.toString();
    }

    /** Executes into {@code out}; on failure, what was written before the error stays there, as in Go. */
    public void execute(Object data, StringBuilder out) {
        if (trees == null) {
            out.append(text);
            return;
        }
        executeTemplate(name, data, out);
    }

    /** Executes the associated template {@code templateName} (a {@code {{define}}} of this text). */
    public String executeTemplate(String templateName, Object data) {
        StringBuilder out = new StringBuilder();
        executeTemplate(templateName, data, out);
        return out.toString();
    }

    private void executeTemplate(String templateName, Object data, StringBuilder out) {
        Map<String, Tree> set = trees == null ? Map.of() : trees;
        Tree t = set.get(templateName);
        if (t == null) {
            throw new TemplateException("template: no template " + GoFmt.quote(templateName)
                    + " associated with template " + GoFmt.quote(name));
        }
        new Exec(set, options.functions(), options.missingKey(), out).execute(t, data);
    }
}
