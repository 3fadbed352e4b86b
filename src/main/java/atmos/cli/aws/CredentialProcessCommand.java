package atmos.cli.aws;

import atmos.cli.AtmosCommand;
import atmos.cli.IdentityOption;
import atmos.cli.auth.CredentialProcess;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code atmos aws credential-process -i NAME [--min-validity 15m]}: the identity's credentials as the
 * JSON document of the AWS {@code credential_process} protocol, for a {@code ~/.aws/config} profile:
 * {@code credential_process = atmos --chdir=/path/to/repo aws credential-process --identity=NAME}.
 */
@Command(name = "credential-process", sortOptions = false,
        description = {"Print an identity's AWS credentials in the credential_process format (for ~/.aws/config).",
                "  credential_process = atmos --chdir=/path/to/infrastructure aws credential-process --identity=NAME",
                "Cached credentials valid for at least --min-validity are printed with no network call; otherwise they",
                "are renewed first. Prompts go to the terminal (/dev/tty): the AWS CLI captures stdout and stderr."})
public final class CredentialProcessCommand implements Callable<Integer> {

    @Mixin
    IdentityOption identity;

    @Option(names = "--min-validity", paramLabel = "DURATION",
            description = "Renew cached credentials valid for less than this (default 15m; env " + CredentialProcess.MIN_VALIDITY_ENV + ")")
    String minValidity;

    @Option(names = "--min-ttl", paramLabel = "DURATION", hidden = true, description = "Same as --min-validity")
    String minTtl;

    @ParentCommand
    AwsCommand aws;

    @Override
    public Integer call() {
        AtmosCommand root = (AtmosCommand) aws.spec.parent().userObject();
        return CredentialProcess.print(root, identity.value(), minValidity != null ? minValidity : minTtl);
    }
}
