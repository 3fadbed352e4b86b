package atmos.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a test starts a JVM of its own: the JDK running the tests, with what the launcher gives every JVM
 * so that the JVM's own log lines never mix into the output a test reads (stdout by default; an
 * hsperfdata file held by a process of another PID namespace sharing /tmp printed one into a test's
 * stdout under load). See bin/atmos and {@code launcher/JvmLogLinesTest}.
 */
public final class TestJvm {
    private TestJvm() {
    }

    /** {@code java}, the quiet options, then {@code options}. */
    public static List<String> command(String... options) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:-UsePerfData"));
        cmd.addAll(List.of(options));
        return cmd;
    }
}
