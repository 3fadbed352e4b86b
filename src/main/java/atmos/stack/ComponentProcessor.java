package atmos.stack;

import atmos.config.Source;
import atmos.config.YamlValue;
import atmos.error.AtmosException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns one merged stack manifest into its components, as Atmos's {@code ProcessStackConfig} does:
 * global sections, then the component type's ({@code terraform:}, {@code helmfile:}, {@code packer:}),
 * then base components (the legacy {@code component:} attribute, then {@code metadata.inherits} in
 * order, each recursively), then the component, then its {@code overrides}. {@code metadata} is per
 * component (base metadata is inherited except {@code inherits} and {@code type});
 * {@code settings.list_merge_strategy} on the component or its bases changes how their lists merge;
 * {@code command} and {@code backend_type} take the most specific value. Terraform components get
 * their backend section for the chosen backend type (with the S3/GCS/Azure key defaults), the remote
 * state backend, and the global {@code auth:} of atmos.yaml and profiles merged under their own.
 */
final class ComponentProcessor {
    private static final Set<String> GLOBAL_METADATA_KEYS = Set.of("labels", "tags", "custom", "enabled", "locked",
            "terraform_workspace_pattern");

    private final StackSettings settings;
    private final YamlValue.Map atmosAuth;
    private final YamlValue.Map atmosEnv;

    ComponentProcessor(StackSettings settings) {
        this.settings = settings;
        this.atmosAuth = AuthShape.globalAuthSection(settings.globalAuth());
        Map<String, YamlValue> env = new LinkedHashMap<>();
        settings.atmosEnv().forEach((k, v) -> env.put(k, YamlValue.Scalar.of(v, Values.GENERATED)));
        this.atmosEnv = new YamlValue.Map(env, Map.of(), Values.GENERATED);
    }

    /**
     * A component of a stack: its merged section (vars, settings, env, auth, metadata, backend …), its
     * base components, and its {@code auth:} as the stack manifests set it (global, type-level, bases,
     * component, overrides), before atmos.yaml's auth is merged under it.
     */
    record Component(String type, String name, YamlValue.Map section, List<String> inheritance, YamlValue.Map stackAuth,
                     YamlValue.Map componentAuth) {
    }

    /** The components of one stack manifest, by type then name, plus the manifest's {@code name:}. */
    record Processed(String manifestName, Map<String, Map<String, Component>> components) {
    }

    /** Global and type-level sections shared by every component of one type in a stack. */
    private record TypeGlobals(String type, YamlValue.Map vars, YamlValue.Map settings, YamlValue.Map env, YamlValue.Map auth,
                               YamlValue.Map hooks, YamlValue.Map generate, YamlValue.Map providers, YamlValue.Map dependencies,
                               YamlValue.Map metadata, String command, String backendType, YamlValue.Map backend,
                               String remoteStateBackendType, YamlValue.Map remoteStateBackend, YamlValue.Map source,
                               YamlValue.Map provision, YamlValue.Map requiredProviders, String requiredVersion) {
    }

    Processed process(StackLoader.Loaded loaded) {
        String stack = loaded.stackFile();
        YamlValue.Map config = loaded.merged();
        String manifestName = Values.string(config.get("name"));
        Merge global = Merge.of(settings.listMergeStrategy());

        YamlValue.Map vars = section(config, "vars", stack, "vars");
        YamlValue.Map hooks = section(config, "hooks", stack, "hooks");
        YamlValue.Map settingsSection = section(config, "settings", stack, "settings");
        YamlValue.Map env = section(config, "env", stack, "env");
        YamlValue.Map generate = section(config, "generate", stack, "generate");
        YamlValue.Map auth = section(config, "auth", stack, "auth");
        YamlValue.Map dependencies = section(config, "dependencies", stack, "dependencies");
        YamlValue.Map metadata = section(config, "metadata", stack, "metadata");
        List<String> disallowed = new ArrayList<>();
        for (String k : metadata.entries().keySet()) {
            if (!GLOBAL_METADATA_KEYS.contains(k)) {
                disallowed.add(k);
            }
        }
        if (!disallowed.isEmpty()) {
            disallowed.sort(null);
            throw AtmosException.config("global metadata field(s) not allowed in '" + stack + "': " + String.join(", ", disallowed),
                    "global metadata only supports: labels, tags, custom, enabled, locked, terraform_workspace_pattern; "
                            + "move component fields (component, inherits, type, name, terraform_workspace) under components.<type>.<name>.metadata");
        }
        YamlValue.Map components = section(config, "components", stack, "components");

        Map<String, Map<String, Component>> out = new LinkedHashMap<>();
        for (String type : StackSettings.TYPES) {
            YamlValue.Map typeSection = section(config, type, stack, type);
            YamlValue.Map typeVars = section(typeSection, "vars", stack, type + ".vars");
            YamlValue.Map typeSettings = section(typeSection, "settings", stack, type + ".settings");
            YamlValue.Map typeEnv = section(typeSection, "env", stack, type + ".env");
            YamlValue.Map typeAuth = section(typeSection, "auth", stack, type + ".auth");
            YamlValue.Map typeHooks = section(typeSection, "hooks", stack, type + ".hooks");
            YamlValue.Map typeGenerate = section(typeSection, "generate", stack, type + ".generate");
            YamlValue.Map typeDeps = section(typeSection, "dependencies", stack, type + ".dependencies");
            TypeGlobals globals = new TypeGlobals(type,
                    global.merge(vars, typeVars),
                    global.merge(settingsSection, typeSettings),
                    global.merge(atmosEnv, env, typeEnv),
                    global.merge(auth, typeAuth),
                    global.merge(hooks, typeHooks),
                    global.merge(generate, typeGenerate),
                    section(typeSection, "providers", stack, type + ".providers"),
                    global.merge(dependencies, typeDeps),
                    metadata,
                    string(typeSection, "command", stack, type + ".command"),
                    string(typeSection, "backend_type", stack, type + ".backend_type"),
                    section(typeSection, "backend", stack, type + ".backend"),
                    string(typeSection, "remote_state_backend_type", stack, type + ".remote_state_backend_type"),
                    section(typeSection, "remote_state_backend", stack, type + ".remote_state_backend"),
                    section(typeSection, "source", stack, type + ".source"),
                    section(typeSection, "provision", stack, type + ".provision"),
                    section(typeSection, "required_providers", stack, type + ".required_providers"),
                    string(typeSection, "required_version", stack, type + ".required_version"));
            YamlValue.Map all = section(components, type, stack, "components." + type);
            Map<String, Component> processed = new TreeMap<>();
            for (Map.Entry<String, YamlValue> e : all.entries().entrySet()) {
                if (!(e.getValue() instanceof YamlValue.Map cm)) {
                    throw AtmosException.config("invalid 'components." + type + "." + e.getKey() + "' section in the file '" + stack + "'",
                            "a component's configuration must be a map");
                }
                processed.put(e.getKey(), component(globals, stack, e.getKey(), cm, all));
            }
            out.put(type, processed);
        }
        // Custom component types pass through with global vars/settings/env merged (shallowly, as Atmos does).
        for (Map.Entry<String, YamlValue> e : components.entries().entrySet()) {
            if (StackSettings.TYPES.contains(e.getKey()) || !(e.getValue() instanceof YamlValue.Map typed)) {
                continue;
            }
            Map<String, Component> processed = new TreeMap<>();
            typed.entries().forEach((name, v) -> {
                if (v instanceof YamlValue.Map cm) {
                    Map<String, YamlValue> m = new LinkedHashMap<>(cm.entries());
                    m.put("vars", shallow(vars, Values.map(cm.get("vars"))));
                    YamlValue.Map s = shallow(settingsSection, Values.map(cm.get("settings")));
                    if (!s.entries().isEmpty()) {
                        m.put("settings", s);
                    }
                    YamlValue.Map en = shallow(env, Values.map(cm.get("env")));
                    if (!en.entries().isEmpty()) {
                        m.put("env", en);
                    }
                    m.put("component", YamlValue.Scalar.of(name, Values.GENERATED));
                    m.put("component_type", YamlValue.Scalar.of(e.getKey(), Values.GENERATED));
                    processed.put(name, new Component(e.getKey(), name, new YamlValue.Map(m, cm.keySources(), cm.source()), List.of(),
                            Values.emptyMap(), Values.emptyMap()));
                }
            });
            out.put(e.getKey(), processed);
        }
        return new Processed(manifestName, out);
    }

    private static YamlValue.Map shallow(YamlValue.Map a, YamlValue.Map b) {
        Map<String, YamlValue> m = new LinkedHashMap<>(a.entries());
        m.putAll(b.entries());
        return new YamlValue.Map(m, Map.of(), b.source());
    }

    // ---------------------------------------------------------------- one component

    /** Sections of a component or of one of its bases, as written. */
    private static final class Sections {
        YamlValue.Map vars;
        YamlValue.Map settings;
        YamlValue.Map env;
        YamlValue.Map auth;
        YamlValue.Map providers;
        YamlValue.Map hooks;
        YamlValue.Map generate;
        YamlValue.Map dependencies;
        YamlValue.Map locals;
        YamlValue.Map metadata;
        YamlValue.Map backend;
        YamlValue.Map remoteStateBackend;
        YamlValue.Map source;
        YamlValue.Map provision;
        YamlValue.Map requiredProviders;
        String requiredVersion;
        String command;
        String backendType;
        String remoteStateBackendType;
    }

    /** What the inheritance chain accumulates. */
    private static final class Base {
        final Sections merged = new Sections();
        String finalBaseName = "";
        final List<String> chain = new ArrayList<>();
        final List<String> visited = new ArrayList<>();

        Base() {
            YamlValue.Map e = Values.emptyMap();
            merged.vars = e;
            merged.settings = e;
            merged.env = e;
            merged.auth = e;
            merged.providers = e;
            merged.hooks = e;
            merged.generate = e;
            merged.dependencies = e;
            merged.locals = e;
            merged.metadata = e;
            merged.backend = e;
            merged.remoteStateBackend = e;
            merged.source = e;
            merged.provision = e;
            merged.requiredProviders = e;
            merged.requiredVersion = "";
            merged.command = "";
            merged.backendType = "";
            merged.remoteStateBackendType = "";
        }
    }

    private Sections sections(YamlValue.Map m, String type, String name, String stack) {
        String at = "components." + type + "." + name;
        Sections s = new Sections();
        s.vars = section(m, "vars", stack, at + ".vars");
        s.settings = section(m, "settings", stack, at + ".settings");
        s.env = section(m, "env", stack, at + ".env");
        s.auth = section(m, "auth", stack, at + ".auth");
        s.providers = section(m, "providers", stack, at + ".providers");
        s.hooks = section(m, "hooks", stack, at + ".hooks");
        s.generate = section(m, "generate", stack, at + ".generate");
        s.dependencies = section(m, "dependencies", stack, at + ".dependencies");
        s.locals = section(m, "locals", stack, at + ".locals");
        s.metadata = section(m, "metadata", stack, at + ".metadata");
        s.backend = section(m, "backend", stack, at + ".backend");
        s.remoteStateBackend = section(m, "remote_state_backend", stack, at + ".remote_state_backend");
        YamlValue src = m.get("source");
        if (src instanceof YamlValue.Scalar sc && Values.plain(sc) instanceof String uri) {
            s.source = uri.isEmpty() ? Values.emptyMap()
                    : new YamlValue.Map(Map.of("uri", sc), Map.of("uri", sc.source()), sc.source());
        } else {
            s.source = section(m, "source", stack, at + ".source");
        }
        s.provision = section(m, "provision", stack, at + ".provision");
        s.requiredProviders = section(m, "required_providers", stack, at + ".required_providers");
        s.requiredVersion = orEmpty(string(m, "required_version", stack, at + ".required_version"));
        s.command = orEmpty(string(m, "command", stack, at + ".command"));
        s.backendType = orEmpty(string(m, "backend_type", stack, at + ".backend_type"));
        s.remoteStateBackendType = orEmpty(string(m, "remote_state_backend_type", stack, at + ".remote_state_backend_type"));
        return s;
    }

    private Component component(TypeGlobals g, String stack, String name, YamlValue.Map map, YamlValue.Map all) {
        String type = g.type();
        boolean terraform = type.equals("terraform");
        Sections c = sections(map, type, name, stack);
        YamlValue.Map overrides = section(map, "overrides", stack, "components." + type + "." + name + ".overrides");
        Sections o = sections(overrides, type, name + ".overrides", stack);

        Base base = new Base();
        List<String> baseComponents = new ArrayList<>();
        Merge componentStrategy = strategy(settings.listMergeStrategy(), c.settings, o.settings);

        // Legacy inheritance through the top-level `component:` attribute.
        YamlValue top = map.get("component");
        if (top != null) {
            String baseName = Values.string(top);
            if (baseName == null) {
                throw AtmosException.config("invalid 'components." + type + "." + name + ".component' in the file '" + stack + "'",
                        "'component' must be the name of a component");
            }
            inherit(base, componentStrategy, all, type, name, stack, baseName, baseComponents);
        }
        String baseNameFromTop = base.finalBaseName;

        // metadata.component points at the component's directory; metadata.inherits brings in configuration.
        String explicitBase = null;
        YamlValue mc = c.metadata.get("component");
        if (mc != null) {
            explicitBase = Values.string(mc);
            if (explicitBase == null) {
                throw AtmosException.config("invalid 'components." + type + "." + name + ".metadata.component' in the file '" + stack + "'",
                        "'metadata.component' must be the name of a component directory");
            }
        }
        YamlValue inherits = c.metadata.get("inherits");
        if (inherits != null) {
            if (!(inherits instanceof YamlValue.Seq list)) {
                throw AtmosException.config("invalid 'components." + type + "." + name + ".metadata.inherits' in the file '" + stack + "'",
                        "'metadata.inherits' must be a list of component names");
            }
            for (YamlValue item : list.items()) {
                String b = Values.string(item);
                if (b == null) {
                    throw AtmosException.config("invalid 'components." + type + "." + name + ".metadata.inherits' in the file '" + stack + "'",
                            "'metadata.inherits' must be a list of component names");
                }
                if (all.get(b) == null) {
                    throw AtmosException.config("the component '" + name + "' in the stack manifest '" + stack + "' inherits from '" + b
                                    + "' (using 'metadata.inherits'), but '" + b + "' is not defined in any of the config files for the stack '"
                                    + stack + "'" + suggestion(b, others(all, name)),
                            "define '" + b + "' in this stack or in a file it imports, or fix the name in metadata.inherits");
                }
                inherit(base, componentStrategy, all, type, name, stack, b, baseComponents);
            }
        }
        String baseComponentName;
        if (explicitBase != null) {
            baseComponentName = explicitBase;
        } else if (!baseNameFromTop.isEmpty()) {
            baseComponentName = baseNameFromTop;
        } else {
            baseComponentName = name;
        }

        Merge m = strategy(settings.listMergeStrategy(), g.settings(), base.merged.settings, c.settings, o.settings);
        Map<String, YamlValue> out = new LinkedHashMap<>();
        YamlValue.Map finalVars = m.merge(g.vars(), base.merged.vars, c.vars, o.vars);
        YamlValue.Map finalSettings = m.merge(g.settings(), base.merged.settings, c.settings, o.settings);
        finalSettings = integrations(m, finalSettings);
        YamlValue.Map finalEnv = m.merge(g.env(), base.merged.env, c.env, o.env);
        YamlValue.Map finalAuth = m.merge(g.auth(), base.merged.auth, c.auth, o.auth);
        String command = type;
        String configured = settings.kind(type) == null ? "" : settings.kind(type).command();
        if (!configured.isEmpty()) {
            command = configured;
        }
        for (String cmd : new String[]{g.command(), base.merged.command, c.command, o.command}) {
            if (cmd != null && !cmd.isEmpty()) {
                command = cmd;
            }
        }
        YamlValue.Map finalMetadata = c.metadata;
        boolean inheritMeta = settings.inheritMetadata() && !base.merged.metadata.entries().isEmpty();
        if (!g.metadata().entries().isEmpty() || inheritMeta) {
            List<YamlValue.Map> layers = new ArrayList<>();
            layers.add(g.metadata());
            if (inheritMeta) {
                layers.add(base.merged.metadata);
            }
            layers.add(c.metadata);
            finalMetadata = m.merge(layers);
        }

        out.put("vars", finalVars);
        out.put("settings", finalSettings);
        out.put("env", finalEnv);
        out.put("auth", finalAuth);
        out.put("command", YamlValue.Scalar.of(command, Values.GENERATED));
        out.put("inheritance", strings(base.chain));
        out.put("metadata", finalMetadata);
        out.put("overrides", overrides);
        if (!type.equals("packer")) {
            out.put("hooks", m.merge(g.hooks(), base.merged.hooks, c.hooks, o.hooks));
        }
        YamlValue.Map deps = m.merge(g.dependencies(), base.merged.dependencies, c.dependencies);
        if (!deps.entries().isEmpty()) {
            out.put("dependencies", deps);
        }
        YamlValue.Map locals = m.merge(base.merged.locals, c.locals);
        if (!locals.entries().isEmpty()) {
            out.put("locals", locals);
        }
        if (terraform) {
            String backendType = firstNonEmpty(g.backendType(), base.merged.backendType, c.backendType);
            YamlValue.Map backendSection = m.merge(g.backend(), base.merged.backend, c.backend);
            YamlValue.Map backend = Values.emptyMap();
            YamlValue bt = backendSection.get(backendType);
            if (bt instanceof YamlValue.Map btm) {
                backend = btm;
            } else if (bt != null) {
                throw AtmosException.config("invalid 'backend' section for the component '" + name + "'", "backend." + backendType + " must be a map");
            } else if (!backendType.isEmpty() && !backendSection.entries().isEmpty()) {
                throw AtmosException.config("backend type mismatch: component \"" + name + "\" in stack \"" + stack + "\": backend_type is \""
                                + backendType + "\" but backend: only configures " + String.join(", ", new java.util.TreeSet<>(backendSection.entries().keySet())),
                        "add a \"" + backendType + "\" key under backend:, or change backend_type to match");
            }
            backend = backendDefaults(backend, backendType, name, baseComponentName, finalMetadata, c.backend, g.backend());
            String rsType = firstNonEmpty(backendType, g.remoteStateBackendType(), base.merged.remoteStateBackendType, c.remoteStateBackendType);
            // As Atmos's checkRemoteStateBackendTypeMatch: remote_state_backend keys none of which is the type in effect
            // is a copy-paste mistake that would silently give an empty remote state backend.
            java.util.TreeSet<String> rsKeys = new java.util.TreeSet<>(g.remoteStateBackend().entries().keySet());
            rsKeys.addAll(base.merged.remoteStateBackend.entries().keySet());
            rsKeys.addAll(c.remoteStateBackend.entries().keySet());
            if (!rsType.isEmpty() && !rsKeys.isEmpty() && !rsKeys.contains(rsType)) {
                throw AtmosException.config("backend type mismatch: component \"" + name + "\" in stack \"" + stack + "\": remote_state_backend_type is \""
                                + rsType + "\" but remote_state_backend: only configures " + String.join(", ", rsKeys),
                        "add a \"" + rsType + "\" key under remote_state_backend:, or change remote_state_backend_type to match");
            }
            YamlValue.Map rs = m.merge(backendTypeMap(Map.of(backendType, backend), rsType),
                    backendTypeMap(g.remoteStateBackend().entries(), rsType),
                    backendTypeMap(base.merged.remoteStateBackend.entries(), rsType),
                    backendTypeMap(c.remoteStateBackend.entries(), rsType));
            YamlValue.Map authMerged = m.merge(atmosAuth, finalAuth);
            out.put("auth", authMerged);
            out.put("providers", m.merge(g.providers(), base.merged.providers, c.providers, o.providers));
            out.put("required_providers", m.merge(g.requiredProviders(), base.merged.requiredProviders, c.requiredProviders, o.requiredProviders));
            out.put("required_version", YamlValue.Scalar.of(firstNonEmpty(g.requiredVersion(), base.merged.requiredVersion,
                    c.requiredVersion, o.requiredVersion), Values.GENERATED));
            out.put("generate", m.merge(g.generate(), base.merged.generate, c.generate, o.generate));
            out.put("backend_type", YamlValue.Scalar.of(backendType, Values.GENERATED));
            out.put("backend", backend);
            out.put("remote_state_backend_type", YamlValue.Scalar.of(rsType, Values.GENERATED));
            out.put("remote_state_backend", rs);
            if (isAbstract(c.metadata) && finalSettings.get("spacelift") instanceof YamlValue.Map sp) {
                Map<String, YamlValue> spe = new LinkedHashMap<>(sp.entries());
                spe.remove("workspace_enabled");
                Map<String, YamlValue> se = new LinkedHashMap<>(finalSettings.entries());
                se.put("spacelift", new YamlValue.Map(spe, sp.keySources(), sp.source()));
                out.put("settings", new YamlValue.Map(se, finalSettings.keySources(), finalSettings.source()));
            }
        }
        out.put("source", m.merge(g.source(), base.merged.source, c.source));
        out.put("provision", m.merge(g.provision(), base.merged.provision, c.provision));
        if (!baseComponentName.isEmpty()) {
            out.put("component", YamlValue.Scalar.of(baseComponentName, Values.GENERATED));
        }
        // The stack's own auth and the component's (bases, component, overrides) apart: a default set
        // on the component beats one set for the whole stack.
        return new Component(type, name, new YamlValue.Map(out, Map.of(), map.source()), List.copyOf(base.chain), g.auth(),
                m.merge(base.merged.auth, c.auth, o.auth));
    }

    private static boolean isAbstract(YamlValue.Map metadata) {
        return "abstract".equals(Values.string(metadata.get("type")));
    }

    /** Atmos's ProcessBaseComponentConfig: the base's own bases first, then the base itself. */
    private void inherit(Base acc, Merge strategy, YamlValue.Map all, String type, String component, String stack, String baseName,
                         List<String> baseComponents) {
        if (component.equals(baseName)) {
            return;
        }
        String visitKey = component + ":" + baseName;
        if (acc.visited.contains(visitKey)) {
            throw AtmosException.config("circular component inheritance: '" + component + "' -> '" + baseName + "' in the stack '" + stack + "'",
                    "break the cycle in metadata.inherits / component:");
        }
        acc.visited.add(visitKey);
        try {
            baseComponents.add(baseName);
            YamlValue found = all.get(baseName);
            if (found == null) {
                var kind = settings.kind(type);
                if (kind == null || !settings.host().inputs().isDirectory(kind.basePath().resolve(baseName))) {
                    throw AtmosException.config("The component '" + component + "' inherits from the base component '" + baseName
                                    + "' (using 'component:' attribute), but '" + baseName + "' is not defined in any of the YAML config files for the stack '"
                                    + stack + "'", "define the base component in the stack or an import, or create its directory under "
                                    + (kind == null ? "the components base path" : kind.basePathText()));
                }
                return;
            }
            if (!(found instanceof YamlValue.Map bm)) {
                throw AtmosException.config("invalid config for the base component '" + baseName + "' of the component '" + component
                        + "' in the stack '" + stack + "'", "a component's configuration must be a map");
            }
            if (!isAbstract(Values.map(bm.get("metadata"))) && bm.get("component") != null) {
                String bb = Values.string(bm.get("component"));
                if (bb == null) {
                    throw AtmosException.config("invalid 'component:' of the component '" + baseName + "' in the stack '" + stack + "'",
                            "'component' must be the name of a component");
                }
                inherit(acc, strategy, all, type, baseName, stack, bb, baseComponents);
            }
            Sections b = sections(bm, type, baseName, stack);
            if (b.metadata.get("inherits") instanceof YamlValue.Seq list) {
                for (YamlValue item : list.items()) {
                    String ib = Values.string(item);
                    if (ib == null) {
                        throw AtmosException.config("invalid '" + component + ".metadata.inherits' in the stack '" + stack + "'",
                                "'metadata.inherits' must be a list of component names");
                    }
                    if (all.get(ib) == null) {
                        throw AtmosException.config("the component '" + component + "' in the stack manifest '" + stack + "' inherits from '" + ib
                                        + "' (using 'metadata.inherits'), but '" + ib + "' is not defined in any of the config files for the stack '"
                                        + stack + "'" + suggestion(ib, others(all, component)),
                                "define '" + ib + "' in this stack or in a file it imports, or fix the name in metadata.inherits");
                    }
                    inherit(acc, strategy, all, type, component, stack, ib, baseComponents);
                }
            }
            if (acc.finalBaseName.isEmpty()) {
                acc.finalBaseName = baseName;
            }
            Merge level = strategy(strategyName(strategy), b.settings);
            Sections s = acc.merged;
            s.vars = level.merge(s.vars, b.vars);
            s.settings = level.merge(s.settings, b.settings);
            s.env = level.merge(s.env, b.env);
            s.auth = level.merge(s.auth, b.auth);
            s.dependencies = level.merge(s.dependencies, b.dependencies);
            s.locals = level.merge(s.locals, b.locals);
            if (settings.inheritMetadata()) {
                Map<String, YamlValue> meta = new LinkedHashMap<>(b.metadata.entries());
                meta.remove("inherits");
                meta.remove("type");
                s.metadata = level.merge(s.metadata, new YamlValue.Map(meta, b.metadata.keySources(), b.metadata.source()));
            }
            s.providers = level.merge(s.providers, b.providers);
            s.requiredProviders = level.merge(s.requiredProviders, b.requiredProviders);
            if (!b.requiredVersion.isEmpty()) {
                s.requiredVersion = b.requiredVersion;
            }
            s.hooks = level.merge(s.hooks, b.hooks);
            s.generate = level.merge(s.generate, b.generate);
            s.command = b.command;
            s.backendType = b.backendType;
            s.backend = level.merge(s.backend, b.backend);
            s.remoteStateBackendType = b.remoteStateBackendType;
            s.remoteStateBackend = level.merge(s.remoteStateBackend, b.remoteStateBackend);
            List<String> chain = new ArrayList<>();
            chain.add(baseName);
            chain.addAll(acc.chain);
            LinkedHashSet<String> unique = new LinkedHashSet<>(chain);
            acc.chain.clear();
            acc.chain.addAll(unique);
        } finally {
            acc.visited.remove(visitKey);
        }
    }

    private static String strategyName(Merge m) {
        return m.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The list merge strategy in effect: the last layer's settings.list_merge_strategy wins. */
    private static Merge strategy(String base, YamlValue.Map... settingsLayers) {
        String s = base;
        for (YamlValue.Map layer : settingsLayers) {
            String v = Values.string(layer.get("list_merge_strategy"));
            if (v != null && !v.isEmpty()) {
                s = v;
            }
        }
        return Merge.of(s);
    }

    private YamlValue.Map integrations(Merge m, YamlValue.Map finalSettings) {
        YamlValue.Map atmosGithub = Values.map(settings.integrationsGithub());
        YamlValue.Map integrations = Values.map(finalSettings.get("integrations"));
        YamlValue.Map stackGithub = Values.map(integrations.get("github"));
        YamlValue.Map merged = m.merge(atmosGithub, stackGithub);
        if (merged.entries().isEmpty()) {
            return finalSettings;
        }
        Map<String, YamlValue> ie = new LinkedHashMap<>(integrations.entries());
        ie.put("github", merged);
        Map<String, YamlValue> se = new LinkedHashMap<>(finalSettings.entries());
        se.put("integrations", new YamlValue.Map(ie, integrations.keySources(), integrations.source()));
        return new YamlValue.Map(se, finalSettings.keySources(), finalSettings.source());
    }

    private YamlValue.Map backendDefaults(YamlValue.Map backend, String type, String component, String baseName, YamlValue.Map metadata,
                                          YamlValue.Map componentBackend, YamlValue.Map globalBackend) {
        String sep = settings.workspacePrefixSeparator();
        String prefixSource = component;
        String metaName = Values.string(metadata.get("name"));
        if (metaName != null && !metaName.isEmpty()) {
            prefixSource = metaName;
        } else if (!baseName.isEmpty()) {
            prefixSource = baseName;
        }
        String prefix = sep.equals("/") ? prefixSource : prefixSource.replace("/", sep);
        Map<String, YamlValue> e = new LinkedHashMap<>(backend.entries());
        switch (type) {
            case "s3" -> {
                String p = Values.string(e.get("workspace_key_prefix"));
                if (p == null || p.isEmpty()) {
                    e.put("workspace_key_prefix", YamlValue.Scalar.of(prefix, Values.GENERATED));
                }
            }
            case "gcs" -> {
                String p = Values.string(e.get("prefix"));
                if (p == null || p.isEmpty()) {
                    e.put("prefix", YamlValue.Scalar.of(prefix, Values.GENERATED));
                }
            }
            case "azurerm" -> {
                YamlValue.Map compAz = Values.map(componentBackend.get("azurerm"));
                if (Values.string(compAz.get("key")) != null) {
                    break;
                }
                String existing = Values.string(e.get("key"));
                String globalKey = Values.string(Values.map(globalBackend.get("azurerm")).get("key"));
                if (existing != null && !existing.isEmpty() && (globalKey == null || !globalKey.equals(existing))) {
                    break;
                }
                String key = (globalKey != null ? globalKey + "/" : "") + prefix + ".terraform.tfstate";
                e.put("key", YamlValue.Scalar.of(key, Values.GENERATED));
            }
            default -> {
                return backend;
            }
        }
        return new YamlValue.Map(e, backend.keySources(), backend.source());
    }

    private static YamlValue.Map backendTypeMap(Map<String, YamlValue> section, String type) {
        YamlValue v = section.get(type);
        return v instanceof YamlValue.Map m ? m : Values.emptyMap();
    }

    // ---------------------------------------------------------------- helpers

    static YamlValue.Map section(YamlValue.Map map, String key, String stack, String what) {
        YamlValue v = map.get(key);
        if (v == null) {
            return Values.emptyMap();
        }
        if (v instanceof YamlValue.Map m) {
            return (YamlValue.Map) Merge.stripAppends(m);
        }
        throw AtmosException.config("invalid '" + what + "' section in the file '" + stack + "'"
                        + (v.source().isFile() ? " (" + v.source().file().getFileName() + ":" + v.source().line() + ")" : ""),
                "'" + key + "' must be a map (key: value)" + (v instanceof YamlValue.Scalar s && s.isNull() ? "; remove the empty key or give it {}" : ""));
    }

    private static String string(YamlValue.Map map, String key, String stack, String what) {
        YamlValue v = map.get(key);
        if (v == null) {
            return "";
        }
        String s = Values.string(v);
        if (s == null) {
            throw AtmosException.config("invalid '" + what + "' in the file '" + stack + "'", "'" + key + "' must be a string");
        }
        return s;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String firstNonEmpty(String... values) {
        String r = "";
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                r = v;
            }
        }
        return r;
    }

    private static YamlValue.Seq strings(List<String> items) {
        List<YamlValue> out = new ArrayList<>();
        items.forEach(i -> out.add(YamlValue.Scalar.of(i, Values.GENERATED)));
        return new YamlValue.Seq(out, Values.GENERATED);
    }

    private static Set<String> others(YamlValue.Map all, String self) {
        Set<String> s = new java.util.TreeSet<>(all.entries().keySet());
        s.remove(self);
        return s;
    }

    static String suggestion(String given, Set<String> known) {
        List<String> close = atmos.text.CloseNames.of(given, known);
        return close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close.stream().map(s -> "'" + s + "'").toList()) + "?)";
    }

    static Source source(YamlValue v) {
        return v == null ? Values.GENERATED : v.source();
    }
}
