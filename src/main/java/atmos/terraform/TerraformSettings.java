package atmos.terraform;

import atmos.config.AtmosConfig;
import atmos.config.ConfigFunctions;
import atmos.config.ConfigNode;
import atmos.config.YamlValue;
import atmos.system.Host;
import java.util.Optional;

/**
 * The {@code components.terraform} settings of atmos.yaml that shape a run, with the environment
 * variables the Go Atmos binds to them ({@code ATMOS_COMPONENTS_TERRAFORM_…}).
 *
 * @param command                 the binary ({@code terraform} unless {@code command: tofu} …)
 * @param applyAutoApprove        {@code apply_auto_approve}: add {@code -auto-approve} to apply
 * @param deployRunInit           {@code deploy_run_init}: run init before deploy (default true)
 * @param initRunReconfigure      {@code init_run_reconfigure}: {@code init -reconfigure} (default true)
 * @param autoGenerateBackendFile {@code auto_generate_backend_file}: write {@code backend.tf.json}
 * @param initPassVars            {@code init.pass_vars}: give the varfile to init (OpenTofu)
 * @param skipPlanfile            {@code plan.skip_planfile}: no {@code -out} on plan
 * @param appendUserAgent         {@code append_user_agent} (TF_APPEND_USER_AGENT)
 * @param workspacesEnabled       {@code workspaces_enabled} (default true; never for the http backend)
 */
public record TerraformSettings(String command, boolean applyAutoApprove, boolean deployRunInit, boolean initRunReconfigure,
                                boolean autoGenerateBackendFile, boolean initPassVars, boolean skipPlanfile, String appendUserAgent,
                                boolean workspacesEnabled) {

    /** The Go Atmos's default {@code append_user_agent}, naming this tool. */
    public static final String DEFAULT_USER_AGENT = "Atmos/java (Cloud Posse; +https://atmos.tools)";

    public static TerraformSettings from(AtmosConfig config, Host host) {
        YamlValue.Map raw = config.raw();
        ConfigFunctions functions = new ConfigFunctions(host, config.gitRoot());
        YamlValue components = raw.get("components");
        ConfigNode tf = ConfigNode.of(components == null ? null : functions.evaluate(components), "components", raw.sourceOf("components"))
                .child("terraform");
        // As the Go Atmos: its built-in defaults (init and reconfigure on, backend file generated) apply
        // only when there is no atmos.yaml at all; an atmos.yaml that does not set them leaves them off.
        boolean builtIn = config.isEmpty();
        return new TerraformSettings(
                env(host, "COMMAND").orElse(tf.string("command").filter(s -> !s.isBlank()).orElse("terraform")),
                flag(host, "APPLY_AUTO_APPROVE", tf, "apply_auto_approve", false),
                flag(host, "DEPLOY_RUN_INIT", tf, "deploy_run_init", builtIn),
                flag(host, "INIT_RUN_RECONFIGURE", tf, "init_run_reconfigure", builtIn),
                flag(host, "AUTO_GENERATE_BACKEND_FILE", tf, "auto_generate_backend_file", builtIn),
                env(host, "INIT_PASS_VARS").map(ConfigNode::truthy).orElse(tf.child("init").string("pass_vars").map(ConfigNode::truthy).orElse(false)),
                env(host, "PLAN_SKIP_PLANFILE").map(ConfigNode::truthy)
                        .orElse(tf.child("plan").string("skip_planfile").map(ConfigNode::truthy).orElse(false)),
                env(host, "APPEND_USER_AGENT").orElse(tf.string("append_user_agent").orElse(DEFAULT_USER_AGENT)),
                env(host, "WORKSPACES_ENABLED").map(ConfigNode::truthy).orElse(tf.string("workspaces_enabled").map(ConfigNode::truthy).orElse(true)));
    }

    private static boolean flag(Host host, String envSuffix, ConfigNode tf, String key, boolean dflt) {
        return env(host, envSuffix).map(ConfigNode::truthy).orElse(tf.string(key).map(ConfigNode::truthy).orElse(dflt));
    }

    private static Optional<String> env(Host host, String suffix) {
        return host.getenv("ATMOS_COMPONENTS_TERRAFORM_" + suffix);
    }
}
