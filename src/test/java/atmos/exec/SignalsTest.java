package atmos.exec;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.TestJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C reaches atmos and its child together, but the JVM runs its Java handler later on a dispatcher
 * thread: these run a real JVM (a signal aimed at the test's own JVM would end the test run) and raise
 * SIGINT in it at the moment that matters.
 */
class SignalsTest {

    private static Process probe(String mode) throws Exception {
        return new ProcessBuilder(TestJvm.command("-cp", System.getProperty("java.class.path"), Probe.class.getName(), mode))
                .redirectErrorStream(true).start();
    }

    private static String finish(Process p) throws Exception {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the probe ended").isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void a_ctrl_c_dispatched_just_after_the_child_ended_is_the_childs_and_does_not_end_atmos() throws Exception {
        Process p = probe("after-child");
        String out = finish(p);
        assertThat(p.exitValue()).as(out).isEqualTo(7);
        assertThat(out).contains("child exited 0").contains("still running after the late Ctrl-C");
    }

    @Test
    void a_ctrl_c_when_no_child_has_run_ends_atmos_with_130_as_before() throws Exception {
        Process p = probe("no-child");
        String out = finish(p);
        assertThat(p.exitValue()).as(out).isEqualTo(130);
        assertThat(out).doesNotContain("still running");
    }

    /** The child JVM. */
    public static final class Probe {
        @SuppressWarnings("removal")
        public static void main(String[] args) throws Exception {
            if (args[0].equals("after-child")) {
                int code = new SystemProcessRunner().run(List.of("true"), Map.of("PATH", "/usr/bin:/bin"), Path.of("."));
                System.out.println("child exited " + code);
            }
            // What a delayed dispatch looks like from inside: the signal is handled now, after the child.
            sun.misc.Signal.raise(new sun.misc.Signal("INT"));
            if (args[0].equals("after-child")) {
                while (Signals.dispatched() == 0) { // the handler ran on its thread and decided
                    Thread.sleep(5);
                }
            } else {
                Thread.sleep(Long.MAX_VALUE); // the default handler ends the JVM; the test bounds the wait
            }
            System.out.println("still running after the late Ctrl-C");
            System.out.flush();
            System.exit(7);
        }
    }
}
