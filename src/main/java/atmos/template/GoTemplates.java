package atmos.template;

/** Conveniences over {@link GoTemplate}. */
public final class GoTemplates {
    private GoTemplates() {}

    /** Parses and executes in one go. */
    public static String render(String name, String text, Object data, TemplateOptions options) {
        return GoTemplate.parse(name, text, options).execute(data);
    }

    /**
     * Whether {@code text} may hold template actions: it contains the left delimiter. Cheap enough to
     * call on every string of every stack manifest; a false answer means rendering would return the
     * text unchanged.
     */
    public static boolean containsActions(String text, String leftDelim) {
        return text != null && text.contains(leftDelim == null || leftDelim.isEmpty() ? "{{" : leftDelim);
    }

    /** {@link #containsActions(String, String)} with the default {@code {{} delimiter. */
    public static boolean containsActions(String text) {
        return containsActions(text, "{{");
    }
}
