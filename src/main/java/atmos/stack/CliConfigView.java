package atmos.stack;

import atmos.config.ConfigNode;
import atmos.config.YamlValue;
import atmos.text.GoStruct;
import atmos.text.PerFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code atmos_cli_config} in {@code describe component}: the Go {@code AtmosConfiguration} fields Atmos
 * prints (base path, components, stacks, workflows), in struct order, with Go's zero values for what
 * atmos.yaml leaves out. JSON and YAML differ as the struct tags make them differ.
 */
final class CliConfigView {
    private CliConfigView() {
    }

    static PerFormat of(StackSettings s) {
        return new PerFormat(build(s, true), build(s, false));
    }

    private static GoStruct build(StackSettings s, boolean json) {
        ConfigNode components = ConfigNode.of(s.config().raw().get("components"), "components", null);
        ConfigNode tf = components.child("terraform");
        ConfigNode stacks = ConfigNode.of(s.config().raw().get("stacks"), "stacks", null);
        ConfigNode workflows = ConfigNode.of(s.config().raw().get("workflows"), "workflows", null);
        var host = s.host();

        GoStruct terraform = new GoStruct()
                .with("base_path", s.kind("terraform").basePathText())
                .with("apply_auto_approve", bool(host.getenv("ATMOS_COMPONENTS_TERRAFORM_APPLY_AUTO_APPROVE").orElse(null), tf, "apply_auto_approve", false))
                .with("append_user_agent", tf.string("append_user_agent").orElse("Atmos/" + version()
                        + " (Cloud Posse; +https://atmos.tools)"))
                .with("deploy_run_init", bool(host.getenv("ATMOS_COMPONENTS_TERRAFORM_DEPLOY_RUN_INIT").orElse(null), tf, "deploy_run_init", false))
                .with("init_run_reconfigure", bool(host.getenv("ATMOS_COMPONENTS_TERRAFORM_INIT_RUN_RECONFIGURE").orElse(null), tf, "init_run_reconfigure", false))
                .with("auto_generate_backend_file", bool(host.getenv("ATMOS_COMPONENTS_TERRAFORM_AUTO_GENERATE_BACKEND_FILE").orElse(null), tf,
                        "auto_generate_backend_file", false))
                .with("auto_generate_files", tf.bool("auto_generate_files"))
                .with("command", s.kind("terraform").command())
                .with("shell", new GoStruct().with("prompt", tf.child("shell").string("prompt").orElse("")))
                .with("init", new GoStruct().with("pass_vars", tf.child("init").bool("pass_vars")))
                .with("plan", new GoStruct().with("skip_planfile", tf.child("plan").bool("skip_planfile")))
                .with("plugin_cache", tf.string("plugin_cache").map(ConfigNode::truthy).orElse(true))
                .with("auto_provision_workdir_for_outputs", tf.string("auto_provision_workdir_for_outputs").map(ConfigNode::truthy).orElse(true));
        if (json) {
            terraform.with("lint", new GoStruct());
            terraform.with("planfiles", new GoStruct().with("default", ""));
            terraform.put("plugin_cache", terraform.remove("plugin_cache"));
            terraform.put("auto_provision_workdir_for_outputs", terraform.remove("auto_provision_workdir_for_outputs"));
            terraform.with("ci", new GoStruct()).with("workspace", new GoStruct());
        }
        ConfigNode hf = components.child("helmfile");
        GoStruct helmfile = new GoStruct()
                .with("base_path", s.kind("helmfile").basePathText())
                .with("use_eks", hf.bool("use_eks"))
                .with("kubeconfig_path", hf.string("kubeconfig_path").orElse(""))
                .with("helm_aws_profile_pattern", hf.string("helm_aws_profile_pattern").orElse(""))
                .with("cluster_name_pattern", hf.string("cluster_name_pattern").orElse(""))
                .with("cluster_name_template", hf.string("cluster_name_template").orElse(""))
                .with("cluster_name", hf.string("cluster_name").orElse(""))
                .with("command", s.kind("helmfile").command())
                .with("auto_generate_files", hf.bool("auto_generate_files"));
        GoStruct comps = new GoStruct()
                .with("terraform", terraform)
                .with("helmfile", helmfile)
                .with("packer", new GoStruct().with("base_path", s.kind("packer").basePathText()).with("command", s.kind("packer").command())
                        .with("auto_generate_files", components.child("packer").bool("auto_generate_files")))
                .with("ansible", new GoStruct().with("base_path", components.child("ansible").string("base_path").orElse(""))
                        .with("command", components.child("ansible").string("command").orElse(""))
                        .with("auto_generate_files", components.child("ansible").bool("auto_generate_files")))
                .with("kubernetes", new GoStruct().with("base_path", components.child("kubernetes").string("base_path").orElse(""))
                        .with("provider", components.child("kubernetes").string("provider").orElse(""))
                        .with("auto_generate_files", components.child("kubernetes").bool("auto_generate_files")))
                .with("helm", new GoStruct().with("base_path", components.child("helm").string("base_path").orElse(""))
                        .with("auto_generate_files", components.child("helm").bool("auto_generate_files")));
        if (json) {
            comps.with("list", new GoStruct().with("format", "").with("columns", null)).with("Plugins", null);
        }
        GoStruct st = new GoStruct()
                .with("base_path", s.stacksBasePathText())
                .with("included_paths", new ArrayList<>(s.includedPaths()))
                .with("excluded_paths", new ArrayList<>(s.excludedPaths()))
                .with("name_pattern", s.namePattern())
                .with("name_template", s.nameTemplate());
        if (json) {
            st.with("list", new GoStruct().with("format", stacks.child("list").string("format").orElse("")).with("columns", null));
        }
        st.with("inherit", new GoStruct().with("metadata", s.inheritMetadata()));
        List<Object> columns = json ? null : new ArrayList<>();
        GoStruct wf = new GoStruct().with("base_path", workflows.string("base_path").orElse(""))
                .with("list", new GoStruct().with("format", workflows.child("list").string("format").orElse("")).with("columns", columns));
        return new GoStruct()
                .with("base_path", s.basePathText())
                .with("components", comps)
                .with("stacks", st)
                .with("workflows", wf);
    }

    private static String version() {
        String v = CliConfigView.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static boolean bool(String env, ConfigNode n, String key, boolean dflt) {
        if (env != null) {
            return ConfigNode.truthy(env);
        }
        YamlValue v = n.raw().get(key);
        return v == null ? dflt : n.bool(key);
    }
}
