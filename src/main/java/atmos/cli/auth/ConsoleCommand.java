package atmos.cli.auth;

import atmos.auth.AuthService;
import atmos.auth.Chain;
import atmos.auth.WebConsole;
import atmos.cli.Ui;
import atmos.cli.render.Rows;
import atmos.cloud.aws.ConsoleDestinations;
import atmos.config.ConfigNode;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.system.Browser;
import atmos.system.Host;
import atmos.system.IsolatedProfiles;
import atmos.system.LoopbackHandOff;
import atmos.system.Spinner;
import atmos.text.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code atmos auth console}: opens the identity's cloud web console in the browser, signed in. The
 * domain work is {@link AuthService#console}; this command parses, renders, and hands the link to the
 * browser. A sign-in link is a credential: it goes to stdout only with {@code --print-only}, to stderr
 * only on request or on a terminal, and to the browser through a one-time 127.0.0.1 address
 * ({@link LoopbackHandOff}), never on a command line.
 */
@Command(name = "console", sortOptions = false, description = "Open the cloud web console in your browser, signed in as the identity.%n"
        + "  atmos auth console -i plat-dev/ReadOnlyAccess --destination s3%n"
        + "  atmos auth console --print-only | pbcopy")
public final class ConsoleCommand implements Callable<Integer> {
    /** The console session when neither --duration nor the provider's console.session_duration says (the Go Atmos's default). */
    static final Duration DEFAULT_DURATION = Duration.ofHours(1);
    /** How long to wait for the browser to load the one-time link (ATMOS_AUTH_CONSOLE_TIMEOUT). */
    static final Duration OPEN_WAIT = Duration.ofMinutes(2);

    @Option(names = "--destination", paramLabel = "URL|ALIAS", completionCandidates = Aliases.class,
            description = "Console page to open: a full URL, or a service alias (case-insensitive): ${COMPLETION-CANDIDATES}")
    String destination;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Console session duration (default 1h, or the provider's "
            + "console.session_duration); AWS allows 15m to 12h")
    String duration;

    @Option(names = "--issuer", paramLabel = "NAME", description = "Issuer identifier for the console session (AWS only; default atmos)")
    String issuer;

    @Option(names = "--print-only", description = "Print the sign-in URL to stdout and open nothing (the URL grants access: keep it private)")
    boolean printOnly;

    @Option(names = "--no-open", description = "Show the sign-in URL instead of opening the browser")
    boolean noOpen;

    @Option(names = "--isolated", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Open in a Chrome/Chromium profile of the identity's own, so several accounts can be open at once "
                    + "(default: auth.console.isolated)")
    Boolean isolated;

    @ParentCommand
    AuthCommand auth;

    /** The destination aliases, for help and completion. */
    static final class Aliases implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ConsoleDestinations.aliases().iterator();
        }
    }

    @Override
    public Integer call() {
        Host host = auth.services().host();
        Duration requested = null;
        if (duration != null) {
            try {
                requested = Durations.parse(duration);
            } catch (IllegalArgumentException e) {
                throw AtmosException.usage("invalid --duration \"" + duration + "\": " + e.getMessage(),
                        "use a duration such as 1h, 90m or 12h (AWS console sessions last 15m to 12h)");
            }
        }
        Duration wait = openWait(host);
        Optional<String> selected = auth.selectIdentity();
        if (selected.isEmpty()) {
            throw AtmosException.usage("authentication is disabled (--identity=false / ATMOS_IDENTITY=false): there is no identity to"
                    + " open the console as", "choose the identity with --identity NAME");
        }
        AuthService service = auth.authService();
        Chain chain = service.chain(selected.get());
        WebConsole.Link link = service.console(selected.get(), destination, requested, DEFAULT_DURATION,
                issuer == null || issuer.isBlank() ? "atmos" : issuer);
        Ui ui = auth.ui();
        String name = chain.target().name();
        if (printOnly) {
            link.notes().forEach(ui::warn);
            if (link.signsIn()) {
                ui.warn("The URL below signs in to the console as " + name + " (once, within 15 minutes): anyone who has it gets"
                        + " that access. Do not share it, or paste it into chats, tickets or logs.");
            }
            PrintWriter out = auth.spec.commandLine().getOut();
            out.println(link.url());
            out.flush();
            return 0;
        }
        summary(ui, chain, link, host.clock().instant());
        if (noOpen) {
            show(ui, link);
            return 0;
        }
        open(ui, host, service, chain, link, wait);
        return 0;
    }

    private void summary(Ui ui, Chain chain, WebConsole.Link link, Instant now) {
        ui.success("Console URL generated");
        ui.info("");
        Rows rows = new Rows()
                .add("Provider", chain.provider() == null ? chain.rootName() : chain.provider().name())
                .add("Identity", chain.target().name())
                .add("Account", link.account());
        if (link.session() != null) {
            rows.add("Session Duration", Durations.human(link.session()));
        } else if (link.sessionEnds() != null) {
            rows.add("Session Duration", "up to " + Rows.left(Duration.between(now, link.sessionEnds())) + " (until the credentials expire)");
        }
        if (link.sessionEnds() != null) {
            rows.add("Session Expires", Rows.time(link.sessionEnds()));
        }
        ui.err().print(rows.render(ui));
        ui.err().flush();
        link.notes().forEach(ui::warn);
    }

    /** Shows the URL on stderr, with a warning when it signs in. */
    private static void show(Ui ui, WebConsole.Link link) {
        ui.info("");
        if (link.signsIn()) {
            ui.warn("This URL signs in to the console (once, within 15 minutes): anyone who has it gets that access; keep it private.");
        }
        ui.info("Console URL:");
        ui.info(link.url().toString());
    }

    private void open(Ui ui, Host host, AuthService service, Chain chain, WebConsole.Link link, Duration wait) {
        if (host.isCi()) {
            cannotOpen(ui, host, link, "not opening a browser in CI");
            return;
        }
        Browser browser = service.context().browser();
        Path profile = isolated(service) ? IsolatedProfiles.directory(host, service.config().realm().value(), chain.target().key()) : null;
        if (!link.signsIn()) {
            if (!launch(ui, browser, link.url(), profile)) {
                cannotOpen(ui, host, link, "no browser could be opened here (no display and no $BROWSER)");
                return;
            }
            ui.success("Opened the console in your browser");
            return;
        }
        try (LoopbackHandOff handOff = LoopbackHandOff.serve(link.url(), ui::warn)) {
            if (!launch(ui, browser, handOff.url(), profile)) {
                cannotOpen(ui, host, link, "no browser could be opened here (no display and no $BROWSER)");
                return;
            }
            boolean loaded;
            try (Spinner ignored = service.context().spinner("Waiting for the browser to open the console …")) {
                loaded = handOff.await(wait);
            }
            if (!loaded) {
                cannotOpen(ui, host, link, "the browser did not load the sign-in link within " + Durations.human(wait));
                return;
            }
            ui.success("Opened the console in your browser" + (profile != null ? " (isolated profile " + profile + ")" : ""));
        } catch (IOException e) {
            cannotOpen(ui, host, link, "cannot listen on 127.0.0.1 to hand the sign-in link to the browser (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AtmosException(ExitCode.INTERRUPTED, "interrupted", null);
        }
    }

    private static Duration openWait(Host host) {
        Optional<String> text = host.getenv("ATMOS_AUTH_CONSOLE_TIMEOUT");
        try {
            return text.map(Durations::parse).orElse(OPEN_WAIT);
        } catch (IllegalArgumentException e) {
            throw AtmosException.usage("ATMOS_AUTH_CONSOLE_TIMEOUT is not a duration: " + e.getMessage(),
                    "set it to a duration such as 2m or 30s, or unset it");
        }
    }

    /** The isolated profile browser when asked for, else the default browser (saying so when isolation was wanted). */
    private static boolean launch(Ui ui, Browser browser, URI url, Path profile) {
        if (profile != null) {
            if (browser.openIsolated(url, profile)) {
                return true;
            }
            ui.warn("--isolated needs Google Chrome or Chromium, and neither was found: opening the default browser instead");
        }
        return browser.available() && browser.open(url);
    }

    /**
     * The browser could not show the console: the URL is shown where only the user sees it (a terminal),
     * else refused with how to get it, so a sign-in URL never lands in a log nobody asked for.
     */
    private static void cannotOpen(Ui ui, Host host, WebConsole.Link link, String reason) {
        if (!link.signsIn() || host.terminals().stderr()) {
            ui.warn(reason.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + reason.substring(1) + ": open the URL yourself.");
            show(ui, link);
            return;
        }
        throw new AtmosException(ExitCode.FAILURE, reason + "; the sign-in URL is not printed to a stderr that is not a terminal",
                "use --print-only to write it to stdout (for a pipe or a variable), or --no-open to show it here anyway");
    }

    /** --isolated, else auth.console.isolated (or its older name isolated_sessions). */
    private boolean isolated(AuthService service) {
        if (isolated != null) {
            return isolated;
        }
        ConfigNode console = service.config().auth().node().child("console");
        return console.has("isolated") ? console.bool("isolated") : console.bool("isolated_sessions");
    }
}
