package atmos.cli;

import atmos.Services;
import atmos.cli.auth.AuthCommand;
import atmos.config.AtmosConfig;
import atmos.config.ConfigLoader;
import atmos.error.AtmosException;
import atmos.log.Level;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code atmos}: the root command. Holds the global options (valid at every level) and loads the
 * configuration once, on first use, with them.
 */
@Command(name = "atmos", mixinStandardHelpOptions = false, sortOptions = false,
        description = "Atmos Auth: one login, the right short-lived cloud credentials per stack and identity.")
public final class AtmosCommand implements Runnable {

    @Option(names = "--config", scope = ScopeType.INHERIT, split = ",", paramLabel = "FILE",
            description = "atmos.yaml to use instead of discovery (repeatable; env ATMOS_CONFIG)")
    List<String> configs = new ArrayList<>();

    @Option(names = "--config-path", scope = ScopeType.INHERIT, split = ",", paramLabel = "DIR",
            description = "Directory holding atmos.yaml (repeatable; env ATMOS_CONFIG_PATH)")
    List<String> configPaths = new ArrayList<>();

    @Option(names = "--base-path", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Base path for stacks and components (env ATMOS_BASE_PATH)")
    String basePath;

    @Option(names = "--profile", scope = ScopeType.INHERIT, split = ",", paramLabel = "NAME", arity = "0..1",
            fallbackValue = PICK_PROFILE,
            description = "Configuration profile(s) to apply, repeatable or comma-separated; without a name, choose one (env ATMOS_PROFILE)")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--logs-level", scope = ScopeType.INHERIT, paramLabel = "LEVEL",
            description = "Trace, Debug, Info, Warn, Error or Off (env ATMOS_LOGS_LEVEL)")
    String logsLevel;

    @Option(names = "--logs-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Write logs to this file instead of stderr (env ATMOS_LOGS_FILE)")
    String logsFile;

    @Option(names = {"-C", "--chdir"}, scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Change to this directory before anything else, as if atmos was started there (env ATMOS_CHDIR)")
    String chdir;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "No colour (env ATMOS_NO_COLOR, NO_COLOR)")
    boolean noColor;

    @Option(names = "--force-color", scope = ScopeType.INHERIT, description = "Colour even when not a terminal (env ATMOS_FORCE_COLOR, CLICOLOR_FORCE)")
    boolean forceColor;

    @Option(names = "--force-tty", scope = ScopeType.INHERIT, description = "Format output as for a terminal even when it is not one (env ATMOS_FORCE_TTY)")
    boolean forceTty;

    @Option(names = "--mask", scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Accepted for compatibility: secrets are always masked in logs and messages (env ATMOS_MASK)")
    Boolean mask;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Debug logging and stack traces on errors")
    boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help and exit")
    boolean help;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The value of a bare {@code --profile}: choose one. */
    static final String PICK_PROFILE = "__PICK__";

    private final Services services;
    private AtmosConfig config;
    private atmos.AuthSessions sessions;
    /** The sessions of the command that runs this one as a workflow step, or null. */
    private atmos.AuthSessions outerSessions;
    /** The configuration loaded before parsing (to register custom commands), and the options it was loaded with. */
    private AtmosConfig preloaded;
    private ConfigLoader.Selection preloadedWith;
    /** The built-in command words of this command line (for the warning about custom commands they shadow). */
    private List<String> route = List.of();
    /** A custom command's arguments after {@code --}. */
    private List<String> trailingArgs = List.of();

    public AtmosCommand(Services services) {
        this.services = services;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    public Services services() {
        return services;
    }

    /** This command's model (its output and error writers). */
    public picocli.CommandLine.Model.CommandSpec spec() {
        return spec;
    }

    /** The auth wiring shared by every command of this run (keyring, prompter, auth facade). */
    public atmos.AuthSessions sessions() {
        if (sessions == null) {
            Ui ui = new Ui(spec.commandLine().getErr(), services.host());
            sessions = new atmos.AuthSessions(services, this::config, ui.err(), ui::info,
                    () -> !profiles.isEmpty() || services.host().getenv("ATMOS_PROFILE").isPresent());
            if (outerSessions != null) {
                sessions.shareKeyringWith(outerSessions);
            }
            sessions.commandName(route.isEmpty() ? "custom command" : String.join(" ", route));
        }
        return sessions;
    }

    /**
     * Auth wiring of its own whose prompts and progress go to {@code err} through {@code prompter}: for
     * {@code credential_process}, whose stdout and stderr the calling SDK captures, the controlling terminal.
     */
    public atmos.AuthSessions sessionsOn(PrintWriter err, atmos.system.Prompter prompter) {
        Services s = new Services(services.host(), services.stdin(), services.kinds(), services.log(), services.systemConfigDir(),
                services.systemKeyring(), prompter, services.processes(), services.browser(), services.atmos());
        Ui ui = new Ui(err, services.host());
        return new atmos.AuthSessions(s, this::config, err, ui::info,
                () -> !profiles.isEmpty() || services.host().getenv("ATMOS_PROFILE").isPresent());
    }

    /**
     * What runs the atmos command lines of workflow and custom-command steps: the injected runner, or
     * this process (a nested command sharing this run's keyring, printing to the same streams).
     */
    public atmos.workflow.AtmosRunner atmosRunner() {
        if (services.atmos() != null) {
            return services.atmos();
        }
        return new NestedAtmos(services, spec.commandLine().getOut(), spec.commandLine().getErr(), sessions());
    }

    public boolean verbose() {
        return verbose || services.host().getenv("ATMOS_VERBOSE").map(v -> v.equalsIgnoreCase("true")).orElse(false);
    }

    /** The configuration, loaded on first use with the global options; logging is set up from it. */
    public AtmosConfig config() {
        if (config == null) {
            applyLogging(Optional.empty());
            ConfigLoader loader = new ConfigLoader(services.host(), services.systemConfigDir());
            if (profiles.contains(PICK_PROFILE)) {
                profiles = pickProfile(loader);
            }
            ConfigLoader.Selection sel = new ConfigLoader.Selection(configs, configPaths, basePath, profiles);
            config = preloaded != null && sel.equals(preloadedWith) ? preloaded : loader.load(sel);
            applyLogging(Optional.of(config));
            config.warnings().forEach(w -> services.log().warn(w));
            CustomCommandsCli.warnShadowed(config, route, services.log());
        }
        return config;
    }

    /** A configuration loaded before the command line was parsed, used by {@link #config()} if the options match. */
    void preload(ConfigLoader.Selection selection, AtmosConfig loaded) {
        this.preloadedWith = selection;
        this.preloaded = loaded;
    }

    /** What followed {@code --} on a custom command's command line. */
    List<String> trailingArgs() {
        return trailingArgs;
    }

    /** A bare {@code --profile}: the picker on a terminal, else an error listing the profiles. */
    private List<String> pickProfile(ConfigLoader loader) {
        AtmosConfig base = loader.load(new ConfigLoader.Selection(configs, configPaths, basePath, List.of()));
        List<String> available = loader.availableProfiles(base);
        if (available.isEmpty()) {
            throw AtmosException.usage("--profile was given without a name, and no profiles exist",
                    "create profiles/<name>/atmos.yaml (or set profiles.base_path)");
        }
        var prompter = sessions().prompter();
        if (!prompter.isTerminal()) {
            throw AtmosException.usage("--profile was given without a name and there is no terminal to choose one",
                    "available profiles: " + String.join(", ", available));
        }
        List<String> picked = new ArrayList<>(profiles);
        picked.replaceAll(p -> p.equals(PICK_PROFILE) ? available.get(prompter.choose("Select a profile:", available)) : p);
        return picked;
    }

    /** Level: auth.logs.level, then logs.level, then ATMOS_LOGS_LEVEL / ATMOS_LOG_LEVEL, then --logs-level; --verbose wins. */
    private void applyLogging(Optional<AtmosConfig> cfg) {
        Level level = Level.WARN;
        String file = null;
        if (cfg.isPresent()) {
            AtmosConfig c = cfg.get();
            level = c.logs().string("level").flatMap(Level::parse).orElse(level);
            level = c.auth().logs().string("level").flatMap(Level::parse).orElse(level);
            file = c.logs().string("file").orElse(null);
            file = c.auth().logs().string("file").orElse(file);
        }
        var host = services.host();
        Optional<String> envLevel = host.firstEnv("ATMOS_LOGS_LEVEL", "ATMOS_LOG_LEVEL");
        if (envLevel.isPresent()) {
            level = Level.parse(envLevel.get()).orElseThrow(() -> AtmosException.usage(
                    "invalid log level \"" + envLevel.get() + "\" in ATMOS_LOGS_LEVEL", "use Trace, Debug, Info, Warn, Error or Off"));
        }
        if (logsLevel != null) {
            level = Level.parse(logsLevel).orElseThrow(() -> AtmosException.usage(
                    "invalid log level \"" + logsLevel + "\" given to --logs-level", "use Trace, Debug, Info, Warn, Error or Off"));
        }
        if (verbose()) {
            level = Level.DEBUG;
        }
        file = host.getenv("ATMOS_LOGS_FILE").orElse(file);
        file = logsFile != null ? logsFile : file;
        services.log().configure(level, file == null ? null : openLogFile(file));
    }

    private PrintWriter openLogFile(String file) {
        if (file.equals("/dev/stderr")) {
            return null;
        }
        if (file.equals("/dev/stdout") || file.equals("/dev/fd/1")) {
            // stdout carries command output (env, JSON); logs there would corrupt it.
            services.log().warn("logs.file " + file + " ignored: stdout carries command output; logging to stderr instead");
            return null;
        }
        try {
            var path = services.host().expandHome(file);
            return new PrintWriter(new OutputStreamWriter(atmos.system.SecureFiles.appendStream(path), StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw AtmosException.config("cannot open log file " + file + ": " + e.getMessage(), "check auth.logs.file / --logs-file");
        }
    }

    /** Parses and runs one command line; returns the exit code. */
    public static int execute(Services given, PrintWriter out, PrintWriter err, String... args) {
        return execute(given, out, err, null, args);
    }

    /**
     * Runs one command line as a step of the command whose auth sessions are {@code outer} (null for a
     * top-level run): the nested command shares their keyring and prompter.
     */
    public static int execute(Services given, PrintWriter out, PrintWriter err, atmos.AuthSessions outer, String... args) {
        Services services;
        try {
            services = GlobalOptions.apply(given, args);
        } catch (RuntimeException e) { // an AtmosException, or a -C path the OS cannot name: one error line either way
            return new CliErrors(given.log(), () -> false).report(err, e);
        }
        AtmosCommand root = new AtmosCommand(services);
        root.outerSessions = outer;
        CliErrors errors = new CliErrors(services.log(), root::verbose);
        CommandLine cli;
        try {
            root.route = CommandTree.route(args);
            cli = CommandTree.build(root, new AppFactory(services), root.route);
            CustomCommandsCli.Attached custom = CustomCommandsCli.attach(cli, root, args, root.route);
            if (custom.invoked()) {
                args = custom.args();
                root.trailingArgs = custom.trailing();
                root.route = List.of(); // a custom command runs: no built-in is shadowed
            }
        } catch (Exception e) {
            return errors.report(err, e);
        }
        // "atmos auth exec aws s3 ls --recursive" works without "--": options after the command's first
        // word belong to the command.
        CommandLine auth = cli.getSubcommands().get("auth");
        CommandLine exec = auth == null ? null : auth.getSubcommands().get("exec");
        if (exec != null) {
            exec.setStopAtPositional(true);
            exec.setUnmatchedOptionsArePositionalParams(true);
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExpandAtFiles(false);
        try {
            int code = cli.execute(CommandTree.separatePassThrough(cli, args));
            if (errors.pendingSwitch().isEmpty()) {
                return code;
            }
            // The profile fallback: the same command line once more, with the picked profile.
            java.util.Map<String, String> env = new java.util.HashMap<>(services.host().env());
            env.put(atmos.AuthSessions.REEXEC_DEPTH, "1");
            Services again = services.nested(services.host().withEnv(env), services.log());
            String[] withProfile = new String[args.length + 2];
            withProfile[0] = "--profile";
            withProfile[1] = errors.pendingSwitch().get().profile();
            System.arraycopy(args, 0, withProfile, 2, args.length);
            return execute(again, out, err, outer, withProfile);
        } catch (RuntimeException e) {
            return errors.report(err, e);
        }
    }
}
