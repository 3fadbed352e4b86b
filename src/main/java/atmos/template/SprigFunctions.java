package atmos.template;

final class SprigFunctions {
    private SprigFunctions() {}

    static Functions create(TemplateOptions options) {
        return Functions.none();
    }
}
