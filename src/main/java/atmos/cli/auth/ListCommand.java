package atmos.cli.auth;

import atmos.auth.ChainResolver;
import atmos.cli.render.AuthListing;
import atmos.config.AtmosConfig;
import atmos.config.AuthConfig;
import atmos.config.ConfigLoader;
import atmos.config.IdentityConfig;
import atmos.config.ProviderConfig;
import atmos.error.AtmosException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code atmos auth list}: providers and identities with their relationships and chains. */
@Command(name = "list", sortOptions = false,
        description = "List configured providers and identities with their chains.%n"
                + "NAME filters by provider or identity name (* and ? wildcards).")
public final class ListCommand implements Callable<Integer> {

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "table (default on a terminal), tree (default otherwise), json, yaml, mermaid, graphviz, markdown")
    String format;

    @Option(names = "--providers", arity = "0..1", paramLabel = "NAMES",
            description = "Show only providers; optionally only these (comma-separated)")
    String providers;

    @Option(names = "--identities", arity = "0..1", paramLabel = "NAMES",
            description = "Show only identities; optionally only these (comma-separated)")
    String identities;

    @Option(names = "--tags", split = ",", paramLabel = "TAG", description = "Show only entries with any of these tags")
    List<String> tags = new ArrayList<>();

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Name filters")
    List<String> names = new ArrayList<>();

    @ParentCommand
    AuthCommand auth;

    @Override
    public Integer call() {
        if (providers != null && identities != null) {
            throw AtmosException.usage("--providers and --identities cannot be used together", "use one of them, or neither to list both");
        }
        AtmosConfig config = auth.effectiveConfig();
        AuthConfig ac = config.auth();
        Map<String, ProviderConfig> ps = new LinkedHashMap<>(ac.providers());
        Map<String, IdentityConfig> is = new LinkedHashMap<>(ac.identities());
        if (providers != null) {
            is.clear();
            ps = select(ps, ConfigLoader.splitList(providers), "provider", n -> ac.provider(n).map(ProviderConfig::name));
        }
        if (identities != null) {
            ps.clear();
            is = select(is, ConfigLoader.splitList(identities), "identity", n -> ac.identity(n).map(IdentityConfig::name));
        }
        if (!tags.isEmpty()) {
            ps.values().removeIf(p -> p.tags().stream().noneMatch(tags::contains));
            is.values().removeIf(i -> i.tags().stream().noneMatch(tags::contains));
        }
        if (!names.isEmpty()) {
            List<Pattern> patterns = names.stream().map(ListCommand::glob).toList();
            ps.values().removeIf(p -> patterns.stream().noneMatch(g -> g.matcher(p.name()).matches()));
            is.values().removeIf(i -> patterns.stream().noneMatch(g -> g.matcher(i.name()).matches()));
        }
        var ui = auth.ui();
        String fmt = format != null ? format : (ui.stdoutIsTty() ? "table" : "tree");
        ChainResolver chains = new ChainResolver(ac, auth.services().kinds());
        var service = config.isEmpty() ? null : auth.authServiceFor(config);
        AuthListing listing = new AuthListing(ps, is, chains,
                i -> service == null ? Optional.empty() : service.status(i.name()).map(c -> new AuthListing.Status(c.expiration())),
                auth.services().host().clock().instant(), ui.forStdout());
        String text = listing.render(fmt);
        PrintWriter out = auth.spec.commandLine().getOut();
        out.print(text);
        out.flush();
        if (ac.isEmpty() && config.isEmpty()) {
            ui.warn("no atmos.yaml found (looked in the working directory, its parents up to the git root, ~/.atmos and ~/.config/atmos)");
        }
        return 0;
    }

    private static <V> Map<String, V> select(Map<String, V> all, List<String> wanted, String what,
                                             java.util.function.Function<String, Optional<String>> canonical) {
        if (wanted.isEmpty()) {
            return all;
        }
        Map<String, V> out = new LinkedHashMap<>();
        for (String w : wanted) {
            String name = canonical.apply(w).orElseThrow(() -> AtmosException.usage(what + " \"" + w + "\" not found",
                    "configured: " + String.join(", ", all.keySet())));
            out.put(name, all.get(name));
        }
        return out;
    }

    static Pattern glob(String g) {
        StringBuilder b = new StringBuilder();
        for (char c : g.toCharArray()) {
            switch (c) {
                case '*' -> b.append(".*");
                case '?' -> b.append('.');
                default -> b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(b.toString(), Pattern.CASE_INSENSITIVE);
    }
}
