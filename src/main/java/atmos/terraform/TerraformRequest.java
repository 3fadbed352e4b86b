package atmos.terraform;

import java.util.List;

/**
 * One {@code atmos terraform <subcommand> <component> -s <stack> [flags] [-- args]} as parsed.
 *
 * @param subcommand    plan, apply, deploy, init, output, destroy, workspace, state … (anything else is passed through)
 * @param subcommand2   the word after {@code workspace}/{@code state}/{@code providers} ({@code list}, {@code select} …), or null
 * @param component     the Atmos component as given
 * @param stack         the stack as given ({@code -s})
 * @param args          arguments for Terraform itself, in order (unknown flags and everything after {@code --})
 * @param options       the Atmos flags of the command
 */
public record TerraformRequest(String subcommand, String subcommand2, String component, String stack, List<String> args,
                               Options options) {

    public TerraformRequest {
        args = List.copyOf(args);
    }

    /**
     * The Atmos flags, named as the Go Atmos names them.
     *
     * @param dryRun          print what would run, run and write nothing
     * @param skipInit        {@code --skip-init}
     * @param initPassVars    {@code --init-pass-vars} (null: atmos.yaml decides)
     * @param appendUserAgent {@code --append-user-agent} (null: environment, then atmos.yaml)
     * @param fromPlan        {@code --from-plan}: null, {@code "true"} (the component's planfile) or a path
     * @param planFile        {@code --planfile}: the plan to apply, or where plan writes
     * @param skipPlanfile    {@code --skip-planfile} (null: atmos.yaml decides)
     * @param deployRunInit   {@code --deploy-run-init} (null: atmos.yaml decides)
     * @param force           {@code clean --force}: no confirmation
     * @param everything      {@code clean --everything}: also the state of every workspace
     * @param skipLockFile    {@code clean --skip-lock-file}: keep {@code .terraform.lock.hcl}
     */
    public record Options(boolean dryRun, boolean skipInit, Boolean initPassVars, String appendUserAgent, String fromPlan, String planFile,
                          Boolean skipPlanfile, Boolean deployRunInit, boolean force, boolean everything, boolean skipLockFile) {
        public static Options defaults() {
            return new Options(false, false, null, null, null, null, null, null, false, false, false);
        }
    }

    /** {@code plan apply …} as one word, for messages. */
    public String command() {
        return subcommand2 == null ? subcommand : subcommand + " " + subcommand2;
    }
}
