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

    @picocli.CommandLine.Option(names = "--server", description = "Serve the credentials to the command from 127.0.0.1 (the AWS container"
            + " credentials protocol), renewing the whole chain before they expire, for as long as it runs")
    boolean server;

    @picocli.CommandLine.Mixin
    atmos.cli.MinTtlOption minTtl;

    @ParentCommand
    AuthCommand auth;

    @Override
    public Integer call() {
        if (command.isEmpty()) {
            throw AtmosException.usage("no command given", "usage: atmos auth exec [--identity NAME] -- COMMAND [ARGS...]");
        }
        var host = auth.services().host();
        java.time.Duration ttl = minTtl.value(host);
        Optional<String> identity = auth.selectIdentity();
        if (identity.isEmpty()) {
            if (server) {
                throw AtmosException.usage("--server needs an identity, and authentication is disabled", "drop --server or choose an identity");
            }
            flush();
            return auth.services().processes().run(command, host.env(), host.cwd());
        }
        AuthService service = auth.authService();
        AuthService.Session session = service.session(identity.get(), ttl);
        if (server && !(session.credentials() instanceof atmos.credentials.AwsCredentials)) {
            throw AtmosException.config("--server serves AWS credentials, and " + session.chain().target().name() + " ("
                    + session.chain().target().kind() + ") does not produce them", "drop --server for this identity");
        }
        atmos.exec.EnvRecipe recipe = service.environments().environmentRecipe(session);
        Map<String, String> env = recipe.applyTo(host.env());
        // Only the program's name: its arguments may carry anything.
        service.audit("exec", session, Map.of("program", Path.of(command.get(0)).getFileName().toString()));
        if (server) {
            try (atmos.cloud.aws.CredentialServer endpoint = ServedCredentials.start(service, identity.get(), ttl, auth.services().log())) {
                flush();
                return auth.services().processes().run(command, endpoint.childEnvironment(env), host.cwd());
            }
        }
        atmos.snapshot.Snapshots.offerExec(host, auth.services().log(), service, session, recipe, command, ttl);
        flush();
        return auth.services().processes().run(command, env, host.cwd());
    }

    private void flush() {
        auth.spec.commandLine().getOut().flush();
        auth.spec.commandLine().getErr().flush();
    }
}
