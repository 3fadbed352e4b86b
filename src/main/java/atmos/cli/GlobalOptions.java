package atmos.cli;

import atmos.Services;
import atmos.error.AtmosException;
import atmos.system.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The global options that change the process before anything else reads it, as the Go Atmos applies
 * them first: {@code -C/--chdir DIR} (env {@code ATMOS_CHDIR}) moves the working directory before
 * atmos.yaml is looked for; {@code --no-color}, {@code --force-color} and {@code --force-tty} become
 * the environment settings the output layer reads ({@code ATMOS_NO_COLOR}, {@code ATMOS_FORCE_COLOR},
 * {@code ATMOS_FORCE_TTY}). picocli still declares them on the root command, so help lists them.
 */
final class GlobalOptions {
    private GlobalOptions() {
    }

    static Services apply(Services services, String[] args) {
        Host host = services.host();
        String chdir = null;
        Map<String, String> env = new HashMap<>(host.env());
        boolean changed = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if ((a.equals("-C") || a.equals("--chdir")) && i + 1 < args.length) {
                chdir = args[++i];
            } else if (a.startsWith("--chdir=") || a.startsWith("-C=")) {
                chdir = a.substring(a.indexOf('=') + 1);
            } else if (a.equals("--no-color")) {
                env.put("ATMOS_NO_COLOR", "true");
                changed = true;
            } else if (a.equals("--force-color")) {
                env.put("ATMOS_FORCE_COLOR", "true");
                changed = true;
            } else if (a.equals("--force-tty")) {
                env.put("ATMOS_FORCE_TTY", "true");
                changed = true;
            }
        }
        if (chdir == null) {
            chdir = host.getenv("ATMOS_CHDIR").orElse(null);
        }
        Path cwd = host.cwd();
        if (chdir != null) {
            Path dir = host.expandHome(chdir);
            if (!host.inputs().isDirectory(dir)) {
                throw AtmosException.usage("--chdir: " + chdir + (Files.exists(dir) ? " is not a directory" : " does not exist"),
                        "give -C/--chdir (or ATMOS_CHDIR) an existing directory");
            }
            cwd = dir.toAbsolutePath().normalize();
            changed = true;
        }
        host.inputs().env("ATMOS_FORCE_TTY"); // read below from the copy
        boolean forceTty = env.containsKey("ATMOS_FORCE_TTY") && atmos.config.ConfigNode.truthy(env.get("ATMOS_FORCE_TTY"));
        Host.Terminals terminals = forceTty ? new Host.Terminals(host.terminals().stdin(), true, true) : host.terminals();
        if (!changed && terminals == host.terminals()) {
            return services;
        }
        Host moved = new Host(env, cwd, host.home(), terminals, host.clock(), host.inputs());
        return services.nested(moved, services.log());
    }
}
