package atmos.terraform;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.stack.DescribeComponent;
import atmos.stack.StackSettings;
import atmos.stack.Stacks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a component in a stack resolves to for Terraform, read from the same merged section
 * {@code describe component} prints: where it runs, with which binary, workspace, variables,
 * environment and backend, and the file names Atmos generates for it.
 *
 * @param component     the Atmos component as given ({@code vpc-2})
 * @param baseComponent the Terraform root module it runs ({@code metadata.component}, else the component)
 * @param stack         the canonical stack name ({@code atmos_stack}), the prefix of the generated files
 * @param workingDir    {@code <base_path>/<components.terraform.base_path>/<base component>}
 * @param command       the binary: the component's {@code command}, else atmos.yaml's, else {@code terraform}
 * @param workspace     the Terraform workspace Atmos computed
 * @param varFile       {@code <stack>-[<folder>-]<component>.terraform.tfvars.json} (folder: of the Terraform component)
 * @param planFile      {@code <stack>-[<folder>-]<component>.planfile}
 * @param vars          the {@code vars} section, written to the varfile
 * @param env           the {@code env} section, given to Terraform
 */
public record ComponentRun(String component, String baseComponent, String stack, Path workingDir, String command, String workspace,
                           String varFile, String planFile, Map<String, Object> vars, Map<String, String> env, String backendType,
                           Map<String, Object> backend, Map<String, Object> providers, boolean isAbstract, boolean locked,
                           boolean enabled) {

    /** Resolves {@code component} in {@code stack} (unknown ones: an error with close names). */
    @SuppressWarnings("unchecked")
    public static ComponentRun resolve(Stacks stacks, TerraformSettings settings, String component, String stack) {
        component = stacks.componentFromPath(component, stack, "terraform");
        Map<String, Object> d = stacks.describeComponent(DescribeComponent.Request.of(component, stack));
        String base = text(d.get("component"), component);
        Map<String, Object> metadata = map(d.get("metadata"));
        String prefix = text(d.get("atmos_stack"), stack).replace('/', '-');
        // As the Go Atmos names them: the folder of the Terraform component, the last part of the Atmos one
        // (vpc-2 derived from infra/vpc: <stack>-infra-vpc-2.terraform.tfvars.json).
        int slash = base.lastIndexOf('/');
        String folder = slash < 0 ? "" : base.substring(0, slash).replace('/', '-');
        String name = component.substring(component.lastIndexOf('/') + 1);
        String stem = prefix + "-" + (folder.isEmpty() ? "" : folder + "-") + name;
        StackSettings.ComponentKind kind = stacks.settings().kind("terraform");
        if (kind == null || kind.basePathText().isEmpty()) {
            throw AtmosException.config("base path to terraform components must be provided in 'components.terraform.base_path' config or "
                    + "'ATMOS_COMPONENTS_TERRAFORM_BASE_PATH' ENV variable", "add 'components: {terraform: {base_path: components/terraform}}'");
        }
        Path dir = kind.basePath().resolve(base).normalize();
        String command = text(d.get("command"), settings.command());
        Map<String, String> env = new LinkedHashMap<>();
        map(d.get("env")).forEach((k, v) -> {
            if (v != null) {
                env.put(k, v instanceof String s ? s : atmos.text.GoJson.compact(v));
            }
        });
        return new ComponentRun(component, base, text(d.get("atmos_stack"), stack), dir, command, text(d.get("workspace"), "default"),
                stem + ".terraform.tfvars.json", stem + ".planfile", map(d.get("vars")), env, text(d.get("backend_type"), ""),
                map(d.get("backend")), map(d.get("providers")), "abstract".equals(metadata.get("type")),
                Boolean.TRUE.equals(metadata.get("locked")), !Boolean.FALSE.equals(metadata.get("enabled")));
    }

    /** The Terraform root module must exist. */
    public void requireDirectory(Path componentsBase) {
        requireDirectory(componentsBase, atmos.system.Inputs.NONE);
    }

    /** {@link #requireDirectory(Path)}, the check recorded in {@code inputs}. */
    public void requireDirectory(Path componentsBase, atmos.system.Inputs inputs) {
        if (!inputs.isDirectory(workingDir)) {
            throw new AtmosException(ExitCode.CONFIG, "'" + component + "' points to the Terraform component '" + baseComponent
                    + "', but it does not exist in '" + componentsBase + "'",
                    "create " + workingDir + ", or fix metadata.component / components.terraform.base_path");
        }
    }

    private static String text(Object v, String dflt) {
        return v == null || v.toString().isEmpty() ? dflt : v.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
