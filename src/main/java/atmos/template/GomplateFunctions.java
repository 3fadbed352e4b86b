package atmos.template;

final class GomplateFunctions {
    private GomplateFunctions() {}

    static Functions create(TemplateOptions options) {
        return Functions.none();
    }
}
