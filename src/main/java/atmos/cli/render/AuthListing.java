package atmos.cli.render;

import atmos.auth.Chain;
import atmos.auth.ChainResolver;
import atmos.cli.Ui;
import atmos.config.ConfigNode;
import atmos.config.IdentityConfig;
import atmos.config.ProviderConfig;
import atmos.config.YamlValue;
import atmos.error.AtmosException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Renders providers and identities for {@code auth list}: table, tree, json, yaml, mermaid, graphviz
 * and markdown. Secrets that a config may hold (passwords, keys) are never printed.
 */
public final class AuthListing {
    /** Cached-credential state of an identity, when known: expiration (empty for long-lived keys). */
    public record Status(Optional<Instant> expiration) {
    }

    private final Map<String, ProviderConfig> providers;
    private final Map<String, IdentityConfig> identities;
    private final ChainResolver chains;
    private final Function<IdentityConfig, Optional<Status>> status;
    private final Instant now;
    private final Ui ui;
    private final java.util.Set<String> rendered = new java.util.HashSet<>();

    public AuthListing(Map<String, ProviderConfig> providers, Map<String, IdentityConfig> identities, ChainResolver chains,
                       Function<IdentityConfig, Optional<Status>> status, Instant now, Ui ui) {
        this.providers = sortByName(providers);
        this.identities = sortByName(identities);
        this.chains = chains;
        this.status = status;
        this.now = now;
        this.ui = ui;
    }

    private static <V> Map<String, V> sortByName(Map<String, V> in) {
        return new LinkedHashMap<>(new TreeMap<>(in));
    }

    public String render(String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "table" -> table();
            case "tree" -> tree();
            case "json" -> json();
            case "yaml" -> yaml();
            case "mermaid" -> mermaid();
            case "graphviz", "dot" -> graphviz();
            case "markdown", "md" -> markdown();
            default -> throw AtmosException.usage("invalid format \"" + format + "\"",
                    "use one of table, tree, json, yaml, mermaid, graphviz, markdown");
        };
    }

    private boolean empty() {
        return providers.isEmpty() && identities.isEmpty();
    }

    // ---------------------------------------------------------------- table

    String table() {
        if (empty()) {
            return "No providers or identities configured.\n";
        }
        StringBuilder b = new StringBuilder();
        if (!providers.isEmpty()) {
            Table t = new Table(List.of("NAME", "KIND", "REGION", "START URL / URL", "DEFAULT"));
            for (ProviderConfig p : providers.values()) {
                t.row(List.of(p.name(), p.kind(), p.region().orElse("-"),
                        p.startUrl().or(p::url).orElse("-"), p.isDefault() ? "✓" : ""));
            }
            b.append(ui.bold("PROVIDERS")).append('\n').append(t.render(true));
        }
        if (!identities.isEmpty()) {
            if (!providers.isEmpty()) {
                b.append('\n');
            }
            Table t = new Table(List.of(" ", "NAME", "KIND", "CHAIN", "DEFAULT", "ALIAS", "EXPIRES"));
            for (IdentityConfig i : identities.values()) {
                Optional<Status> s = status.apply(i);
                t.row(List.of(s.map(this::dot).orElse(" "), i.name(), i.kind(), chainText(i),
                        i.isDefault() ? "✓" : "", i.alias().orElse("-"), s.map(this::expiry).orElse("-")));
            }
            b.append(ui.bold("IDENTITIES")).append('\n').append(t.render(true));
        }
        return b.toString();
    }

    private String chainText(IdentityConfig i) {
        try {
            return chains.resolve(i.name()).display();
        } catch (AtmosException e) {
            return "(invalid: " + e.getMessage() + ")";
        }
    }

    private String dot(Status s) {
        Optional<Instant> exp = s.expiration();
        if (exp.isEmpty()) {
            return ui.paint("32", "●");
        }
        Duration left = Duration.between(now, exp.get());
        if (left.isNegative() || left.isZero()) {
            return ui.paint("31", "●");
        }
        return left.compareTo(Duration.ofMinutes(15)) <= 0 ? ui.paint("33", "●") : ui.paint("32", "●");
    }

    private String expiry(Status s) {
        return s.expiration().map(exp -> {
            Duration left = Duration.between(now, exp);
            return left.isNegative() || left.isZero() ? "expired" : shortDuration(left);
        }).orElse("long-lived");
    }

    /** {@code 2h30m}, {@code 45m}, {@code 30s}, as Atmos shows time left. */
    public static String shortDuration(Duration d) {
        long s = d.getSeconds();
        long h = s / 3600;
        long m = (s % 3600) / 60;
        if (h > 0) {
            return m > 0 ? h + "h" + m + "m" : h + "h";
        }
        return m > 0 ? m + "m" : s + "s";
    }

    // ---------------------------------------------------------------- tree

    String tree() {
        if (empty()) {
            return "No providers or identities configured.\n";
        }
        List<Tree> roots = new ArrayList<>();
        rendered.clear();
        Map<String, List<IdentityConfig>> byProvider = new LinkedHashMap<>();
        Map<String, List<IdentityConfig>> byParent = new LinkedHashMap<>();
        List<IdentityConfig> standalone = new ArrayList<>();
        for (IdentityConfig i : identities.values()) {
            Optional<String> vp = i.viaProvider();
            Optional<String> vi = i.viaIdentity();
            if (vp.isPresent()) {
                byProvider.computeIfAbsent(vp.get().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(i);
            } else if (vi.isPresent() && identities.values().stream().anyMatch(x -> x.key().equals(vi.get().toLowerCase(Locale.ROOT)))) {
                byParent.computeIfAbsent(vi.get().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(i);
            } else {
                standalone.add(i);
            }
        }
        for (ProviderConfig p : providers.values()) {
            Tree.Builder node = new Tree.Builder(ui.bold(p.name()) + " (" + p.kind() + ")" + (p.isDefault() ? " [DEFAULT]" : ""));
            p.region().ifPresent(r -> node.child("Region: " + r));
            p.startUrl().ifPresentOrElse(u -> node.child("Start URL: " + u), () -> p.url().ifPresent(u -> node.child("URL: " + u)));
            p.sessionDuration().ifPresent(d -> node.child("Session").child("Duration: " + d));
            List<IdentityConfig> children = byProvider.remove(p.key());
            if (children != null) {
                Tree.Builder ids = node.child("Identities");
                children.forEach(c -> ids.add(identityNode(c, byParent, new ArrayList<>())));
            }
            roots.add(node.build());
        }
        // Identities whose provider was filtered out still show, under a placeholder.
        byProvider.forEach((name, children) -> {
            Tree.Builder node = new Tree.Builder(name + " (filtered)");
            children.forEach(c -> node.add(identityNode(c, byParent, new ArrayList<>())));
            roots.add(node.build());
        });
        if (!standalone.isEmpty()) {
            Tree.Builder node = new Tree.Builder(ui.bold("Standalone Identities"));
            standalone.forEach(c -> node.add(identityNode(c, byParent, new ArrayList<>())));
            roots.add(node.build());
        }
        // Identities only reachable through a cycle have no root to hang from: show them apart.
        List<IdentityConfig> unreachable = identities.values().stream().filter(i -> !rendered.contains(i.key())).toList();
        if (!unreachable.isEmpty()) {
            Tree.Builder node = new Tree.Builder(ui.bold("Identities in a cycle"));
            unreachable.forEach(c -> node.child(c.name() + " (" + c.kind() + ") via " + c.viaIdentity().orElse("?")));
            roots.add(node.build());
        }
        return ui.bold("Authentication Configuration") + "\n" + Tree.renderForest(roots);
    }

    private Tree.Builder identityNode(IdentityConfig i, Map<String, List<IdentityConfig>> byParent, List<String> path) {
        Optional<Status> s = status.apply(i);
        StringBuilder label = new StringBuilder();
        s.ifPresent(st -> label.append(dot(st)).append(' '));
        label.append(i.name()).append(" (").append(i.kind()).append(')');
        if (i.isDefault()) {
            label.append(" [DEFAULT]");
        }
        i.alias().ifPresent(a -> label.append(" [ALIAS: ").append(a).append(']'));
        s.ifPresent(st -> label.append(' ').append(expiry(st)));
        if (path.contains(i.key())) {
            return new Tree.Builder(i.name() + " (cycle detected)");
        }
        rendered.add(i.key());
        Tree.Builder node = new Tree.Builder(label.toString());
        ConfigNode principal = i.principal();
        if (!principal.isEmpty()) {
            Tree.Builder p = node.child("Principal");
            addPlain(p, principal.raw(), 0);
        }
        List<String> next = new ArrayList<>(path);
        next.add(i.key());
        for (IdentityConfig child : byParent.getOrDefault(i.key(), List.of())) {
            node.add(identityNode(child, byParent, next));
        }
        return node;
    }

    private static void addPlain(Tree.Builder parent, YamlValue.Map map, int depth) {
        if (depth > 5) {
            parent.child("...");
            return;
        }
        new TreeMap<>(map.entries()).forEach((k, v) -> {
            if (v instanceof YamlValue.Map m) {
                addPlain(parent.child(k), m, depth + 1);
            } else if (v instanceof YamlValue.Seq s) {
                List<String> items = s.items().stream().map(AuthListing::scalarText).toList();
                parent.child(k + ": [" + String.join(", ", items) + "]");
            } else {
                parent.child(k + ": " + (Redaction.isSecretKey(k) ? Redaction.MARK : scalarText(v)));
            }
        });
    }

    private static String scalarText(YamlValue v) {
        return v instanceof YamlValue.Scalar s && s.value() != null ? s.value() : v instanceof YamlValue.Scalar ? "" : "…";
    }

    // ---------------------------------------------------------------- json / yaml

    /** The structure shared by json and yaml: config as written (secrets redacted), plus each identity's chain. */
    Map<String, Object> data() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!identities.isEmpty()) {
            Map<String, Object> ids = new LinkedHashMap<>();
            for (IdentityConfig i : identities.values()) {
                Map<String, Object> m = Redaction.redact(i.node().plain());
                try {
                    Chain c = chains.resolve(i.name());
                    m.put("chain", c.names());
                } catch (AtmosException e) {
                    m.put("chain_error", e.getMessage());
                }
                status.apply(i).ifPresent(s -> m.put("credentials", Map.of(
                        "cached", true, "expiration", s.expiration().map(Instant::toString).orElse("never"))));
                ids.put(i.name(), m);
            }
            out.put("identities", ids);
        }
        if (!providers.isEmpty()) {
            Map<String, Object> ps = new LinkedHashMap<>();
            providers.values().forEach(p -> ps.put(p.name(), Redaction.redact(p.node().plain())));
            out.put("providers", ps);
        }
        return out;
    }

    String json() {
        return atmos.text.JsonText.pretty(data()) + "\n";
    }

    String yaml() {
        return atmos.text.YamlText.dump(data());
    }

    // ---------------------------------------------------------------- graphs

    private static String nodeId(String prefix, String name) {
        return prefix + "_" + name.replaceAll("[^A-Za-z0-9]", "_");
    }

    private static String escapeMermaid(String s) {
        return s.replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    String mermaid() {
        if (empty()) {
            return "graph LR\n  Empty[No providers or identities configured]\n";
        }
        StringBuilder b = new StringBuilder("graph LR\n");
        providers.values().forEach(p -> b.append("  ").append(nodeId("p", p.name())).append("[\"")
                .append(escapeMermaid(p.name())).append("<br/>").append(escapeMermaid(p.kind())).append("\"]\n"));
        identities.values().forEach(i -> b.append("  ").append(nodeId("i", i.name())).append("[\"")
                .append(escapeMermaid(i.name())).append("<br/>").append(escapeMermaid(i.kind())).append("\"]\n"));
        for (IdentityConfig i : identities.values()) {
            i.viaProvider().ifPresent(p -> b.append("  ").append(nodeId("p", providerName(p))).append(" --> ").append(nodeId("i", i.name())).append('\n'));
            i.viaIdentity().ifPresent(p -> b.append("  ").append(nodeId("i", identityName(p))).append(" --> ").append(nodeId("i", i.name())).append('\n'));
        }
        b.append("\n  classDef provider fill:#e3f2fd,stroke:#1976d2,stroke-width:2px\n")
                .append("  classDef identity fill:#e8f5e9,stroke:#388e3c,stroke-width:2px\n")
                .append("  classDef default stroke:#ff9800,stroke-width:3px\n\n");
        providers.values().forEach(p -> b.append("  class ").append(nodeId("p", p.name())).append(" provider\n"));
        providers.values().stream().filter(ProviderConfig::isDefault)
                .forEach(p -> b.append("  class ").append(nodeId("p", p.name())).append(" default\n"));
        identities.values().forEach(i -> b.append("  class ").append(nodeId("i", i.name())).append(" identity\n"));
        identities.values().stream().filter(IdentityConfig::isDefault)
                .forEach(i -> b.append("  class ").append(nodeId("i", i.name())).append(" default\n"));
        return b.toString();
    }

    /** A referenced provider's name as configured (references are case-insensitive). */
    private String providerName(String ref) {
        return providers.values().stream().filter(p -> p.key().equals(ref.toLowerCase(Locale.ROOT))).map(ProviderConfig::name).findFirst().orElse(ref);
    }

    private String identityName(String ref) {
        return identities.values().stream().filter(p -> p.key().equals(ref.toLowerCase(Locale.ROOT))).map(IdentityConfig::name).findFirst().orElse(ref);
    }

    String graphviz() {
        if (empty()) {
            return "digraph AuthConfig {\n  // No providers or identities configured\n}\n";
        }
        StringBuilder b = new StringBuilder("digraph AuthConfig {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n\n");
        for (ProviderConfig p : providers.values()) {
            b.append("  \"p:").append(dotId(p.name())).append("\" [label=\"").append(dotLabel(p.name() + "\n(" + p.kind() + ")")).append('"');
            b.append(p.isDefault() ? ", style=\"rounded,filled\", fillcolor=lightblue" : ", style=\"rounded,filled\", fillcolor=\"#e3f2fd\"");
            b.append("];\n");
        }
        b.append('\n');
        for (IdentityConfig i : identities.values()) {
            b.append("  \"i:").append(dotId(i.name())).append("\" [label=\"").append(dotLabel(i.name() + "\n(" + i.kind() + ")")).append('"');
            if (i.isDefault()) {
                b.append(", style=\"rounded,filled\", fillcolor=lightgreen");
            }
            b.append("];\n");
            i.viaProvider().ifPresent(p -> b.append("  \"p:").append(dotId(providerName(p))).append("\" -> \"i:").append(dotId(i.name())).append("\";\n"));
            i.viaIdentity().ifPresent(p -> b.append("  \"i:").append(dotId(identityName(p))).append("\" -> \"i:").append(dotId(i.name())).append("\";\n"));
        }
        return b.append("}\n").toString();
    }

    private static String dotId(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String dotLabel(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    String markdown() {
        if (empty()) {
            return "# Authentication Configuration\n\nNo providers or identities configured.\n";
        }
        return "# Authentication Configuration\n\n```mermaid\n" + mermaid() + "```\n";
    }
}
