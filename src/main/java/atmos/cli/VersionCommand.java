package atmos.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code atmos version}: the version of atmos-java and of the Java runtime it runs on. */
@Command(name = "version", description = "Show the atmos-java version")
public final class VersionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("atmos-java " + version());
        out.println("java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown") + ")");
        out.flush();
    }

    public static String version() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
