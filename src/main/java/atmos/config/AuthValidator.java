package atmos.config;

import atmos.system.Host;
import atmos.text.Durations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the merged {@code auth:} section and reports every problem at once: the generic rules
 * (kinds, via references, cycles, defaults, realm, logs, keyring, unknown keys, YAML functions) live
 * here; each kind checks its own fields through {@link KindRules}.
 */
public final class AuthValidator {
    public static final Set<String> LOG_LEVELS = Set.of("debug", "info", "warn", "error");
    public static final Set<String> KEYRING_TYPES = Set.of("system", "file", "memory");

    private static final Map<String, Set<String>> KNOWN_KEYS = Map.ofEntries(
            Map.entry("auth", Set.of("realm", "logs", "keyring", "console", "providers", "identities", "integrations")),
            Map.entry("logs", Set.of("level", "file", "audit", "audit_max_size")),
            Map.entry("keyring", Set.of("type", "spec")),
            Map.entry("console", Set.of("isolated", "isolated_sessions")),
            Map.entry("provider", Set.of("kind", "start_url", "url", "region", "username", "password", "driver",
                    "provider_type", "download_browser_driver", "browser_type", "browser_executable_path",
                    "auto_provision_identities", "session", "console", "default", "spec", "tags", "idp_arn",
                    "auth_flow", "description")),
            Map.entry("identity", Set.of("kind", "default", "required", "provider", "via", "principal", "credentials",
                    "spec", "alias", "env", "session", "emulator", "tags", "description")),
            Map.entry("via", Set.of("provider", "identity")),
            Map.entry("session", Set.of("duration")),
            Map.entry("provider.console", Set.of("session_duration")));

    private final KindRules kinds;

    public AuthValidator(KindRules kinds) {
        this.kinds = kinds;
    }

    public Problems validate(AtmosConfig config, Host host) {
        Problems p = new Problems();
        AuthConfig auth = config.auth();
        if (!checkShapes(config, p)) {
            return p;
        }
        checkTags(auth.node().raw(), "auth", p);
        checkUnknownKeys(auth, p);
        checkLogs(auth, p);
        checkRealm(config, host, p);
        checkKeyring(auth, host, p);
        checkProviders(auth, p);
        checkIdentities(auth, p);
        checkCycles(auth, p);
        checkDefaults(auth, p);
        checkGlobalEnv(config, p);
        return p;
    }

    // ---------------------------------------------------------------- shapes

    /** The type a field must have; null or missing values are left to the "is required" checks. */
    private enum Shape {
        MAP("a map"), STRING("a string"), LIST_OR_STRING("a list or a string");

        final String text;

        Shape(String text) {
            this.text = text;
        }

        boolean accepts(YamlValue v) {
            return switch (this) {
                case MAP -> v instanceof YamlValue.Map;
                case STRING -> v instanceof YamlValue.Scalar;
                case LIST_OR_STRING -> v instanceof YamlValue.Scalar || v instanceof YamlValue.Seq;
            };
        }
    }

    private static Map<String, Shape> shapes(Object... keyShape) {
        Map<String, Shape> m = new LinkedHashMap<>();
        for (int i = 0; i < keyShape.length; i += 2) {
            m.put((String) keyShape[i], (Shape) keyShape[i + 1]);
        }
        return m;
    }

    private static final Shape M = Shape.MAP;
    private static final Shape S = Shape.STRING;
    private static final Shape L = Shape.LIST_OR_STRING;

    /** Every field validation or a command reads, by where it sits; kinds read their own fields through these. */
    private static final Map<String, Map<String, Shape>> SHAPES = Map.ofEntries(
            Map.entry("auth", shapes("realm", S, "logs", M, "keyring", M, "console", M, "providers", M, "identities", M, "integrations", M)),
            Map.entry("logs", shapes("level", S, "file", S, "audit", S, "audit_max_size", S)),
            Map.entry("keyring", shapes("type", S, "spec", M)),
            Map.entry("keyring.spec", shapes("path", S, "password_env", S)),
            Map.entry("console", shapes("isolated", S, "isolated_sessions", S)),
            Map.entry("provider", shapes("kind", S, "start_url", S, "url", S, "region", S, "username", S, "password", S, "driver", S,
                    "provider_type", S, "download_browser_driver", S, "browser_type", S, "browser_executable_path", S,
                    "auto_provision_identities", S, "session", M, "console", M, "default", S, "spec", M, "tags", L, "idp_arn", S,
                    "auth_flow", S, "description", S)),
            Map.entry("provider.spec", shapes("files", M, "audience", S, "tenant_id", S, "client_id", S, "cloud_environment", S)),
            Map.entry("provider.spec.files", shapes("base_path", S, "credential_process", S)),
            Map.entry("provider.console", shapes("session_duration", S)),
            Map.entry("identity", shapes("kind", S, "default", S, "required", S, "provider", S, "via", M, "principal", M,
                    "credentials", M, "spec", M, "alias", S, "session", M, "tags", L, "description", S)),
            Map.entry("via", shapes("provider", S, "identity", S)),
            Map.entry("session", shapes("duration", S)),
            Map.entry("principal", shapes("name", S, "account", M, "assume_role", S, "session_name", S, "external_id", S, "duration", S,
                    "region", S, "target_principal", S, "task_policy_arn", S, "subscription_id", S)),
            Map.entry("principal.account", shapes("name", S, "id", S)),
            Map.entry("credentials", shapes("access_key_id", S, "secret_access_key", S, "mfa_arn", S, "region", S, "session_duration", S)));

    /** How to write the fields people most often get wrong; others get the generic hint. */
    private static final Map<String, String> SHAPE_HINTS = Map.of(
            "auth.keyring", "write keyring: {type: file} (the keyring's fields go under it)",
            "auth.logs", "write logs: {level: Info} (the fields go under it)",
            "auth.providers", "write each provider as a name with its fields: providers: {my-sso: {kind: aws/iam-identity-center, …}}",
            "auth.identities", "write each identity as a name with its fields: identities: {admin: {kind: …, via: {provider: …}}}",
            "via", "write via: {provider: NAME} or via: {identity: NAME}",
            "principal", "write the principal's fields under it, e.g. principal: {name: …, account: {id: …}}",
            "session", "write session: {duration: 1h}",
            "console", "write console: {session_duration: 12h}");

    /**
     * Checks that every section and field that is read has the type it is read as, so a value of the
     * wrong type is an error at its line instead of being silently ignored. Returns false when
     * {@code auth:} itself is not a map (nothing else can be checked).
     */
    private static boolean checkShapes(AtmosConfig config, Problems p) {
        YamlValue authRaw = config.raw().get("auth");
        if (authRaw != null && !(authRaw instanceof YamlValue.Map) && !(authRaw instanceof YamlValue.Scalar s && s.isNull())) {
            p.wrongType(config.raw().sourceOf("auth"), "auth", "expected a map (got " + Types.describe(authRaw) + ")",
                    "write the auth settings indented under auth:");
            return false;
        }
        AuthConfig auth = config.auth();
        ConfigNode root = auth.node();
        shape(root, "auth", p);
        shape(root.child("logs"), "logs", p);
        shape(root.child("keyring"), "keyring", p);
        shape(root.child("keyring").child("spec"), "keyring.spec", p);
        shape(root.child("console"), "console", p);
        ConfigNode providers = root.child("providers");
        for (ProviderConfig provider : auth.providers().values()) {
            if (!entryIsMap(providers, provider.name(), p)) {
                continue;
            }
            ConfigNode n = provider.node();
            shape(n, "provider", p);
            shape(n.child("session"), "session", p);
            shape(n.child("console"), "provider.console", p);
            shape(n.child("spec"), "provider.spec", p);
            shape(n.child("spec").child("files"), "provider.spec.files", p);
        }
        ConfigNode identities = root.child("identities");
        for (IdentityConfig identity : auth.identities().values()) {
            if (!entryIsMap(identities, identity.name(), p)) {
                continue;
            }
            ConfigNode n = identity.node();
            shape(n, "identity", p);
            shape(n.child("via"), "via", p);
            shape(n.child("session"), "session", p);
            shape(n.child("principal"), "principal", p);
            shape(n.child("principal").child("account"), "principal.account", p);
            shape(n.child("credentials"), "credentials", p);
        }
        return true;
    }

    private static boolean entryIsMap(ConfigNode parent, String name, Problems p) {
        YamlValue v = parent.raw().get(name);
        if (v instanceof YamlValue.Map) {
            return true;
        }
        p.wrongType(parent.source(name), parent.path(name), "expected a map (got " + Types.describe(v) + ")",
                "write the fields indented under the name, starting with kind: <kind>");
        return false;
    }

    private static void shape(ConfigNode node, String where, Problems p) {
        SHAPES.get(where).forEach((key, shape) -> {
            YamlValue v = node.raw().get(key);
            if (v == null || v instanceof YamlValue.Scalar s && s.isNull() || shape.accepts(v)) {
                return;
            }
            String path = node.path(key);
            String hint = SHAPE_HINTS.getOrDefault(path, SHAPE_HINTS.get(key));
            if (hint == null) {
                hint = shape == Shape.MAP ? "write its fields indented under " + key + ":"
                        : shape == Shape.STRING ? "write a single value (quote it if it contains ':' or starts with '[' or '{')"
                        : "write a list [a, b] or a comma-separated string";
            }
            p.wrongType(node.source(key), path, "expected " + shape.text + " (got " + Types.describe(v) + ")", hint);
        });
    }

    // ---------------------------------------------------------------- sections

    private static void checkLogs(AuthConfig auth, Problems p) {
        ConfigNode logs = auth.logs();
        logs.string("level").ifPresent(level -> {
            if (!LOG_LEVELS.contains(level.toLowerCase(Locale.ROOT))) {
                p.error(logs, "level", "invalid log level \"" + level + "\"", "use one of Debug, Info, Warn, Error");
            }
        });
        logs.string("audit").ifPresent(path -> {
            if (path.chars().anyMatch(Character::isISOControl)) {
                p.error(logs, "audit", "the audit log path holds a control character", "write a plain file path, e.g. ~/.local/state/atmos/audit.jsonl");
            } else if (path.endsWith("/")) {
                p.error(logs, "audit", "the audit log path \"" + path + "\" names a directory", "name a file in it, e.g. " + path + "audit.jsonl");
            }
        });
        logs.string("audit_max_size").ifPresent(size -> {
            try {
                atmos.log.AuditLog.parseSize(size);
            } catch (IllegalArgumentException e) {
                p.error(logs, "audit_max_size", "invalid audit log size: " + e.getMessage(), "write bytes or a number with a unit: 10MiB, 500KB, 1GiB");
            }
        });
        if (logs.string("audit_max_size").isPresent() && logs.string("audit").isEmpty()) {
            p.warning(logs, "audit_max_size", "audit_max_size is set but audit is not: no audit log is written",
                    "set auth.logs.audit to the file the audit trail goes to");
        }
    }

    private static void checkRealm(AtmosConfig config, Host host, Problems p) {
        Realm realm = config.realm();
        if (!realm.source().equals("env") && !realm.source().equals("config")) {
            return;
        }
        Optional<String> why = realmProblem(realm.value());
        if (why.isEmpty()) {
            return;
        }
        String hint = "use 1-64 characters of a-z, 0-9, '-' and '_', not starting or ending with '-' or '_', without doubled separators";
        if (realm.source().equals("env")) {
            p.error(Source.synthetic("environment"), "ATMOS_AUTH_REALM", "invalid realm \"" + realm.value() + "\": " + why.get(), hint);
        } else {
            p.error(config.auth().node(), "realm", "invalid realm \"" + realm.value() + "\": " + why.get(), hint);
        }
    }

    /** Atmos's realm rules; the reason it is invalid, or empty when valid. */
    public static Optional<String> realmProblem(String realm) {
        if (realm.isEmpty()) {
            return Optional.of("realm cannot be empty");
        }
        if (realm.length() > 64) {
            return Optional.of("longer than 64 characters");
        }
        if (!realm.matches("[a-z0-9_-]+")) {
            return Optional.of("only lowercase letters, digits, '-' and '_' are allowed");
        }
        if (realm.startsWith("-") || realm.startsWith("_") || realm.endsWith("-") || realm.endsWith("_")) {
            return Optional.of("must not start or end with '-' or '_'");
        }
        if (realm.contains("--") || realm.contains("__") || realm.contains("-_") || realm.contains("_-")) {
            return Optional.of("must not contain doubled separators");
        }
        return Optional.empty();
    }

    private static void checkKeyring(AuthConfig auth, Host host, Problems p) {
        ConfigNode keyring = auth.keyring();
        Optional<String> env = host.getenv("ATMOS_KEYRING_TYPE");
        if (env.isPresent()) {
            if (!KEYRING_TYPES.contains(env.get())) {
                p.error(Source.synthetic("environment"), "ATMOS_KEYRING_TYPE", "unknown keyring type \"" + env.get() + "\"",
                        "use one of system, file, memory");
            }
            return;
        }
        keyring.string("type").ifPresent(type -> {
            if (!KEYRING_TYPES.contains(type)) {
                p.error(keyring, "type", "unknown keyring type \"" + type + "\"", "use one of system, file, memory");
            }
        });
    }

    // ---------------------------------------------------------------- providers and identities

    private void checkProviders(AuthConfig auth, Problems p) {
        Map<String, String> seen = new HashMap<>();
        for (ProviderConfig provider : auth.providers().values()) {
            ConfigNode n = provider.node();
            String previous = seen.putIfAbsent(provider.key(), provider.name());
            if (previous != null) {
                p.error(n.source(), n.path(), "provider name clashes with \"" + previous + "\" (names are case-insensitive)",
                        "rename one of the two providers");
            }
            Names.providerNameProblem(provider.name()).ifPresent(why ->
                    p.error(n.source(), n.path(), "invalid provider name: " + why, Names.NAME_HINT + ", '/' or '\\'"));
            if (!(auth.node().child("providers").raw().get(provider.name()) instanceof YamlValue.Map)) {
                continue; // reported by checkShapes
            }
            if (provider.kind().isEmpty()) {
                p.error(n.source(), n.path("kind"), "kind is required", "known provider kinds: " + String.join(", ", sorted(kinds.providerKinds())));
            } else if (!kinds.providerKinds().contains(provider.kind())) {
                p.error(n, "kind", "unknown provider kind \"" + provider.kind() + "\"" + suggestion(provider.kind(), kinds.providerKinds()),
                        "known provider kinds: " + String.join(", ", sorted(kinds.providerKinds())));
            } else {
                kinds.validateProvider(provider, auth, p);
            }
            checkDuration(n.child("session"), "duration", null, p);
            checkDuration(n.child("console"), "session_duration", java.time.Duration.ofHours(12), p);
            checkBasePath(n, p);
        }
    }

    private static void checkBasePath(ConfigNode provider, Problems p) {
        ConfigNode files = provider.child("spec").child("files");
        files.scalar("base_path").ifPresent(s -> {
            String v = s.value() == null ? "" : s.value();
            if (v.isBlank()) {
                p.error(files, "base_path", "base_path is empty", "remove spec.files.base_path or set it to a directory");
            } else if (v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                p.error(files, "base_path", "base_path contains control characters", "write a plain directory path");
            }
        });
    }

    private void checkIdentities(AuthConfig auth, Problems p) {
        Map<String, String> seen = new HashMap<>();
        for (IdentityConfig identity : auth.identities().values()) {
            ConfigNode n = identity.node();
            String previous = seen.putIfAbsent(identity.key(), identity.name());
            if (previous != null) {
                p.error(n.source(), n.path(), "identity name clashes with \"" + previous + "\" (names are case-insensitive)",
                        "rename one of the two identities");
            }
            Names.identityNameProblem(identity.name()).ifPresent(why ->
                    p.error(n.source(), n.path(), "invalid identity name: " + why, Names.NAME_HINT));
            if (!(auth.node().child("identities").raw().get(identity.name()) instanceof YamlValue.Map)) {
                continue; // reported by checkShapes
            }
            String kind = identity.kind();
            if (kind.isEmpty()) {
                p.error(n.source(), n.path("kind"), "kind is required", "known identity kinds: " + String.join(", ", sorted(kinds.identityKinds())));
                continue;
            }
            if (!kinds.identityKinds().contains(kind)) {
                p.error(n, "kind", "unknown identity kind \"" + kind + "\"" + suggestion(kind, kinds.identityKinds()),
                        "known identity kinds: " + String.join(", ", sorted(kinds.identityKinds())));
                continue;
            }
            checkVia(identity, auth, p);
            checkIdentityEnv(identity, p);
            kinds.validateIdentity(identity, auth, p);
        }
    }

    private void checkVia(IdentityConfig identity, AuthConfig auth, Problems p) {
        ConfigNode n = identity.node();
        ConfigNode via = n.child("via");
        Optional<String> provider = identity.viaProvider();
        Optional<String> parent = identity.viaIdentity();
        String kind = identity.kind();
        if (kinds.forbidsVia(kind)) {
            if (provider.isPresent() || parent.isPresent()) {
                p.error(n, "via", kind + " identities take no via", "remove the via block");
            }
            return;
        }
        if (kinds.isStandalone(kind)) {
            return; // aws/user: via is ignored, as in Atmos
        }
        if (p.hasWrongTypeWithin(n.path("via"))) {
            return; // via.provider: {…} is reported as such, not as a missing via
        }
        if (provider.isEmpty() && parent.isEmpty()) {
            Source at = n.has("via") ? n.source("via") : n.source();
            p.error(at, n.path("via"), "identity \"" + identity.name() + "\" has no via configuration",
                    "add 'via: {provider: <provider>}' or 'via: {identity: <identity>}'");
            return;
        }
        if (provider.isPresent() && parent.isPresent()) {
            p.error(n, "via", "via.provider and via.identity are mutually exclusive", "keep only one of them");
            return;
        }
        if (provider.isPresent()) {
            Optional<ProviderConfig> target = auth.provider(provider.get());
            if (target.isEmpty()) {
                p.error(via, "provider", "provider \"" + provider.get() + "\" does not exist" + suggestion(provider.get(), auth.providers().keySet()),
                        hintNames("providers", auth.providers().keySet()));
            } else if (target.get().kind().equals("aws/saml") && !kind.equals("aws/assume-role")) {
                p.error(via, "provider", "the aws/saml provider \"" + target.get().name() + "\" can only be used by aws/assume-role identities, not " + kind,
                        "make this an aws/assume-role identity whose principal.assume_role is the role to sign in to");
            }
        } else {
            Optional<IdentityConfig> target = auth.identity(parent.get());
            if (target.isEmpty()) {
                p.error(via, "identity", "identity \"" + parent.get() + "\" does not exist" + suggestion(parent.get(), auth.identities().keySet()),
                        hintNames("identities", auth.identities().keySet()));
            }
        }
    }

    /**
     * An identity's {@code env:}: a list of {@code {key, value}} maps (as Atmos writes it) or a map of
     * names to values. Every name must be one a shell accepts, since {@code auth env} prints it for
     * {@code eval}; values must be scalars.
     */
    private static void checkIdentityEnv(IdentityConfig identity, Problems p) {
        ConfigNode n = identity.node();
        Optional<YamlValue> env = n.value("env");
        if (env.isEmpty() || env.get() instanceof YamlValue.Scalar s && s.isNull()) {
            return;
        }
        String hint = "write env as a list of {key: NAME, value: VALUE}, or as a map NAME: VALUE";
        if (env.get() instanceof YamlValue.Seq seq) {
            for (int i = 0; i < seq.items().size(); i++) {
                YamlValue item = seq.items().get(i);
                String path = n.path("env") + "[" + i + "]";
                if (!(item instanceof YamlValue.Map m)) {
                    p.error(item.source(), path, "expected a map with key and value (got " + Types.describe(item) + ")", hint);
                    continue;
                }
                ConfigNode entry = ConfigNode.of(m, path, item.source());
                if (!(m.get("key") instanceof YamlValue.Scalar key) || key.value() == null || key.value().isBlank()) {
                    p.error(entry.has("key") ? entry.source("key") : item.source(), entry.path("key"),
                            entry.has("key") ? "expected a variable name (got " + Types.describe(m.get("key")) + ")" : "key is required", hint);
                } else if (!Names.isEnvVarName(key.value().strip())) {
                    p.error(entry, "key", "\"" + key.value() + "\" is not a valid environment variable name",
                            "a name must be " + Names.ENV_VAR_RULE);
                }
                if (m.get("value") != null && !(m.get("value") instanceof YamlValue.Scalar)) {
                    p.error(entry, "value", "expected a string (got " + Types.describe(m.get("value")) + ")", "quote the value");
                }
            }
        } else if (env.get() instanceof YamlValue.Map m) {
            ConfigNode envNode = n.child("env");
            m.entries().forEach((name, value) -> {
                if (!Names.isEnvVarName(name)) {
                    p.error(envNode, name, "\"" + name + "\" is not a valid environment variable name", "a name must be " + Names.ENV_VAR_RULE);
                }
                if (!(value instanceof YamlValue.Scalar)) {
                    p.error(envNode, name, "expected a string (got " + Types.describe(value) + ")", "quote the value");
                }
            });
        } else {
            p.error(n, "env", "expected a list or a map (got " + Types.describe(env.get()) + ")", hint);
        }
    }

    /** The top-level {@code env:} section: names that commands would get, so they must be valid names too. */
    private static void checkGlobalEnv(AtmosConfig config, Problems p) {
        YamlValue env = config.raw().get("env");
        if (env == null || env instanceof YamlValue.Scalar s && s.isNull()) {
            return;
        }
        if (!(env instanceof YamlValue.Map m)) {
            p.error(config.raw().sourceOf("env"), "env", "expected a map of variable names to values (got " + Types.describe(env) + ")",
                    "write env as NAME: VALUE lines");
            return;
        }
        ConfigNode node = ConfigNode.of(m, "env", config.raw().sourceOf("env"));
        for (String name : m.entries().keySet()) {
            if (!name.equals("<<") && !Names.isEnvVarName(name)) {
                p.error(node, name, "\"" + name + "\" is not a valid environment variable name", "a name must be " + Names.ENV_VAR_RULE);
            }
        }
    }

    /** Cycles through via.identity, each reported once with its members in order. */
    private static void checkCycles(AuthConfig auth, Problems p) {
        Set<String> reported = new TreeSet<>();
        for (IdentityConfig start : auth.identities().values()) {
            List<String> path = new ArrayList<>();
            Map<String, Integer> index = new LinkedHashMap<>();
            IdentityConfig current = start;
            while (current != null) {
                Integer at = index.get(current.key());
                if (at != null) {
                    List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
                    String canonical = String.join(",", new TreeSet<>(cycle));
                    if (reported.add(canonical)) {
                        cycle.add(cycle.get(0));
                        IdentityConfig first = auth.identity(cycle.get(0)).orElseThrow();
                        p.error(first.node().child("via").source("identity"), first.node().child("via").path("identity"),
                                "circular dependency in identity chain: " + String.join(" -> ", cycle),
                                "break the cycle: one of these identities must use via.provider");
                    }
                    break;
                }
                index.put(current.key(), path.size());
                path.add(current.name());
                current = current.viaProvider().isPresent() ? null
                        : current.viaIdentity().flatMap(auth::identity).orElse(null);
            }
        }
    }

    private static void checkDefaults(AuthConfig auth, Problems p) {
        List<IdentityConfig> defaults = auth.identities().values().stream().filter(IdentityConfig::isDefault).toList();
        if (defaults.size() > 1) {
            List<String> names = defaults.stream().map(IdentityConfig::name).toList();
            IdentityConfig second = defaults.get(1);
            p.warning(second.node(), "default", "more than one identity has default: true (" + String.join(", ", names) + ")",
                    "keep default: true on one identity; commands will ask which to use, or fail without a terminal");
        }
        List<ProviderConfig> defaultProviders = auth.providers().values().stream().filter(ProviderConfig::isDefault).toList();
        if (defaultProviders.size() > 1) {
            p.warning(defaultProviders.get(1).node(), "default", "more than one provider has default: true ("
                    + String.join(", ", defaultProviders.stream().map(ProviderConfig::name).toList()) + ")", "keep default: true on one provider");
        }
    }

    // ---------------------------------------------------------------- generic checks

    /** Session durations: must parse; {@code max} (when given) is the documented upper limit. */
    public static Optional<java.time.Duration> checkDuration(ConfigNode node, String key, java.time.Duration max, Problems p) {
        Optional<String> text = node.string(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            java.time.Duration d = Durations.parse(text.get());
            if (max != null && d.compareTo(max) > 0) {
                p.error(node, key, "duration " + text.get() + " exceeds the maximum of " + Durations.human(max),
                        "use at most " + Durations.human(max));
            }
            return Optional.of(d);
        } catch (IllegalArgumentException e) {
            p.error(node, key, e.getMessage(), "write seconds (3600), a Go duration (1h30m) or days (1d)");
            return Optional.empty();
        }
    }

    /**
     * Tags inside auth: must be ones this tool evaluates; anything else cannot be used as a value. A
     * value shared through aliases is visited (and reported) once, and field paths are only spelled
     * out for the values reported, so the walk costs what the file holds, not what aliases expand to.
     */
    private static void checkTags(YamlValue root, String rootPath, Problems p) {
        record Visit(YamlValue value, FieldPath path) {
        }
        java.util.Set<YamlValue> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Visit> todo = new java.util.ArrayDeque<>();
        todo.push(new Visit(root, new FieldPath(null, rootPath, -1)));
        while (!todo.isEmpty()) {
            Visit v = todo.pop();
            if (!seen.add(v.value())) {
                continue;
            }
            if (v.value() instanceof YamlValue.Map m) {
                List<Map.Entry<String, YamlValue>> entries = new ArrayList<>(m.entries().entrySet());
                for (int i = entries.size() - 1; i >= 0; i--) {
                    todo.push(new Visit(entries.get(i).getValue(), new FieldPath(v.path(), entries.get(i).getKey(), -1)));
                }
            } else if (v.value() instanceof YamlValue.Seq s) {
                for (int i = s.items().size() - 1; i >= 0; i--) {
                    todo.push(new Visit(s.items().get(i), new FieldPath(v.path(), null, i)));
                }
            } else if (v.value() instanceof YamlValue.Scalar sc && sc.tag() != null && sc.envVar() == null) {
                p.error(sc.source(), v.path().render(), "unsupported YAML function " + sc.tag() + " inside auth",
                        "inside auth: use one of " + String.join(", ", sorted(ConfigFunctions.SUPPORTED)));
            }
        }
    }

    /** A field path kept as links to its parent until a message needs it as text. */
    private record FieldPath(FieldPath parent, String key, int index) {
        String render() {
            java.util.ArrayDeque<FieldPath> chain = new java.util.ArrayDeque<>();
            for (FieldPath f = this; f != null; f = f.parent()) {
                chain.push(f);
            }
            StringBuilder b = new StringBuilder();
            for (FieldPath f : chain) {
                if (f.key() != null) {
                    b.append(b.length() == 0 ? "" : ".").append(f.key());
                } else {
                    b.append('[').append(f.index()).append(']');
                }
            }
            return b.toString();
        }
    }

    private static void checkUnknownKeys(AuthConfig auth, Problems p) {
        ConfigNode root = auth.node();
        unknown(root, KNOWN_KEYS.get("auth"), p);
        unknown(root.child("logs"), KNOWN_KEYS.get("logs"), p);
        unknown(root.child("keyring"), KNOWN_KEYS.get("keyring"), p);
        unknown(root.child("console"), KNOWN_KEYS.get("console"), p);
        for (ProviderConfig provider : auth.providers().values()) {
            unknown(provider.node(), KNOWN_KEYS.get("provider"), p);
            unknown(provider.node().child("session"), KNOWN_KEYS.get("session"), p);
            unknown(provider.node().child("console"), KNOWN_KEYS.get("provider.console"), p);
        }
        for (IdentityConfig identity : auth.identities().values()) {
            unknown(identity.node(), KNOWN_KEYS.get("identity"), p);
            unknown(identity.node().child("via"), KNOWN_KEYS.get("via"), p);
            unknown(identity.node().child("session"), KNOWN_KEYS.get("session"), p);
        }
    }

    private static void unknown(ConfigNode node, Set<String> known, Problems p) {
        for (String key : node.keys()) {
            int dot = key.indexOf('.');
            if (dot > 0 && known.contains(key.substring(0, dot))) {
                String inner = key.substring(dot + 1);
                p.error(node, key, "\"" + key + "\" is a key with a dot in it, not a nested field",
                        "write it nested: " + key.substring(0, dot) + ": {" + inner + ": …}");
                continue;
            }
            if (!known.contains(key)) {
                p.warning(node, key, "unknown key \"" + key + "\"" + suggestion(key, known), "known keys here: " + String.join(", ", sorted(known)));
            }
        }
    }

    private static String hintNames(String what, Set<String> names) {
        return names.isEmpty() ? "no " + what + " are configured" : "configured " + what + ": " + String.join(", ", names);
    }

    static List<String> sorted(Set<String> s) {
        return new ArrayList<>(new TreeSet<>(s));
    }

    /** ", did you mean X?" when a known name is within two edits of the given one. */
    public static String suggestion(String given, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(given.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best == null || best.equals(given) ? "" : " (did you mean \"" + best + "\"?)";
    }

    static int distance(String a, String b) {
        return atmos.text.EditDistance.between(a, b);
    }
}
