package atmos.cli.aws;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code atmos aws}: AWS helpers, as in the Go Atmos ({@code credential-process}). */
@Command(name = "aws", sortOptions = false, description = "AWS helpers: credentials for tools that read ~/.aws/config.")
public final class AwsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
