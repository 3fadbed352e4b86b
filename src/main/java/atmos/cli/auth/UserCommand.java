package atmos.cli.auth;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code atmos auth user}: manage long-lived user credentials in the keyring. */
@Command(name = "user", description = "Manage cloud provider user credentials in the keyring.")
public final class UserCommand implements Runnable {
    @ParentCommand
    AuthCommand auth;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
