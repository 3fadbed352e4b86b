package atmos.cli.auth;

import atmos.auth.AuthService;
import atmos.error.AtmosException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code atmos auth shell}: an interactive shell with the identity's environment, marked with
 * {@code ATMOS_IDENTITY} and {@code ATMOS_SHLVL}. Shells nest (with a warning naming the depth), 10 deep at most, as upstream.
 */
@Command(name = "shell", sortOptions = false, description = "Start an interactive shell with the identity's credentials.%n"
        + "Shell: --shell, else $ATMOS_SHELL, else $SHELL, else bash or sh. Arguments after -- go to the shell.")
public final class ShellCommand implements Callable<Integer> {

    @Option(names = "--shell", paramLabel = "PATH", description = "Shell to start")
    String shell;

    @Option(names = "--force", hidden = true, description = "Accepted for compatibility with earlier versions (shells always nest)")
    boolean force;

    @Parameters(arity = "0..*", paramLabel = "ARGS", description = "Arguments for the shell, after --")
    List<String> args = new ArrayList<>();

    @ParentCommand
    AuthCommand auth;

    @picocli.CommandLine.Mixin
    atmos.cli.MinTtlOption minTtl;

    /** The deepest nesting the Go Atmos allows. */
    static final int MAX_DEPTH = 10;

    @Override
    public Integer call() {
        var host = auth.services().host();
        int level = host.getenv("ATMOS_SHLVL").map(v -> {
            try {
                return Integer.parseInt(v.strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }).orElse(0);
        // As the Go Atmos (pkg/utils/shell_utils.go GetNextShellLevel): shells nest, up to 10 deep.
        if (level + 1 > MAX_DEPTH) {
            throw AtmosException.usage("ATMOS_SHLVL exceeds maximum allowed depth (current=" + (level + 1) + ", max=" + MAX_DEPTH
                    + "). Infinite recursion?", "type 'exit' to leave some of the nested atmos shells");
        }
        if (level > 0) {
            auth.ui().warn("nested atmos shell: depth " + (level + 1) + " (inside a shell for "
                    + host.getenv("ATMOS_IDENTITY").orElse("no identity") + "); 'exit' returns to it");
        }
        Optional<String> identity = auth.selectIdentity();
        Map<String, String> env;
        String name;
        String provider = "";
        if (identity.isEmpty()) {
            env = new LinkedHashMap<>(host.env());
            name = "(none: authentication disabled)";
        } else {
            AuthService service = auth.authService();
            AuthService.Session session = service.session(identity.get(), minTtl.value(host));
            env = service.environments().environment(session, host.env());
            service.audit("shell", session, Map.of());
            name = session.chain().target().name();
            provider = session.chain().provider() == null ? "" : " (" + session.chain().provider().name() + ")";
            env.put("ATMOS_IDENTITY", session.chain().target().key());
        }
        env.put("ATMOS_SHLVL", Integer.toString(level + 1));
        String program = shell != null ? shell
                : host.firstEnv("ATMOS_SHELL", "SHELL").orElse(onPath(env, "bash") ? "bash" : "sh");
        List<String> command = new ArrayList<>();
        command.add(program);
        if (args.isEmpty()) {
            command.add("-l");
        } else {
            command.addAll(args);
        }
        var ui = auth.ui();
        ui.info("");
        ui.info("→ Entering Atmos shell with identity: " + name + provider);
        ui.info("  Type 'exit' to return to your normal shell");
        ui.info("");
        int code = auth.services().processes().run(command, env, host.cwd());
        ui.info("");
        ui.info("← Exited Atmos shell for identity: " + name + provider);
        return code;
    }

    private static boolean onPath(Map<String, String> env, String program) {
        for (String dir : env.getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
