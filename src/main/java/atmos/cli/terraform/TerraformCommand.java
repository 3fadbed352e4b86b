package atmos.cli.terraform;

import atmos.AuthSessions;
import atmos.Services;
import atmos.auth.AuthService;
import atmos.cli.AtmosCommand;
import atmos.cli.IdentityOption;
import atmos.cli.PassThrough;
import atmos.cli.Ui;
import atmos.config.AtmosConfig;
import atmos.config.IdentityConfig;
import atmos.error.AtmosException;
import atmos.stack.Stacks;
import atmos.terraform.ComponentRun;
import atmos.terraform.Terraform;
import atmos.terraform.TerraformRequest;
import atmos.terraform.TerraformSettings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code atmos terraform <subcommand> <component> -s <stack> [flags] [-- args]}: runs Terraform for a
 * component in a stack with the identity that stack needs, as the Go Atmos does. Flags Atmos does
 * not know, and everything after {@code --}, go to Terraform unchanged.
 */
@Command(name = "terraform", aliases = "tf", sortOptions = false,
        description = {"Run Terraform for a component in a stack, with the stack's identity.",
                "  atmos terraform plan vpc -s plat-ue2-dev",
                "  atmos terraform apply vpc -s plat-ue2-dev -auto-approve",
                "  atmos terraform deploy vpc -s plat-ue2-dev           (apply -auto-approve)",
                "  atmos terraform output vpc -s plat-ue2-dev -- -json",
                "Subcommands with extra handling: plan, apply, deploy, init, destroy, import, refresh, workspace, clean, version;",
                "every other one (output, show, validate, state …, taint …) is passed through with the same setup."})
public final class TerraformCommand implements Callable<Integer>, PassThrough {
    private static final Set<String> SECOND_WORDS = Set.of("list", "mv", "pull", "push", "replace-provider", "rm", "show", "select", "new",
            "delete", "lock", "mirror", "schema");

    @Mixin
    IdentityOption identity;

    @Option(names = {"-s", "--stack"}, paramLabel = "STACK", description = "The stack (env ATMOS_STACK)")
    String stack;

    @Option(names = "--dry-run", description = "Show what would run (identity, chain, directory, varfile, commands); run and write nothing")
    boolean dryRun;

    @Option(names = "--server", description = "Serve the identity's credentials to Terraform from 127.0.0.1 (the AWS container credentials"
            + " protocol), renewing the whole chain before they expire, for as long as it runs")
    boolean server;

    @picocli.CommandLine.Mixin
    atmos.cli.MinTtlOption minTtl;

    @Option(names = "--skip-init", description = "Do not run terraform init first (env ATMOS_SKIP_INIT)")
    boolean skipInit;

    @Option(names = "--init-pass-vars", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Give the varfile to init too (OpenTofu); default: components.terraform.init.pass_vars")
    Boolean initPassVars;

    @Option(names = "--deploy-run-init", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Run init before deploy; default: components.terraform.deploy_run_init")
    Boolean deployRunInit;

    @Option(names = "--append-user-agent", paramLabel = "TEXT", description = "TF_APPEND_USER_AGENT for the providers")
    String appendUserAgent;

    @Option(names = "--from-plan", arity = "0..1", fallbackValue = "true", paramLabel = "PLANFILE",
            description = "apply/deploy: apply the plan written by 'atmos terraform plan' (or this planfile)")
    String fromPlan;

    @Option(names = "--planfile", paramLabel = "FILE", description = "apply/deploy: the plan to apply; plan: where to write it")
    String planFile;

    @Option(names = "--skip-planfile", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "plan: no -out (Terraform Cloud); default: components.terraform.plan.skip_planfile")
    Boolean skipPlanfile;

    @Option(names = "--force", description = "clean: do not ask for confirmation")
    boolean force;

    @Option(names = "--everything", description = "clean: also the state of every workspace")
    boolean everything;

    @Option(names = "--skip-lock-file", description = "clean: keep .terraform.lock.hcl")
    boolean skipLockFile;

    @Option(names = {"--process-templates", "--process-functions"}, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Accepted for compatibility: templates and functions are processed as atmos.yaml says")
    Boolean processing;

    @Option(names = "--skip", split = ",", paramLabel = "FUNCTION", description = "Accepted for compatibility")
    List<String> skip = new ArrayList<>();

    @Parameters(arity = "0..*", paramLabel = "ARGS", description = "SUBCOMMAND COMPONENT [terraform flags] [-- terraform args]")
    List<String> words = new ArrayList<>();

    @ParentCommand
    AtmosCommand root;

    @Spec
    CommandSpec spec;

    private final Services services;

    public TerraformCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        var host = services.host();
        Ui ui = new Ui(spec.commandLine().getErr(), host);
        PrintWriter out = spec.commandLine().getOut();
        if (words.isEmpty()) {
            throw AtmosException.usage("a Terraform subcommand is required", "for example: atmos terraform plan <component> -s <stack>");
        }
        List<String> rest = new ArrayList<>(words);
        String sub = rest.remove(0);
        AtmosConfig config = root.config();
        TerraformSettings settings = TerraformSettings.from(config, host);
        if (sub.equals("version")) {
            return services.processes().run(concat(List.of(settings.command(), "version"), rest), host.env(), host.cwd());
        }
        String sub2 = null;
        if (Terraform.TWO_WORD.contains(sub) && !rest.isEmpty() && SECOND_WORDS.contains(rest.get(0))) {
            sub2 = rest.remove(0);
        }
        String component = null;
        for (int i = 0; i < rest.size(); i++) {
            if (!rest.get(i).startsWith("-")) {
                component = rest.remove(i);
                break;
            }
        }
        if (component == null) {
            throw AtmosException.usage("'atmos terraform " + sub + "' needs a component", "usage: atmos terraform " + sub + " <component> -s <stack>");
        }
        String stackName = stack != null ? stack : host.getenv("ATMOS_STACK").orElse(null);
        if (stackName == null) {
            throw AtmosException.usage("'atmos terraform " + sub + " " + component + "' needs a stack (-s/--stack)",
                    "usage: atmos terraform " + sub + " " + component + " -s <stack>; 'atmos list stacks' lists them");
        }
        boolean skipInitEnv = host.getenv("ATMOS_SKIP_INIT").map(atmos.config.ConfigNode::truthy).orElse(false);
        TerraformRequest req = new TerraformRequest(sub, sub2, component, stackName, rest,
                new TerraformRequest.Options(dryRun, skipInit || skipInitEnv, initPassVars, appendUserAgent, fromPlan, planFile, skipPlanfile,
                        deployRunInit, force, everything, skipLockFile));

        Stacks stacks = Stacks.of(config, host);
        ComponentRun run = ComponentRun.resolve(stacks, settings, component, stackName);
        if (!run.enabled()) {
            ui.info("Component '" + component + "' is not enabled (metadata.enabled: false) in stack '" + stackName + "'; skipped");
            return 0;
        }
        Terraform.checkRestrictions(run, req);
        run.requireDirectory(stacks.settings().kind("terraform").basePath(), host.inputs());

        Terraform terraform = new Terraform(services.processes(), services.log());
        Terraform.checkFiles(run, settings);
        if (sub.equals("clean")) {
            return clean(terraform, run, req, ui);
        }
        AuthSessions.Target target = root.sessions().forStack(identity.value(), stackName, run.component());
        List<Terraform.Step> steps = terraform.steps(run, req, settings, host.env());
        if (dryRun) {
            java.io.StringWriter text = new java.io.StringWriter();
            PrintWriter buffer = new PrintWriter(text);
            dryRun(buffer, run, target, steps);
            buffer.flush();
            out.print(text);
            out.flush();
            atmos.snapshot.Snapshots.offerText(host, services.log(), text.toString());
            return 0;
        }
        java.time.Duration ttl = minTtl.value(host);
        Map<String, String> base = host.env();
        atmos.cloud.aws.CredentialServer endpoint = null;
        if (target.identity().isPresent()) {
            AuthService service = target.service();
            AuthService.Session session = service.session(target.identity().get(), ttl);
            base = service.environments().environment(session, host.env());
            requiredIdentities(service, session, ui);
            service.audit("terraform", session, Map.of("subcommand", sub, "component", component, "stack", stackName));
            if (server) {
                if (!(session.credentials() instanceof atmos.credentials.AwsCredentials)) {
                    throw AtmosException.config("--server serves AWS credentials, and " + session.chain().target().name()
                            + " does not produce them", "drop --server for this stack");
                }
                endpoint = atmos.cli.auth.ServedCredentials.start(service, target.identity().get(), ttl, services.log());
                base = endpoint.childEnvironment(base);
            }
        } else if (server) {
            throw AtmosException.usage("--server needs an identity, and authentication is disabled for this stack",
                    "drop --server, or give the stack an identity");
        }
        try {
            String ua = appendUserAgent != null ? appendUserAgent : settings.appendUserAgent();
            Map<String, String> env = Terraform.environment(base, run, config.configDir(), stacks.settings().basePath(), ua);
            terraform.writeFiles(run, req, settings);
            out.flush();
            spec.commandLine().getErr().flush();
            int code = terraform.execute(run, steps, env, spec.commandLine().getErr());
            if (code == 0) {
                terraform.cleanUp(run, req);
            }
            return code;
        } finally {
            if (endpoint != null) {
                endpoint.close();
            }
        }
    }

    /**
     * The other {@code required: true} identities are logged in too, so their profiles are in the
     * shared credentials file for components with several provider aliases; as upstream
     * (pkg/auth/hooks.go), a failure there is a warning, not the end of the run.
     */
    private void requiredIdentities(AuthService service, AuthService.Session primary, Ui ui) {
        for (IdentityConfig ic : service.config().auth().identities().values()) {
            if (!ic.isRequired() || ic.key().equals(primary.chain().target().key())) {
                continue;
            }
            try {
                service.session(ic.name());
            } catch (AtmosException e) {
                ui.warn("could not log in the required identity " + ic.name() + " (continuing): " + e.getMessage());
            }
        }
    }

    private void dryRun(PrintWriter out, ComponentRun run, AuthSessions.Target target, List<Terraform.Step> steps) {
        out.println("Component:  " + run.component() + " in stack " + run.stack()
                + (run.baseComponent().equals(run.component()) ? "" : " (Terraform component " + run.baseComponent() + ")"));
        if (target.identity().isPresent()) {
            String id = target.identity().get();
            AuthService service = target.service();
            IdentityConfig ic = service.identity(id);
            Optional<String> permissionSet = ic.kind().equals("aws/permission-set") ? ic.principal().string("name") : Optional.empty();
            out.println("Identity:   " + id + " (" + ic.kind() + permissionSet.map(p -> ", permission set " + p).orElse("")
                    + ic.principal().child("account").string("name").map(a -> ", account " + a).orElse("") + ")");
            out.println("Chain:      " + service.chain(id).display());
        } else {
            out.println("Identity:   none (authentication disabled: the ambient credentials are used)");
        }
        out.println("Directory:  " + run.workingDir());
        out.println("Workspace:  " + run.workspace());
        out.println("Varfile:    " + run.workingDir().resolve(run.varFile()) + " (" + run.vars().size() + " variables)");
        out.println("Would run:");
        steps.forEach(s -> out.println("  " + s));
        out.flush();
    }

    private int clean(Terraform terraform, ComponentRun run, TerraformRequest req, Ui ui) {
        List<java.nio.file.Path> targets = terraform.cleanTargets(run, req.options());
        if (targets.isEmpty()) {
            ui.info("Nothing to clean for " + run.component() + " in " + run.stack());
            return 0;
        }
        targets.forEach(t -> ui.info("  " + (dryRun ? "would delete " : "delete ") + t));
        if (dryRun) {
            return 0;
        }
        if (!force) {
            var prompter = root.sessions().prompter();
            if (!prompter.isTerminal()) {
                throw AtmosException.usage("'atmos terraform clean' deletes these files and needs confirmation, but there is no terminal to ask",
                        "add --force to confirm");
            }
            String answer = prompter.line("Delete these? [y/N] ", "n");
            if (!answer.equalsIgnoreCase("y") && !answer.equalsIgnoreCase("yes")) {
                ui.info("Nothing deleted");
                return 0;
            }
        }
        terraform.delete(targets);
        ui.success("Cleaned " + run.component() + " in " + run.stack());
        return 0;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
