package atmos.stack;

import atmos.config.YamlReader;
import atmos.config.YamlValue;
import atmos.error.AtmosException;
import atmos.text.GoYaml;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Go templates in a component's sections, rendered as Atmos renders them: the whole section written
 * as YAML, executed as one template ({@code templates.settings.evaluations} times, missing values
 * printing {@code <no value>}) with the section itself as the data, then read back as YAML, so a
 * rendered value takes the type YAML gives it. {@code component_info} is never rendered.
 */
final class SectionTemplates {
    private SectionTemplates() {
    }

    /** The component's {@code settings.templates.settings.env}, over atmos.yaml's (which the renderer holds). */
    private static Map<String, String> templateEnv(Map<String, Object> section) {
        Map<String, String> env = new LinkedHashMap<>();
        if (section.get("settings") instanceof Map<?, ?> s && s.get("templates") instanceof Map<?, ?> t
                && t.get("settings") instanceof Map<?, ?> ts && ts.get("env") instanceof Map<?, ?> e) {
            e.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        return env;
    }

    static Map<String, Object> render(StackSettings settings, TemplateRenderer templates, String name, Map<String, Object> section,
                                      Map<String, Object> context) {
        Map<String, Object> input = new LinkedHashMap<>(section);
        Object info = input.remove("component_info");
        String yaml = templates.delimitersHaveQuotes() ? GoYaml.writeDoubleQuotingApostrophes(input) : GoYaml.write(input);
        if (!templates.sectionsHaveActions(yaml)) {
            return section;
        }
        Map<String, Object> data = new LinkedHashMap<>(context);
        Map<String, String> env = templateEnv(section);
        String text = yaml;
        for (int i = 0; i < settings.templateEvaluations(); i++) {
            try {
                text = templates.renderSections(name, text, data, true, env);
            } catch (TemplateRenderer.TemplateException e) {
                throw AtmosException.config(e.getMessage(),
                        "check the Go templates in the component's sections (vars, settings, env …) of the stack");
            }
        }
        YamlValue parsed;
        try {
            parsed = new YamlReader(settings.host().cwd()).parse(text, Path.of(name));
        } catch (AtmosException e) {
            throw AtmosException.config("the component's sections are not valid YAML after rendering their Go templates: " + e.getMessage(),
                    "a template probably produced text that breaks the YAML structure (quotes, ':' or a multi-line value)");
        }
        Map<String, Object> out = Values.plainMap(parsed);
        if (info != null) {
            out.put("component_info", info);
        }
        return out;
    }
}
