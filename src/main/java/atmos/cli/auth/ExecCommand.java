package atmos.cli.auth;

import atmos.auth.AuthService;
import atmos.error.AtmosException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code atmos auth exec -- cmd args…}: runs a command with the identity's environment and exits with
 * its exit code. Secrets reach the child through the environment and the credential files, never argv.
 */
@Command(name = "exec", sortOptions = false, description = "Run a command with the identity's credentials; exits with the command's exit code.%n"
        + "  atmos auth exec -i plat-dev/terraform -- aws sts get-caller-identity")
public final class ExecCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "The command and its arguments, after --")
    List<String> command = new ArrayList<>();

    @ParentCommand
    AuthCommand auth;

    @Override
    public Integer call() {
        if (command.isEmpty()) {
            throw AtmosException.usage("no command given", "usage: atmos auth exec [--identity NAME] -- COMMAND [ARGS...]");
        }
        var host = auth.services().host();
        Optional<String> identity = auth.selectIdentity();
        Map<String, String> env;
        if (identity.isEmpty()) {
            env = host.env();
        } else {
            AuthService service = auth.authService();
            AuthService.Session session = service.session(identity.get());
            env = service.environment(session, host.env());
            // Only the program's name: its arguments may carry anything.
            service.audit("exec", session, Map.of("program", Path.of(command.get(0)).getFileName().toString()));
        }
        auth.spec.commandLine().getOut().flush();
        auth.spec.commandLine().getErr().flush();
        return auth.services().processes().run(command, env, host.cwd());
    }
}
