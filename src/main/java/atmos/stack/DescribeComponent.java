package atmos.stack;

import atmos.config.YamlValue;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code atmos describe component}: finds the component in the stack named on the command line (by
 * its canonical name: manifest {@code name:}, name template, name pattern or file name; or by the
 * manifest's path) and builds the section Atmos prints: the merged component plus
 * {@code atmos_component}, {@code atmos_stack}, {@code atmos_stack_file}, {@code atmos_manifest},
 * {@code imports}, {@code sources}, {@code deps}, {@code deps_all}, {@code workspace},
 * {@code component_info}, {@code cli_args}, {@code atmos_cli_config}, with Go templates rendered and
 * YAML functions evaluated as requested.
 */
public final class DescribeComponent {
    static final List<String> SCHEMA_SECTIONS = List.of("vars", "settings", "env", "backend", "metadata", "overrides", "providers",
            "imports", "dependencies", "component", "hooks");

    private final Stacks stacks;

    DescribeComponent(Stacks stacks) {
        this.stacks = stacks;
    }

    /**
     * @param processTemplates render Go templates (when enabled in atmos.yaml)
     * @param processFunctions evaluate YAML functions this tool implements
     * @param skip             YAML functions to leave as they are ({@code !exec} or {@code exec})
     * @param full             every computed field (else only the sections a manifest can define, unless a query is given)
     */
    public record Request(String component, String stack, boolean processTemplates, boolean processFunctions, List<String> skip,
                          boolean full) {
        public Request {
            skip = skip == null ? List.of() : List.copyOf(skip);
        }

        public static Request of(String component, String stack) {
            return new Request(component, stack, true, true, List.of(), true);
        }
    }

    /** Where a component was found: the stack manifest, the component, the name the user gave. */
    record Target(Stacks.Stack stack, ComponentProcessor.Component component, String stackName, boolean byManifestName) {
    }

    public Map<String, Object> describe(Request r) {
        if (r.stack() == null || r.stack().isBlank()) {
            find(stacks, r.component(), r.stack()); // the usage error
        }
        Target t = find(stacks, ComponentPaths.resolve(stacks, r.component(), r.stack(), null), r.stack());
        Map<String, Object> section = build(t, r);
        if (!r.full()) {
            Map<String, Object> filtered = new LinkedHashMap<>();
            for (String k : SCHEMA_SECTIONS) {
                if (section.containsKey(k)) {
                    filtered.put(k, section.get(k));
                }
            }
            return filtered;
        }
        return section;
    }

    // ---------------------------------------------------------------- finding

    static Target find(Stacks stacks, String component, String stackArg) {
        if (stackArg == null || stackArg.isBlank()) {
            throw AtmosException.usage("`stack` is required: describe component " + component + " -s <stack>",
                    "pass the stack with -s/--stack; 'atmos list stacks' lists them");
        }
        if (component == null || component.isBlank()) {
            throw AtmosException.usage("`component` is required", "usage: atmos describe component <component> -s <stack>");
        }
        // A stack given as the manifest's path (orgs/acme/dev/us-east-1) addresses that file directly.
        if (stackArg.contains("/")) {
            var byFile = stacks.byFile(stackArg);
            if (byFile.isPresent()) {
                for (String type : typeOrder(stacks)) {
                    var c = byFile.get().component(type, component);
                    if (c.isPresent()) {
                        return new Target(byFile.get(), c.get(), stackArg, false);
                    }
                }
                throw componentNotFound(stacks, component, stackArg, List.of(byFile.get()));
            }
        }
        Map<String, Stacks.Stack> all = stacks.all();
        Map<String, String> fileToCanonical = new LinkedHashMap<>();
        for (String type : typeOrder(stacks)) {
            List<Target> candidates = new ArrayList<>();
            for (Stacks.Stack s : all.values()) {
                if (s.manifestName() != null && !s.manifestName().isEmpty() && !s.manifestName().equals(s.stackFile())) {
                    fileToCanonical.put(s.stackFile(), s.manifestName());
                }
                var c = s.component(type, component);
                if (c.isEmpty()) {
                    continue;
                }
                String canonical;
                if (s.manifestName() != null && !s.manifestName().isEmpty()) {
                    canonical = s.manifestName();
                } else if (!stacks.settings().nameTemplate().isEmpty()) {
                    canonical = StackNames.template(stacks.settings(), stacks.templates(), Values.lazy(c.get().section()), true);
                    if (canonical.isEmpty()) {
                        continue;
                    }
                } else if (!stacks.settings().namePattern().isEmpty()) {
                    var p = StackNames.pattern(stacks.settings().namePattern(), StackNames.Context.of(Values.plainMap(c.get().section().get("vars"))));
                    if (p.isEmpty()) {
                        continue;
                    }
                    canonical = p.get();
                } else {
                    canonical = s.stackFile();
                }
                if (!canonical.equals(s.stackFile()) && (s.manifestName() == null || s.manifestName().isEmpty())) {
                    fileToCanonical.put(s.stackFile(), canonical);
                }
                if (canonical.equals(stackArg)) {
                    candidates.add(new Target(s, c.get(), stackArg, s.manifestName() != null && !s.manifestName().isEmpty()));
                }
            }
            if (candidates.size() == 1) {
                return candidates.get(0);
            }
            if (candidates.size() > 1) {
                Object first = normalized(candidates.get(0));
                boolean same = candidates.stream().allMatch(t -> Objects.equals(normalized(t), first));
                if (same) {
                    return candidates.get(0);
                }
                throw AtmosException.config("found duplicate config for the component '" + component + "' in the stack '" + stackArg
                                + "' in the manifests: " + String.join(", ", candidates.stream().map(t -> t.stack().stackFile()).toList()),
                        "check that the context variables (tenant, environment, stage …) are defined correctly and not duplicated in the manifests, and that the imports are valid");
            }
        }
        String canonical = fileToCanonical.get(stackArg);
        if (canonical != null) {
            throw new AtmosException(ExitCode.FAILURE, "invalid stack: stack `" + stackArg + "` not found",
                    "did you mean `" + canonical + "`? Run `atmos list stacks` to see all available stacks.");
        }
        Set<String> names = new TreeSet<>(stacks.stackNames());
        if (!names.contains(stackArg)) {
            List<String> close = atmos.text.CloseNames.of(stackArg, names);
            throw new AtmosException(ExitCode.FAILURE, "invalid stack: stack `" + stackArg + "` not found",
                    (close.isEmpty() ? "" : "did you mean " + String.join(", ", close.stream().map(n -> "`" + n + "`").toList()) + "? ")
                            + "Run `atmos list stacks` to see all available stacks.");
        }
        List<Stacks.Stack> inStack = new ArrayList<>();
        for (Stacks.Stack s : all.values()) {
            if (StackNames.namesOf(stacks.settings(), stacks.templates(), s).contains(stackArg)) {
                inStack.add(s);
            }
        }
        throw componentNotFound(stacks, component, stackArg, inStack);
    }

    private static AtmosException componentNotFound(Stacks stacks, String component, String stackArg, List<Stacks.Stack> inStack) {
        Set<String> known = new TreeSet<>();
        for (Stacks.Stack s : inStack) {
            s.components().values().forEach(m -> known.addAll(m.keySet()));
        }
        List<String> close = atmos.text.CloseNames.of(component, known);
        return new AtmosException(ExitCode.FAILURE, "invalid component: could not find the component `" + component + "` in the stack `" + stackArg + "`",
                (close.isEmpty() ? "" : "did you mean " + String.join(", ", close.stream().map(n -> "`" + n + "`").toList()) + "? ")
                        + "Run `atmos list components -s " + stackArg + "` to see the stack's components; check the context variables and imports.");
    }

    private static List<String> typeOrder(Stacks stacks) {
        List<String> types = new ArrayList<>(StackSettings.TYPES);
        for (Stacks.Stack s : stacks.all().values()) {
            for (String t : s.components().keySet()) {
                if (!types.contains(t)) {
                    types.add(t);
                }
            }
        }
        return types;
    }

    private static Object normalized(Target t) {
        return Values.plain(t.component().section());
    }

    // ---------------------------------------------------------------- building the section

    Map<String, Object> build(Target t, Request r) {
        StackSettings settings = stacks.settings();
        ComponentProcessor.Component c = t.component();
        Stacks.Stack stack = t.stack();
        @SuppressWarnings("unchecked")
        Map<String, Object> section = (Map<String, Object>) Values.plain(c.section());
        String name = c.name();

        Object auth = section.get("auth");
        if (!(auth instanceof Map<?, ?> am) || am.isEmpty()) {
            Map<String, Object> global = GlobalAuth.section(settings);
            if (!global.isEmpty()) {
                section.put("auth", global);
            }
        }
        section.put("imports", new ArrayList<>(stack.loaded().importKeys()));
        section.put("atmos_component", name);
        section.put("atmos_stack", t.stackName());
        section.put("stack", t.stackName());
        section.put("atmos_stack_file", stack.stackFile());
        section.put("atmos_manifest", stack.stackFile());
        if (!(section.get("component") instanceof String s) || s.isEmpty()) {
            section.put("component", name);
        }
        Map<String, Object> sources = Sources.of(stack, c, section);
        section.put("sources", sources);
        List<String>[] deps = Sources.deps(stack.stackFile(), sources);
        section.put("deps", deps[0]);
        section.put("deps_all", deps[1]);
        section.put("workspace", Workspace.of(settings, stacks.templates(), t.byManifestName() ? stack.manifestName() : null,
                t.stackName(), name, section));

        CiNames.add(settings, stacks.templates(), section, name, stack.stackFile());
        Object savedSources = section.remove("sources");
        Map<String, Object> result = section;
        if (r.processTemplates() && settings.templatesEnabled()) {
            result = SectionTemplates.render(settings, stacks.templates(), "templates-all-atmos-sections", result, result);
        }
        if (r.processFunctions()) {
            result = new StackFunctions(settings, stacks.terraformState()).process(result, r.skip(), c.section());
        }
        result.put("sources", savedSources);

        Map<String, Object> info = new LinkedHashMap<>();
        info.put("component_path", Workspace.componentPath(settings, c.type(), name, result));
        info.put("component_type", c.type());
        if (c.type().equals("terraform")) {
            info.put("terraform_config", null);
        }
        result.put("component_info", info);
        result.put("cli_args", List.of("describe", "component"));
        result.put("tf_cli_vars", new LinkedHashMap<>());
        String tfCliArgs = settings.host().getenv("TF_CLI_ARGS").orElse(null);
        if (tfCliArgs != null) {
            result.put("tf_cli_args_env", List.of(tfCliArgs.strip().split("\\s+")));
        }
        result.put("atmos_cli_config", CliConfigView.of(settings));
        result.put("component_type", c.type());
        return result;
    }

    /** Unique names, sorted. */
    static List<String> sortedUnique(List<String> in) {
        return new ArrayList<>(new TreeSet<>(new LinkedHashSet<>(in)));
    }

    static YamlValue.Map yamlOf(Map<String, Object> m) {
        return (YamlValue.Map) Values.yaml(m, Values.GENERATED);
    }
}
