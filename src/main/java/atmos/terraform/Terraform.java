package atmos.terraform;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.exec.ProcessRunner;
import atmos.log.Log;
import atmos.system.SecureFiles;
import atmos.text.GoJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs Terraform for a component in a stack as the Go Atmos does: writes the varfile (and
 * {@code backend.tf.json} / {@code providers_override.tf.json} when configured), runs {@code init},
 * selects or creates the workspace, then the subcommand, in the component's directory; the exit code
 * of the subcommand is the result. No picocli and no auth here: the caller hands in the child's
 * complete environment (the identity's, plus the component's {@code env}, see {@link #environment}).
 */
public final class Terraform {
    /** Subcommands whose first argument after the component is a further word ({@code state list}). */
    public static final Set<String> TWO_WORD = Set.of("state", "workspace", "providers");
    private static final Set<String> NEEDS_VARFILE = Set.of("plan", "destroy", "import", "refresh", "test");
    private static final Set<String> ABSTRACT_REFUSES = Set.of("plan", "apply", "deploy", "workspace");
    private static final Set<String> LOCKED_REFUSES = Set.of("apply", "deploy", "destroy", "import", "state", "taint", "untaint");

    private final ProcessRunner processes;
    private final Log log;

    public Terraform(ProcessRunner processes, Log log) {
        this.processes = processes;
        this.log = log;
    }

    /** One child process of a run. {@code createsWorkspace}: a failing select is followed by {@code workspace new}. */
    public record Step(String phase, List<String> argv, boolean selectsWorkspace) {
        @Override
        public String toString() {
            return String.join(" ", argv);
        }
    }

    /** Refuses what Atmos refuses for abstract and locked components and the http backend. */
    public static void checkRestrictions(ComponentRun run, TerraformRequest req) {
        String sub = req.subcommand();
        if (run.isAbstract() && ABSTRACT_REFUSES.contains(sub)) {
            throw AtmosException.usage("the component '" + run.component() + "' cannot be provisioned because it's marked as abstract"
                    + " (metadata.type: abstract)", "run a real component that inherits from it (metadata.inherits)");
        }
        if (run.locked() && LOCKED_REFUSES.contains(sub)) {
            throw AtmosException.usage("component '" + run.component() + "' cannot be modified (metadata.locked: true)",
                    "unlock it in the stack manifest (metadata.locked: false) to change it");
        }
        if (sub.equals("workspace") && "http".equals(run.backendType())) {
            throw AtmosException.usage("workspaces are not supported for the HTTP backend", "the http backend has one state per component");
        }
    }

    /** The child processes of the run, in order: init (unless skipped), workspace selection, the subcommand. */
    public List<Step> steps(ComponentRun run, TerraformRequest req, TerraformSettings settings, Map<String, String> env) {
        String sub = req.subcommand().equals("deploy") ? "apply" : req.subcommand();
        TerraformRequest.Options o = req.options();
        boolean usePlan = o.fromPlan() != null || (sub.equals("apply") && o.planFile() != null);
        List<Step> steps = new ArrayList<>();
        boolean passVars = o.initPassVars() != null ? o.initPassVars() : settings.initPassVars();
        boolean deployInit = o.deployRunInit() != null ? o.deployRunInit() : settings.deployRunInit();
        boolean runInit = !req.subcommand().equals("init") && !o.skipInit() && !(req.subcommand().equals("deploy") && !deployInit);
        if (runInit) {
            List<String> init = new ArrayList<>(List.of(run.command(), "init"));
            if (req.subcommand().equals("workspace") || settings.initRunReconfigure()) {
                init.add("-reconfigure");
            }
            if (passVars) {
                init.addAll(List.of("-var-file", run.varFile()));
            }
            steps.add(new Step("init", init, false));
        }
        boolean workspaces = settings.workspacesEnabled() && !"http".equals(run.backendType());
        boolean skipWorkspace = req.subcommand().equals("init") || req.subcommand().equals("workspace") && req.subcommand2() != null
                || req.subcommand().startsWith("providers") || env.containsKey("TF_WORKSPACE") || !workspaces;
        if (!skipWorkspace) {
            steps.add(new Step("workspace", List.of(run.command(), "workspace", "select", "-or-create", run.workspace()), true));
        }
        if (req.subcommand().equals("workspace") && req.subcommand2() == null) {
            return steps; // a bare `workspace` only selects it
        }
        List<String> main = new ArrayList<>();
        main.add(run.command());
        main.add(sub);
        List<String> extra = new ArrayList<>(req.args());
        switch (sub) {
            case "plan" -> {
                main.addAll(List.of("-var-file", run.varFile()));
                boolean skip = o.skipPlanfile() != null ? o.skipPlanfile() : settings.skipPlanfile();
                boolean outGiven = extra.stream().anyMatch(a -> a.equals("-out") || a.startsWith("-out="));
                if (!outGiven && !skip) {
                    main.addAll(List.of("-out", o.planFile() != null ? o.planFile() : run.planFile()));
                }
            }
            case "destroy", "import", "refresh", "test" -> main.addAll(List.of("-var-file", run.varFile()));
            case "apply" -> {
                if (!usePlan) {
                    main.addAll(List.of("-var-file", run.varFile()));
                }
                boolean autoApprove = req.subcommand().equals("deploy") && !usePlan || settings.applyAutoApprove() && !usePlan;
                if (autoApprove && !extra.contains("-auto-approve")) {
                    extra.add("-auto-approve");
                }
            }
            case "init" -> {
                if (settings.initRunReconfigure()) {
                    main.add("-reconfigure");
                }
                if (passVars) {
                    main.addAll(List.of("-var-file", run.varFile()));
                }
            }
            case "workspace" -> {
                main.add(req.subcommand2());
                if (!req.subcommand2().equals("list") && !req.subcommand2().equals("show")) {
                    main.add(run.workspace());
                }
            }
            default -> {
                if (req.subcommand2() != null) {
                    main.add(req.subcommand2());
                }
            }
        }
        main.addAll(extra);
        if (sub.equals("apply") && usePlan) {
            // The plan is a positional argument: after every flag.
            main.add(o.planFile() != null ? o.planFile() : o.fromPlan() != null && !o.fromPlan().equals("true") ? o.fromPlan() : run.planFile());
        }
        steps.add(new Step(sub, main, false));
        return steps;
    }

    /**
     * The child's environment: {@code base} (the parent's, or the identity's built from it), then the
     * component's {@code env}, then what Atmos always sets ({@code ATMOS_CLI_CONFIG_PATH},
     * {@code ATMOS_BASE_PATH}, {@code TF_IN_AUTOMATION}, {@code TF_APPEND_USER_AGENT}).
     */
    public static Map<String, String> environment(Map<String, String> base, ComponentRun run, Path configDir, Path basePath,
                                                  String appendUserAgent) {
        Map<String, String> env = new LinkedHashMap<>(base);
        env.putAll(run.env());
        if (configDir != null) {
            env.put("ATMOS_CLI_CONFIG_PATH", configDir.toString());
        }
        env.put("ATMOS_BASE_PATH", basePath.toAbsolutePath().normalize().toString());
        env.put("TF_IN_AUTOMATION", "true");
        String ua = base.get("TF_APPEND_USER_AGENT");
        if (ua == null || ua.isEmpty()) {
            ua = appendUserAgent;
        }
        if (ua != null && !ua.isEmpty()) {
            env.put("TF_APPEND_USER_AGENT", ua);
        }
        return env;
    }

    /** What would make {@link #writeFiles} fail, checked before anything (a login) happens. */
    public static void checkFiles(ComponentRun run, TerraformSettings settings) {
        if (settings.autoGenerateBackendFile() && run.backendType().isEmpty()) {
            throw AtmosException.config("backend_type is not set for component '" + run.component() + "' in stack '" + run.stack() + "'",
                    "set terraform.backend_type (s3, gcs, azurerm, local, cloud …) in the stack, or auto_generate_backend_file: false");
        }
    }

    /** Writes the varfile and the generated backend and provider files the run needs. */
    public void writeFiles(ComponentRun run, TerraformRequest req, TerraformSettings settings) {
        checkFiles(run, settings);
        boolean usePlan = req.options().fromPlan() != null || (req.subcommand().equals("apply") && req.options().planFile() != null);
        if (!req.subcommand().equals("workspace") && !usePlan) {
            write(run.workingDir().resolve(run.varFile()), run.vars(), "varfile");
        }
        if (settings.autoGenerateBackendFile()) {
            Map<String, Object> terraform = new LinkedHashMap<>();
            if (run.backendType().equals("cloud")) {
                terraform.put("cloud", run.backend());
            } else {
                terraform.put("backend", Map.of(run.backendType(), run.backend()));
            }
            write(run.workingDir().resolve("backend.tf.json"), Map.of("terraform", terraform), "backend file");
        }
        if (!run.providers().isEmpty()) {
            write(run.workingDir().resolve("providers_override.tf.json"), Map.of("provider", run.providers()), "provider overrides");
        }
    }

    private void write(Path file, Object content, String what) {
        log.debug("writing the " + what, "file", file);
        SecureFiles.writeAtomically(file, GoJson.write(content).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Runs the steps in the component's directory; stops at the first that fails. A workspace that
     * cannot be selected (exit 1) is created.
     *
     * @return the exit code of the last step that ran
     */
    public int execute(ComponentRun run, List<Step> steps, Map<String, String> env, java.io.PrintWriter err) {
        for (Step step : steps) {
            if (step.phase().equals("init")) {
                deleteEnvironmentFile(run, env);
            }
            log.debug("running", "phase", step.phase(), "command", step.toString(), "dir", run.workingDir());
            int code;
            if (step.selectsWorkspace()) {
                // Hidden, as upstream hides it: `terraform output -json | jq` must see only the outputs.
                ProcessRunner.Captured select = processes.capture(step.argv(), env, run.workingDir());
                code = select.exitCode();
                String shown = select.output();
                if (code == 1) {
                    log.debug("workspace does not exist yet; creating it", "workspace", run.workspace());
                    ProcessRunner.Captured created = processes.capture(List.of(step.argv().get(0), "workspace", "new", run.workspace()), env,
                            run.workingDir());
                    code = created.exitCode();
                    shown = created.output();
                }
                if (code != 0) {
                    err.print(shown);
                    err.flush();
                }
            } else {
                code = processes.run(step.argv(), env, run.workingDir());
            }
            if (code != 0) {
                return code;
            }
        }
        return 0;
    }

    /**
     * {@code .terraform/environment} names the selected workspace; Atmos deletes it before init so
     * Terraform never stops to ask which workspace to use when the backend changed.
     */
    private void deleteEnvironmentFile(ComponentRun run, Map<String, String> env) {
        String dataDir = env.getOrDefault("TF_DATA_DIR", ".terraform");
        Path file = run.workingDir().resolve(dataDir.isEmpty() ? ".terraform" : dataDir).resolve("environment").normalize();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("cannot delete the workspace file", "file", file, "error", e.getMessage());
        }
    }

    /** After the subcommand: the planfile and varfile Atmos generated are removed as upstream removes them. */
    public void cleanUp(ComponentRun run, TerraformRequest req) {
        String sub = req.subcommand().equals("deploy") ? "apply" : req.subcommand();
        if (!sub.equals("plan") && !sub.equals("show") && req.options().planFile() == null) {
            quietlyDelete(run.workingDir().resolve(run.planFile()));
        }
        if (sub.equals("apply")) {
            quietlyDelete(run.workingDir().resolve(run.varFile()));
        }
    }

    /** What {@code atmos terraform clean} removes for a component in a stack. */
    public List<Path> cleanTargets(ComponentRun run, TerraformRequest.Options o) {
        Path dir = run.workingDir();
        List<Path> out = new ArrayList<>(List.of(dir.resolve(".terraform"), dir.resolve(run.varFile()), dir.resolve(run.planFile()),
                dir.resolve("backend.tf.json"), dir.resolve("providers_override.tf.json")));
        if (!o.skipLockFile()) {
            out.add(dir.resolve(".terraform.lock.hcl"));
        }
        out.add(o.everything() ? dir.resolve("terraform.tfstate.d") : dir.resolve("terraform.tfstate.d").resolve(run.workspace()));
        return out.stream().filter(p -> Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
    }

    /** Deletes files and directories (never following a link out of them). */
    public void delete(List<Path> targets) {
        for (Path t : targets) {
            try (Stream<Path> walk = Files.walk(t)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new AtmosException(ExitCode.FAILURE, "cannot delete " + t + ": " + e.getMessage(), "check its permissions");
            }
        }
    }

    private void quietlyDelete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.debug("cannot remove a generated file", "file", p, "error", e.getMessage());
        }
    }
}
