package atmos.stack;

import atmos.config.YamlValue;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code atmos describe locals [component] -s STACK}, as the Go Atmos's {@code ExecuteDescribeLocals}:
 * the first top-level manifest whose file name ({@code deploy/dev}) or name ({@code name:}, the name
 * template or pattern over the file's own vars, else any name its components give the stack) is
 * {@code STACK}, and its locals in the manifest's own shape: {@code locals:} for the file's global
 * locals, {@code terraform: {locals:}} (and helmfile, packer) for what a type section adds or changes.
 * With a component: {@code components.<type>.<component>.locals}, the stack's locals for that type
 * deep-merged with the component's own (and its bases').
 */
final class DescribeLocals {
    private final Stacks stacks;

    DescribeLocals(Stacks stacks) {
        this.stacks = stacks;
    }

    Map<String, Object> describe(String stack, String component) {
        if (stack == null || stack.isBlank()) {
            throw AtmosException.usage("--stack flag is required", "usage: atmos describe locals [component] -s <stack>");
        }
        String wanted = stack.replace('\\', '/');
        Map<String, Object> stackLocals = null;
        for (Path file : stacks.files()) {
            String fileName = stacks.loader().stackFileName(file);
            YamlValue.Map raw;
            try {
                raw = stacks.raw(file);
            } catch (AtmosException e) {
                if (wanted.equals(fileName)) {
                    throw e;
                }
                continue; // as Atmos: a manifest that does not parse is skipped unless it is the one asked for
            }
            if (wanted.equals(fileName) || wanted.equals(derivedName(fileName, raw)) || namesOf(fileName).contains(wanted)) {
                stackLocals = stacks.localsOf(file, raw).describe();
                break;
            }
        }
        if (stackLocals == null) {
            throw new AtmosException(ExitCode.FAILURE, "stack not found: " + stack,
                    "give the stack's name or its manifest's path (deploy/dev); Run `atmos list stacks` to see all available stacks.");
        }
        if (component == null || component.isEmpty()) {
            if (stackLocals.isEmpty()) {
                throw new AtmosException(ExitCode.FAILURE, "stack has no locals defined: " + stack,
                        "locals are file-scoped: define them under 'locals:' (or 'terraform: locals:') in the stack's own manifest");
            }
            return stackLocals;
        }
        DescribeComponent.Target t = DescribeComponent.find(stacks, component, stack);
        Map<String, Object> merged = new LinkedHashMap<>();
        if (stackLocals.get("locals") instanceof Map<?, ?> g) {
            deepMerge(merged, g);
        }
        if (stackLocals.get(t.component().type()) instanceof Map<?, ?> typed && typed.get("locals") instanceof Map<?, ?> tl) {
            deepMerge(merged, tl);
        }
        deepMerge(merged, Values.plainMap(t.component().section().get("locals")));
        if (merged.isEmpty()) {
            throw new AtmosException(ExitCode.FAILURE, "stack has no locals defined: " + stack,
                    "neither the stack's manifest nor the component '" + component + "' defines locals");
        }
        return Map.of("components", Map.of(t.component().type(), Map.of(component, Map.of("locals", merged))));
    }

    /** Maps merged key by key, the later value winning (Atmos's deep merge with lists replaced). */
    @SuppressWarnings("unchecked")
    private static void deepMerge(Map<String, Object> into, Map<?, ?> from) {
        from.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (v instanceof Map<?, ?> vm && into.get(key) instanceof Map<?, ?> existing) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) existing);
                deepMerge(copy, vm);
                into.put(key, copy);
            } else {
                into.put(key, Values.copy(v));
            }
        });
    }

    /** The Go Atmos's deriveStackName: name:, else the name template or pattern over the file's own vars. */
    private String derivedName(String fileName, YamlValue.Map raw) {
        String explicit = Values.string(raw.get("name"));
        if (explicit != null && !explicit.isEmpty()) {
            return explicit;
        }
        StackSettings settings = stacks.settings();
        Map<String, Object> vars = Values.plainMap(raw.get("vars"));
        if (!settings.nameTemplate().isEmpty()) {
            String n = StackNames.template(settings, stacks.templates(), Map.of("vars", vars), true);
            if (!n.isEmpty() && !n.contains("{{") && !n.contains("}}")) {
                return n;
            }
        }
        if (!settings.namePattern().isEmpty()) {
            return StackNames.pattern(settings.namePattern(), StackNames.Context.of(vars)).orElse(fileName);
        }
        return fileName;
    }

    /** The names the stack's components give it (vars from imports included), when the file is a stack. */
    private List<String> namesOf(String fileName) {
        try {
            return stacks.byFile(fileName).map(s -> List.copyOf(StackNames.namesOf(stacks.settings(), stacks.templates(), s)))
                    .orElse(List.of());
        } catch (AtmosException e) {
            return List.of(); // a file that does not process as a stack is found by its own name only
        }
    }
}
