package atmos.stack;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A component given as a directory ({@code atmos describe component . -s dev}, {@code ./vpc},
 * {@code ../vpc}, an absolute path), resolved as the Go Atmos's {@code pkg/component/resolver.go} does:
 * the path relative to the terraform, helmfile or packer components base path is the component's
 * directory, and the stack's component whose name, {@code component:} or {@code metadata.component} is
 * that directory is the one meant. Everything else (a plain name, even {@code vpc/security-group}) is
 * a component name. Errors are usage errors (exit 2), as in Atmos.
 */
final class ComponentPaths {
    private ComponentPaths() {
    }

    /** Atmos's IsExplicitComponentPath. */
    static boolean isPath(String component) {
        return component.equals(".") || component.startsWith("./") || component.startsWith("../") || component.startsWith(".\\")
                || component.startsWith("..\\") || Path.of(component).isAbsolute();
    }

    /**
     * The stack's component for a path argument, or {@code component} itself when it is a name.
     *
     * @param expectedType the command's component type (terraform …), or null for any
     */
    static String resolve(Stacks stacks, String component, String stack, String expectedType) {
        if (component == null || !isPath(component)) {
            return component;
        }
        StackSettings settings = stacks.settings();
        Path abs = real(settings, settings.host().cwd().resolve(component));
        Path stacksBase = real(settings, settings.stacksBase());
        if (!settings.stacksBasePathText().isEmpty() && abs.startsWith(stacksBase)) {
            throw usage("path is not within Atmos component directories: `" + component + "` points to the stacks configuration directory ("
                    + stacksBase + "), not a component", "change to a component directory and use `.`, or give the component's name");
        }
        String type = null;
        String dir = null;
        for (String t : StackSettings.TYPES) {
            StackSettings.ComponentKind kind = settings.kind(t);
            if (kind == null || kind.basePathText().isEmpty() && !t.equals("terraform")) {
                continue;
            }
            Path base = real(settings, kind.basePath());
            if (abs.equals(base)) {
                throw usage("failed to resolve component from path: `" + component + "` is the " + t + " components base directory (" + base
                        + "), not a component", "change into a component's directory, e.g. cd " + base.getFileName() + "/vpc && atmos "
                        + (expectedType == null ? "describe component" : t + " plan") + " . -s " + stack);
            }
            if (abs.startsWith(base)) {
                type = t;
                dir = base.relativize(abs).toString().replace('\\', '/');
                break;
            }
        }
        if (type == null) {
            List<String> bases = new ArrayList<>();
            for (String t : StackSettings.TYPES) {
                StackSettings.ComponentKind kind = settings.kind(t);
                bases.add(t + ": " + (kind == null || kind.basePathText().isEmpty() ? "(not set)" : kind.basePathText()));
            }
            throw usage("path is not within Atmos component directories: " + abs,
                    "change to a component directory and use `.`, or give a path within one of " + String.join(", ", bases));
        }
        if (expectedType != null && !expectedType.equals(type)) {
            throw usage("path component type does not match command: `" + component + "` is a " + type + " component, but `atmos "
                    + expectedType + "` expects a " + expectedType + " component", "run `atmos " + type + " …` for this component");
        }
        return inStack(stacks, dir, component, stack, type);
    }

    private static String inStack(Stacks stacks, String dir, String arg, String stack, String type) {
        boolean found = false;
        TreeSet<String> matches = new TreeSet<>();
        for (Stacks.Stack s : stacks.all().values()) {
            Map<String, ComponentProcessor.Component> typed = s.components().getOrDefault(type, Map.of());
            for (ComponentProcessor.Component c : typed.values()) {
                if (!stack.equals(s.stackFile()) && !stack.equals(StackNames.name(stacks.settings(), stacks.templates(), s, c))) {
                    continue;
                }
                found = true;
                Map<String, Object> metadata = Values.plainMap(c.section().get("metadata"));
                if (c.name().equals(dir) || dir.equals(Values.string(c.section().get("component"))) || dir.equals(metadata.get("component"))) {
                    matches.add(c.name());
                }
            }
        }
        if (!found && !stacks.stackNames().contains(stack)) {
            throw usage("stack not found: `" + stack + "` (resolving the component path `" + arg + "`)",
                    "Run `atmos list stacks` to see all available stacks.");
        }
        if (matches.isEmpty()) {
            throw usage("component not found in stack configuration: `" + dir + "` (the path `" + arg + "`) is not a " + type
                    + " component of the stack `" + stack + "`", "Run `atmos list components -s " + stack + "` to see the stack's components");
        }
        if (matches.size() > 1) {
            throw usage("ambiguous component path: `" + dir + "` is used by several components in the stack `" + stack + "`. Matching components: "
                    + String.join(", ", matches), "use the component's name instead of a path, e.g. " + matches.first() + " -s " + stack);
        }
        return matches.first();
    }

    private static Path real(StackSettings settings, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return settings.host().inputs().exists(abs) ? abs.toRealPath() : abs;
        } catch (IOException e) {
            return abs;
        }
    }

    private static AtmosException usage(String message, String hint) {
        return new AtmosException(ExitCode.USAGE, message, hint);
    }
}
