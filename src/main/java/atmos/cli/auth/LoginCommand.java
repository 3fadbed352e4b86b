package atmos.cli.auth;

import atmos.auth.AuthService;
import atmos.cli.Ui;
import atmos.cli.render.Rows;
import atmos.config.AtmosConfig;
import atmos.credentials.Credentials;
import atmos.error.AtmosException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code atmos auth login}: authenticate an identity (or a provider alone) and cache the result. */
@Command(name = "login", sortOptions = false, description = "Authenticate and cache credentials for an identity, or for a provider alone.%n"
        + "A no-op while the cached session is fresh (use --force to log in again).")
public final class LoginCommand implements Callable<Integer> {

    @Option(names = {"-p", "--provider"}, paramLabel = "NAME", description = "Log in to this provider only (e.g. the morning SSO login)")
    String provider;

    @Option(names = "--force", description = "Log in again even if the cached session is still fresh")
    boolean force;

    @Option(names = "--no-browser", description = "Do not open a browser: print the sign-in URL to open on any device")
    boolean noBrowser;

    @Option(names = "--auth-flow", paramLabel = "FLOW",
            description = "IAM Identity Center sign-in: device-code (default) or authorization-code (PKCE, loopback redirect)")
    String authFlow;

    @Option(names = "--tags", split = ",", paramLabel = "TAG",
            description = "Log in the identity with any of these tags (a picker when several match)")
    java.util.List<String> tags = new java.util.ArrayList<>();

    @picocli.CommandLine.Mixin
    atmos.cli.MinTtlOption minTtl;

    @ParentCommand
    AuthCommand auth;

    /** As the Go Atmos's {@code login --tags}: the one identity with any of the tags, a picker for several. */
    private String byTags(AtmosConfig config) {
        java.util.List<String> matches = config.auth().identities().values().stream()
                .filter(i -> i.tags().stream().anyMatch(tags::contains)).map(atmos.config.IdentityConfig::name).sorted().toList();
        if (matches.isEmpty()) {
            java.util.TreeSet<String> available = new java.util.TreeSet<>();
            config.auth().identities().values().forEach(i -> available.addAll(i.tags()));
            throw AtmosException.usage("no identities match tags " + tags,
                    available.isEmpty() ? "no identity has tags" : "available tags: " + String.join(", ", available));
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (!auth.prompter().isTerminal()) {
            throw AtmosException.usage("several identities match tags " + tags + ": " + String.join(", ", matches),
                    "choose one with --identity, or narrow the tags");
        }
        return matches.get(auth.prompter().choose("Multiple identities match tags " + tags + ". Select one:", matches));
    }

    @Override
    public Integer call() {
        AtmosConfig config = auth.config();
        Ui ui = auth.ui();
        // Checked here, whatever the provider: a mistyped flow must not pass unnoticed on providers that have none.
        auth.loginOptions(new atmos.auth.LoginOptions(noBrowser, atmos.auth.LoginOptions.flow(authFlow), atmos.auth.LoginOptions.defaults().timeout()));
        Instant now = auth.services().host().clock().instant();
        if (provider != null) {
            return loginProvider(auth.authService(), ui, provider, now);
        }
        Optional<String> identity;
        try {
            boolean named = auth.identityFlag() != null || auth.services().host().getenv("ATMOS_IDENTITY").isPresent();
            identity = !tags.isEmpty() && !named ? Optional.of(byTags(config)) : auth.selectIdentity();
        } catch (AtmosException e) {
            if (config.auth().identities().isEmpty() && config.auth().providers().size() == 1) {
                return loginProvider(auth.authService(), ui, config.auth().providers().keySet().iterator().next(), now);
            }
            throw e;
        }
        // After the selection: with -s, the facade over the stack's auth.
        AuthService service = auth.authService();
        if (identity.isEmpty()) {
            ui.info("Authentication is disabled (--identity=false / ATMOS_IDENTITY=false): nothing to log in.");
            return 0;
        }
        AuthService.Session s = service.login(identity.get(), force, minTtl.value(auth.services().host()));
        if (s.fromCache()) {
            ui.success("Already logged in as " + s.chain().target().name()
                    + s.expiration().map(e -> " (expires " + Rows.expiry(e, now) + ")").orElse("")
                    + "; use --force to log in again");
            return 0;
        }
        ui.info("");
        ui.success("Authentication successful!");
        ui.info("");
        Rows rows = new Rows();
        if (config.realm().isSet()) {
            rows.add("Realm", config.realm().value() + " (" + config.realm().source() + ")");
        }
        rows.add("Provider", s.chain().provider() == null ? s.chain().rootName() : s.chain().provider().name())
                .add("Identity", s.chain().target().name())
                .add("Chain", s.chain().display())
                .add("Tenant", tenant(s.credentials()))
                .add("Subscription", subscription(s.credentials()))
                .add("Region", region(s.credentials()))
                .add("Expires", s.expiration().map(e -> Rows.expiry(e, now)).orElse("never (long-lived)"))
                .add("Stored in", service.context().store().describe());
        ui.err().print(rows.render(ui));
        ui.err().flush();
        return 0;
    }

    static String region(Credentials c) {
        if (c instanceof atmos.credentials.AwsCredentials a) {
            return a.region();
        }
        if (c instanceof atmos.credentials.MockCredentials m) {
            return m.region();
        }
        if (c instanceof atmos.credentials.AzureCredentials az) {
            return az.location();
        }
        return null;
    }

    /** The Microsoft Entra tenant of Azure credentials; null for other clouds. */
    static String tenant(Credentials c) {
        return c instanceof atmos.credentials.AzureCredentials az ? az.tenantId() : null;
    }

    /** The Azure subscription (and its name) of Azure credentials; null for other clouds. */
    static String subscription(Credentials c) {
        if (c instanceof atmos.credentials.AzureCredentials az && az.subscriptionId() != null) {
            return az.subscriptionId() + (az.subscriptionName() != null && !az.subscriptionName().equals(az.subscriptionId())
                    ? " (" + az.subscriptionName() + ")" : "");
        }
        return null;
    }

    private int loginProvider(AuthService service, Ui ui, String name, Instant now) {
        AuthService.ProviderSession p = service.loginProvider(name, force);
        String expires = p.credentials().expiration().map(e -> " (session expires " + Rows.expiry(e, now) + ")").orElse("");
        if (p.fromCache()) {
            ui.success("Already logged in to provider " + p.provider().name() + expires + "; use --force to log in again");
        } else if (!p.identities().isEmpty() || !p.failures().isEmpty()) {
            // Providers whose own credential is not kept (SAML, OIDC): the identities derived from this sign-in.
            ui.success("Logged in to provider " + p.provider().name() + ": " + String.join(", ", p.identities()));
            p.failures().forEach(f -> ui.warn("not logged in: " + f));
        } else {
            ui.success("Logged in to provider " + p.provider().name() + expires);
        }
        return 0;
    }
}
