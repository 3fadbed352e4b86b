package atmos.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.AtmosProcess;
import atmos.testing.Cli;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM's own log lines never reach a program reading atmos's standard output. By default HotSpot
 * writes them to stdout: an {@code -Xlog} or {@code -XX:+UseLargePages} in a site-wide
 * {@code JAVA_TOOL_OPTIONS}, or an hsperfdata file another process holds (seen in a CI run: a PID
 * reused in another PID namespace sharing /tmp), would put a line into the JSON, the variables or the
 * {@code credential_process} answer. Run through the real launcher and the JDK running the tests, with
 * a jar whose program prints one line.
 */
class JvmLogLinesTest {
    @TempDir
    Path tmp;

    /** The whole program of the jar the launcher starts here. */
    public static final class Hello {
        public static void main(String[] args) {
            System.out.println("hello " + String.join(" ", args));
        }
    }

    private Path install() throws IOException {
        Path install = LauncherInstall.create(tmp.resolve("install"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Hello.class.getName());
        String entry = Hello.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(install.resolve("atmos.jar"));
             JarOutputStream jar = new JarOutputStream(file, manifest);
             InputStream bytes = Hello.class.getClassLoader().getResourceAsStream(entry)) {
            jar.putNextEntry(new JarEntry(entry));
            bytes.transferTo(jar);
            jar.closeEntry();
        }
        return install;
    }

    @Test
    void jvmLogLinesAskedForByJavaToolOptionsStayOutOfStandardOutput() throws Exception {
        Path install = install();
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", tmp.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("ATMOS_NO_CDS", "1");
        // gc=info always logs at start-up ("Using Serial"); UseLargePages warns where no large pages are set up.
        env.put("JAVA_TOOL_OPTIONS", "-Xlog:gc=info -XX:+UseLargePages -XX:+UsePerfData");
        Cli.Result r = AtmosProcess.run(env, tmp, "", List.of(install.resolve("bin/atmos").toString(), "auth", "list"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).as("the JVM did read the options").contains("Picked up JAVA_TOOL_OPTIONS");
        assertThat(r.out()).isEqualTo("hello auth list\n");
    }
}
