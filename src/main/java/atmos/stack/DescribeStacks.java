package atmos.stack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code atmos describe stacks}: every stack by name, each with its components by type, each component
 * with its merged sections plus {@code atmos_component}, {@code atmos_stack}, {@code atmos_stack_file},
 * {@code atmos_manifest}, {@code workspace} (Terraform) and {@code component_info}; templates and
 * functions processed as requested; filtered by stack, components (and components derived from them),
 * component types and sections.
 */
public final class DescribeStacks {
    private final Stacks stacks;

    DescribeStacks(Stacks stacks) {
        this.stacks = stacks;
    }

    /** Filters are empty for "all". */
    public record Request(String stack, List<String> components, List<String> componentTypes, List<String> sections,
                          boolean processTemplates, boolean processFunctions, List<String> skip, boolean includeEmptyStacks) {
        public Request {
            components = components == null ? List.of() : List.copyOf(components);
            componentTypes = componentTypes == null ? List.of() : List.copyOf(componentTypes);
            sections = sections == null ? List.of() : List.copyOf(sections);
            skip = skip == null ? List.of() : List.copyOf(skip);
        }

        public static Request all() {
            return new Request(null, List.of(), List.of(), List.of(), true, true, List.of(), false);
        }
    }

    /** One component's entry, computed in parallel and filed in order afterwards. */
    private record Entry(String stackName, String type, String name, Map<String, Object> section) {
    }

    public Map<String, Object> describe(Request r) {
        StackSettings settings = stacks.settings();
        Map<String, Object> result = new TreeMap<>();
        List<Stacks.Stack> all = new java.util.ArrayList<>(stacks.all().values());
        List<List<Entry>> entries = all.parallelStream().map(stack -> {
            List<Entry> out = new java.util.ArrayList<>();
            for (String type : stack.components().keySet()) {
                if (!r.componentTypes().isEmpty() && !r.componentTypes().contains(type)) {
                    continue;
                }
                for (ComponentProcessor.Component c : stack.components().get(type).values()) {
                    Entry e = entry(r, stack, c);
                    if (e != null) {
                        out.add(e);
                    }
                }
            }
            return out;
        }).toList();
        for (int i = 0; i < all.size(); i++) {
            Stacks.Stack stack = all.get(i);
            boolean hasComponents = stack.hasComponents();
            boolean hasImports = !stack.loaded().importKeys().isEmpty() || stack.loaded().own().get("import") != null;
            if (!r.includeEmptyStacks() && !hasComponents && !hasImports) {
                continue;
            }
            boolean nameEarly = stack.manifestName() != null && !stack.manifestName().isEmpty()
                    || settings.nameTemplate().isEmpty() && settings.namePattern().isEmpty();
            if (r.includeEmptyStacks() && nameEarly) {
                String initial = stack.manifestName() != null && !stack.manifestName().isEmpty() ? stack.manifestName() : stack.stackFile();
                if (!filteredOut(r.stack(), stack.stackFile(), initial)) {
                    result.computeIfAbsent(initial, k -> new LinkedHashMap<>(Map.of("components", new LinkedHashMap<>())));
                }
            }
            for (Entry e : entries.get(i)) {
                file(result, e);
            }
        }
        if (!r.includeEmptyStacks()) {
            result.entrySet().removeIf(e -> e.getKey().isEmpty() || !nonEmpty(e.getValue()));
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static boolean nonEmpty(Object stackEntry) {
        if (!(stackEntry instanceof Map<?, ?> m) || !(m.get("components") instanceof Map<?, ?> comps)) {
            return false;
        }
        for (Object typed : comps.values()) {
            if (typed instanceof Map<?, ?> tm) {
                for (Object c : tm.values()) {
                    if (c instanceof Map<?, ?> cm && !cm.isEmpty()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean filteredOut(String filter, String stackFile, String stackName) {
        return filter != null && !filter.isEmpty() && !filter.equals(stackFile) && !filter.equals(stackName);
    }

    @SuppressWarnings("unchecked")
    private Entry entry(Request r, Stacks.Stack stack, ComponentProcessor.Component c) {
        StackSettings settings = stacks.settings();
        String name = c.name();
        Map<String, Object> section = (Map<String, Object>) Values.plain(c.section());
        if (!(section.get("component") instanceof String s) || s.isEmpty()) {
            section.put("component", name);
        }
        String stackName = StackNames.name(settings, stacks.templates(), stack, section);
        if (filteredOut(r.stack(), stack.stackFile(), stackName)) {
            return null;
        }
        if (stackName.isEmpty()) {
            stackName = stack.stackFile();
        }
        if (!r.components().isEmpty() && !r.components().contains(name) && !derived(section, r.components())) {
            return null;
        }
        section.put("atmos_component", name);
        section.put("atmos_stack", stackName);
        section.put("stack", stackName);
        section.put("atmos_stack_file", stack.stackFile());
        section.put("atmos_manifest", stack.stackFile());
        if (c.type().equals("terraform")) {
            if (settings.inheritMetadata() && section.get("metadata") instanceof Map<?, ?> md
                    && md.get("terraform_workspace") instanceof String) {
                Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) md);
                m.remove("terraform_workspace_pattern");
                m.remove("terraform_workspace_template");
                section.put("metadata", m);
            }
            section.put("workspace", Workspace.of(settings, stacks.templates(), stack.manifestName(), stackName, name, section, false));
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("component_type", c.type());
        var kind = settings.kind(c.type());
        String finalComponent = section.get("component") instanceof String s ? s : "";
        if (kind != null && !kind.basePathText().isEmpty() && !finalComponent.isEmpty()) {
            String folder = section.get("metadata") instanceof Map<?, ?> md && md.get("component_folder_prefix") instanceof String p
                    ? p.strip() : "";
            info.put("component_path", java.nio.file.Path.of(kind.basePathText(), folder, finalComponent).normalize().toString().replace('\\', '/'));
        }
        section.put("component_info", info);
        if (r.processTemplates() && settings.templatesEnabled()) {
            section = SectionTemplates.render(settings, stacks.templates(), "describe-stacks-all-sections", section, section);
        }
        if (r.processFunctions()) {
            section = new StackFunctions(settings, stacks.terraformState()).process(section, r.skip(), c.section());
        }
        Map<String, Object> dest = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : section.entrySet()) {
            if (r.sections().isEmpty() || r.sections().contains(e.getKey())) {
                dest.put(e.getKey(), e.getValue());
            }
        }
        return new Entry(stackName, c.type(), name, dest);
    }

    @SuppressWarnings("unchecked")
    private static void file(Map<String, Object> result, Entry e) {
        Map<String, Object> entry = (Map<String, Object>) result.computeIfAbsent(e.stackName(), k -> new LinkedHashMap<>());
        Map<String, Object> comps = (Map<String, Object>) entry.computeIfAbsent("components", k -> new LinkedHashMap<>());
        Map<String, Object> typed = (Map<String, Object>) comps.computeIfAbsent(e.type(), k -> new LinkedHashMap<>());
        typed.put(e.name(), e.section());
    }

    private static boolean derived(Map<String, Object> section, List<String> components) {
        return section.get("component") instanceof String base && !base.isEmpty() && components.contains(base);
    }
}
