package atmos.cli.auth;

import atmos.auth.AuthService;
import atmos.auth.Chain;
import atmos.auth.Identity;
import atmos.auth.SessionEnvironment;
import atmos.cli.Ui;
import atmos.cli.render.Redaction;
import atmos.cli.render.Rows;
import atmos.config.AtmosConfig;
import atmos.config.IdentityConfig;
import atmos.credentials.CredentialCodec;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.exec.EnvChange;
import atmos.text.JsonText;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code atmos auth whoami}: who the identity's cached credentials are, where they are stored, and when
 * they expire. Never authenticates, never prints a secret. Human output on stderr; {@code -o json} on stdout.
 */
@Command(name = "whoami", sortOptions = false, description = "Show the identity's authentication status: principal, account, region, "
        + "expiration and credential store.%nExits 4 when not logged in or expired.")
public final class WhoamiCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "json for machine-readable output on stdout (env ATMOS_AUTH_WHOAMI_OUTPUT)")
    String output;

    @ParentCommand
    AuthCommand auth;

    @Override
    public Integer call() {
        var host = auth.services().host();
        String format = output != null ? output : host.getenv("ATMOS_AUTH_WHOAMI_OUTPUT").orElse("");
        boolean json = format.equalsIgnoreCase("json");
        if (!format.isEmpty() && !json) {
            throw AtmosException.usage("invalid output format \"" + format + "\"", "use -o json, or leave it out for the human form");
        }
        Ui ui = auth.ui();
        Optional<String> selected = auth.selectIdentity();
        if (selected.isEmpty()) {
            if (json) {
                print(Map.of("authenticated", false, "disabled", true));
            } else {
                ui.info("Authentication is disabled (--identity=false / ATMOS_IDENTITY=false): commands use the standard credential chain.");
            }
            return 0;
        }
        AuthService service = auth.authService();
        IdentityConfig identity = service.identity(selected.get());
        Chain chain = service.chain(identity.name());
        Optional<AuthService.Session> session = service.cached(identity.name());
        Instant now = host.clock().instant();
        AtmosConfig config = auth.config();
        Map<String, Object> data = new LinkedHashMap<>();
        if (!config.realm().value().isEmpty()) {
            data.put("realm", config.realm().value());
            data.put("realm_source", config.realm().source());
        }
        data.put("provider", chain.provider() == null ? chain.rootName() : chain.provider().name());
        data.put("identity", identity.name());
        data.put("chain", chain.names());
        boolean valid = session.isPresent() && !session.get().credentials().isExpired(now);
        Identity.Principal p = session.map(s -> service.environments().principal(s, valid)).orElse(SessionEnvironment.configuredPrincipal(identity));
        data.put("principal", p.arn() == null ? "" : p.arn());
        putIfPresent(data, "tenant", session.map(s -> LoginCommand.tenant(s.credentials())).orElse(null));
        putIfPresent(data, "account", p.account());
        putIfPresent(data, "region", session.map(s -> LoginCommand.region(s.credentials())).orElse(null));
        session.flatMap(AuthService.Session::expiration).ifPresent(e -> {
            data.put("expiration", CredentialCodec.time(e));
            data.put("expires_in_seconds", Math.max(0, Duration.between(now, e).getSeconds()));
        });
        if (session.isPresent()) {
            EnvChange env = service.identityInstance(identity).environment(service.context(), chain, session.get().credentials());
            Map<String, Object> shown = new TreeMap<>();
            env.set().forEach((k, v) -> shown.put(k, Redaction.isSecretKey(k) ? Redaction.MARK : tilde(v, host)));
            data.put("environment", shown);
            List<Map<String, Object>> paths = new ArrayList<>();
            for (String k : List.of("AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AZURE_CONFIG_DIR")) {
                if (env.set().containsKey(k)) {
                    Map<String, Object> path = new LinkedHashMap<>();
                    path.put("location", tilde(env.set().get(k), host));
                    path.put("type", k.equals("AZURE_CONFIG_DIR") ? "directory" : "file");
                    path.put("purpose", k.equals("AWS_CONFIG_FILE") ? "AWS config file" : k.equals("AZURE_CONFIG_DIR")
                            ? "Azure CLI configuration (MSAL token cache and profile)" : "AWS credentials file");
                    paths.add(path);
                }
            }
            if (!paths.isEmpty()) {
                data.put("paths", paths);
            }
        }
        data.put("credentials_ref", service.context().store().key(service.identityInstance(identity).cacheAlias()));
        data.put("credential_store", service.context().store().describe());
        data.put("authenticated", valid);
        data.put("last_updated", CredentialCodec.time(now));
        if (json) {
            print(data);
        } else {
            human(ui, data, session, identity, now);
        }
        if (!valid) {
            throw AtmosException.silent(ExitCode.AUTH);
        }
        return 0;
    }

    private void human(Ui ui, Map<String, Object> d, Optional<AuthService.Session> session, IdentityConfig identity, Instant now) {
        if (session.isEmpty()) {
            ui.fail("Not logged in as " + identity.name());
        } else if (session.get().credentials().isExpired(now)) {
            ui.fail("Credentials of " + identity.name() + " have expired");
        } else {
            ui.success("Current Authentication Status");
        }
        ui.info("");
        Rows rows = new Rows();
        if (d.containsKey("realm")) {
            rows.add("Realm", d.get("realm") + " (" + d.get("realm_source") + ")");
        }
        rows.add("Provider", (String) d.get("provider"))
                .add("Identity", identity.name())
                .add("Chain", String.join(" → ", castList(d.get("chain"))))
                .add("Tenant", (String) d.get("tenant"))
                .add("Principal", (String) d.get("principal"))
                .add("Account", (String) d.get("account"))
                .add("Region", (String) d.get("region"))
                .add("Expires", session.flatMap(AuthService.Session::expiration).map(e -> Rows.expiry(e, now))
                        .orElse(session.isPresent() ? "never (long-lived)" : null))
                .add("Credentials", (String) d.get("credential_store"))
                .add("Last Updated", Rows.time(now));
        ui.err().print(rows.render(ui));
        if (session.isEmpty() || session.get().credentials().isExpired(now)) {
            ui.info("");
            ui.warn("Run 'atmos auth login --identity " + identity.name() + "' to log in.");
        }
        ui.err().flush();
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
        return (List<String>) o;
    }

    private void print(Map<String, ?> data) {
        PrintWriter out = auth.spec.commandLine().getOut();
        out.println(JsonText.pretty(data));
        out.flush();
    }

    private static void putIfPresent(Map<String, Object> m, String k, String v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v);
        }
    }

    private static String tilde(String v, atmos.system.Host host) {
        if (!host.hasHome()) {
            return v;
        }
        String home = host.home().toString();
        return v.startsWith(home + "/") ? "~" + v.substring(home.length()) : v;
    }
}
