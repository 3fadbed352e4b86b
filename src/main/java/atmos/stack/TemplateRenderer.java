package atmos.stack;

/**
 * Renders Go templates ({@code text/template} with Sprig/Gomplate functions in Atmos) inside stack
 * manifests: import contexts, {@code stacks.name_template}, workspace templates and the component
 * sections Atmos renders before printing them.
 */
public interface TemplateRenderer {

    /** True when {@code text} holds at least one template action ({@code {{ … }}}). */
    boolean hasActions(String text);

    /** As {@link #hasActions}, with {@code templates.settings.delimiters} (component sections). */
    default boolean sectionsHaveActions(String text) {
        return hasActions(text);
    }

    /** As {@link #render}, with {@code templates.settings.delimiters}: how component sections are rendered. */
    default String renderSections(String name, String text, Object data, boolean ignoreMissingValues) {
        return render(name, text, data, ignoreMissingValues);
    }

    /**
     * As {@link #renderSections(String, String, Object, boolean)}, with environment variables the
     * component's {@code settings.templates.settings.env} adds for {@code env}/{@code getenv}.
     */
    default String renderSections(String name, String text, Object data, boolean ignoreMissingValues, java.util.Map<String, String> env) {
        return renderSections(name, text, data, ignoreMissingValues);
    }

    /** True when a delimiter contains a single quote ({@code ["'{{", "}}'"]}): sections are then written with double quotes. */
    default boolean delimitersHaveQuotes() {
        return false;
    }

    /**
     * Executes {@code text} against {@code data} (maps, lists, strings, numbers, booleans).
     *
     * @param name                 the template's name in error messages (a file, "name_template" …)
     * @param ignoreMissingValues  Go's {@code missingkey=default}: a missing key prints {@code <no value>}
     *                             instead of failing
     * @throws TemplateException when the template cannot be parsed or executed
     */
    String render(String name, String text, Object data, boolean ignoreMissingValues);

    /** A template that cannot be parsed or executed; the message reads like Go's. */
    final class TemplateException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TemplateException(String message) {
            super(message);
        }

        public TemplateException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
