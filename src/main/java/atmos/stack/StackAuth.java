package atmos.stack;

import atmos.config.ConfigNode;
import atmos.config.Source;
import atmos.config.YamlValue;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which identity a stack (or a component in a stack) needs, decided as Atmos decides it before
 * authenticating: the global {@code auth:} (atmos.yaml, fragments, active profiles) is the base; the
 * stack's {@code auth:} sections (global and {@code terraform:} of its manifests and their imports,
 * then the component's bases, the component and its {@code overrides}) are deep-merged over it, so
 * identities of the same name merge field by field. When the stack's layers mark any identity
 * {@code default: true}, the global defaults are cleared first: the more specific default wins.
 * A {@code default: true|false} marker for an identity the global configuration does not define is
 * kept as it is (the caller's profile lookup reports it).
 *
 * <p>Pure: no login, no keyring, no prompt. The caller applies {@code --identity}/{@code ATMOS_IDENTITY},
 * the picker and the profile lookup. Usage:
 *
 * <pre>{@code
 * Stacks stacks = Stacks.of(config, host, templates);
 * StackAuth a = StackAuth.forComponent(stacks, "vpc", "plat-ue2-dev");   // or StackAuth.forStack(stacks, "plat-ue2-dev")
 * AuthConfig auth = AuthConfig.from(a.node());                            // providers + identities in effect
 * switch (a.defaultIdentity()) {
 *     case StackAuth.Default.One one -> use(one.identity(), one.source()); // plat-dev/terraform, orgs/acme/plat/dev/_defaults.yaml:11
 *     case StackAuth.Default.Conflict c -> fail(c.candidates());           // every candidate with its file:line
 *     case StackAuth.Default.None none -> fallBackToPickerOrError();
 * }
 * }</pre>
 *
 * @param stack     the stack name as given
 * @param component the component, or null for the stack alone
 * @param merged    the merged {@code auth:} section (providers, identities …), every value with its source
 */
public record StackAuth(String stack, String component, YamlValue.Map merged, Default defaultIdentity, List<Candidate> required) {

    /** An identity and where it was marked ({@code default: true} or {@code required: true}). */
    public record Candidate(String identity, Source source) {
        @Override
        public String toString() {
            return identity + " (" + source + ")";
        }
    }

    /** The default identity decision. */
    public sealed interface Default permits Default.None, Default.One, Default.Conflict {
        /** No identity is marked default anywhere in effect. */
        record None() implements Default {
        }

        /** Exactly one default identity, and the file and line that set it. */
        record One(String identity, Source source) implements Default {
        }

        /** Several identities are marked default; each with the file and line that set it. */
        record Conflict(List<Candidate> candidates) implements Default {
        }
    }

    /** The merged section as a config node for {@code AuthConfig.from(node)}. */
    public ConfigNode node() {
        return ConfigNode.of(merged, "auth", merged.source());
    }

    /** The default identity's name, if exactly one is in effect. */
    public java.util.Optional<String> defaultName() {
        return defaultIdentity instanceof Default.One one ? java.util.Optional.of(one.identity()) : java.util.Optional.empty();
    }

    /** The auth in effect for a component in a stack (the stack as {@code -s} names it). */
    public static StackAuth forComponent(Stacks stacks, String component, String stack) {
        DescribeComponent.Target t = DescribeComponent.find(stacks, component, stack);
        return decide(stacks.settings(), stack, component, List.of(t.component().stackAuth(), t.component().componentAuth()));
    }

    /**
     * The auth in effect for a stack alone: its manifests' global and {@code terraform:} {@code auth:}
     * sections. A stack may be named by its canonical name or by its manifest's path.
     */
    public static StackAuth forStack(Stacks stacks, String stack) {
        List<Stacks.Stack> matching = matching(stacks, stack);
        List<YamlValue.Map> layers = new ArrayList<>();
        Merge merge = Merge.of(stacks.settings().listMergeStrategy());
        for (Stacks.Stack s : matching) {
            YamlValue.Map config = s.loaded().merged();
            YamlValue.Map global = ComponentProcessor.section(config, "auth", s.stackFile(), "auth");
            YamlValue.Map terraform = ComponentProcessor.section(ComponentProcessor.section(config, "terraform", s.stackFile(), "terraform"),
                    "auth", s.stackFile(), "terraform.auth");
            layers.add(merge.merge(global, terraform));
        }
        return decide(stacks.settings(), stack, null, List.of(merge.merge(layers)));
    }

    private static List<Stacks.Stack> matching(Stacks stacks, String stack) {
        if (stack == null || stack.isBlank()) {
            throw AtmosException.usage("a stack is required", "pass the stack with -s/--stack; 'atmos list stacks' lists them");
        }
        List<Stacks.Stack> out = new ArrayList<>();
        if (stack.contains("/")) {
            stacks.byFile(stack).ifPresent(out::add);
            if (!out.isEmpty()) {
                return out;
            }
        }
        Set<String> all = new TreeSet<>();
        for (Stacks.Stack s : stacks.all().values()) {
            Set<String> names = StackNames.namesOf(stacks.settings(), stacks.templates(), s);
            if (names.isEmpty()) {
                names = Set.of(s.manifestName() != null && !s.manifestName().isEmpty() ? s.manifestName() : s.stackFile());
            }
            all.addAll(names);
            if (names.contains(stack)) {
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            List<String> close = atmos.text.CloseNames.of(stack, all);
            throw new AtmosException(ExitCode.FAILURE, "invalid stack: stack `" + stack + "` not found",
                    (close.isEmpty() ? "" : "did you mean " + String.join(", ", close.stream().map(n -> "`" + n + "`").toList()) + "? ")
                            + "Run `atmos list stacks` to see all available stacks.");
        }
        return out;
    }

    /**
     * {@code layers}: the stack's {@code auth:} layers from the least to the most specific (for a
     * component: the stack's, then the component's own). Each layer that marks a default clears the
     * defaults of everything below it, global ones included: the most specific default wins.
     */
    static StackAuth decide(StackSettings settings, String stack, String component, List<YamlValue.Map> layers) {
        Merge merge = Merge.of(settings.listMergeStrategy());
        YamlValue.Map merged = settings.globalAuth();
        for (YamlValue.Map layer : layers) {
            if (!defaults(layer).isEmpty()) {
                merged = clearDefaults(merged);
            }
            merged = merge.merge(merged, layer);
        }
        List<Candidate> defaults = defaults(merged);
        Default d = defaults.isEmpty() ? new Default.None()
                : defaults.size() == 1 ? new Default.One(defaults.get(0).identity(), defaults.get(0).source())
                : new Default.Conflict(defaults);
        return new StackAuth(stack, component, merged, d, flagged(merged, "required"));
    }

    private static List<Candidate> defaults(YamlValue.Map auth) {
        return flagged(auth, "default");
    }

    private static List<Candidate> flagged(YamlValue.Map auth, String flag) {
        List<Candidate> out = new ArrayList<>();
        if (auth.get("identities") instanceof YamlValue.Map ids) {
            for (Map.Entry<String, YamlValue> e : ids.entries().entrySet()) {
                if (e.getValue() instanceof YamlValue.Map id && Boolean.TRUE.equals(Values.plain(id.get(flag)))) {
                    YamlValue v = id.get(flag);
                    out.add(new Candidate(e.getKey(), v.source().isFile() ? v.source() : id.sourceOf(flag)));
                }
            }
        }
        return out;
    }

    private static YamlValue.Map clearDefaults(YamlValue.Map global) {
        if (!(global.get("identities") instanceof YamlValue.Map ids)) {
            return global;
        }
        Map<String, YamlValue> cleared = new LinkedHashMap<>();
        ids.entries().forEach((name, v) -> {
            if (v instanceof YamlValue.Map id && Boolean.TRUE.equals(Values.plain(id.get("default")))) {
                Map<String, YamlValue> e = new LinkedHashMap<>(id.entries());
                e.remove("default");
                cleared.put(name, new YamlValue.Map(e, id.keySources(), id.source()));
            } else {
                cleared.put(name, v);
            }
        });
        Map<String, YamlValue> top = new LinkedHashMap<>(global.entries());
        top.put("identities", new YamlValue.Map(cleared, ids.keySources(), ids.source()));
        return new YamlValue.Map(top, global.keySources(), global.source());
    }
}
