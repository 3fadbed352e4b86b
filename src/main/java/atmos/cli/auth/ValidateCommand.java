package atmos.cli.auth;

import atmos.auth.Chain;
import atmos.auth.ChainResolver;
import atmos.cli.Ui;
import atmos.config.AtmosConfig;
import atmos.config.AuthValidator;
import atmos.config.IdentityConfig;
import atmos.config.Problem;
import atmos.config.Problems;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code atmos auth validate}: checks the merged auth configuration and reports every problem at once,
 * each with file, line, field and a hint. Exits 1 when there is any error.
 */
@Command(name = "validate", description = "Validate the auth configuration (every problem at once, with file and line).%n"
        + "With --verbose (or ATMOS_AUTH_VALIDATE_VERBOSE=true) also shows files, realm and each identity's chain.")
public final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    AuthCommand auth;

    @Override
    public Integer call() {
        AtmosConfig config = auth.config();
        var host = auth.services().host();
        boolean verbose = auth.root().verbose()
                || host.getenv("ATMOS_AUTH_VALIDATE_VERBOSE").map(v -> v.equalsIgnoreCase("true") || v.equals("1")).orElse(false);
        Ui ui = auth.ui();
        PrintWriter err = ui.err();
        Path base = auth.services().host().cwd();
        if (verbose) {
            describe(config, err);
        }
        Problems problems = new AuthValidator(auth.services().kinds()).validate(config, host);
        List<Problem> all = problems.all();
        for (Problem p : all) {
            String line = p.line(base);
            if (!p.isError()) {
                String where = p.source() == null ? "" : p.source().display(base) + ": ";
                line = where + (p.path() == null || p.path().isEmpty() ? "" : p.path() + ": ") + "warning: " + p.message();
            }
            err.println(atmos.config.Names.printable(line));
            if (p.hint() != null) {
                err.println("  hint: " + atmos.config.Names.printable(p.hint()));
            }
        }
        if (verbose && !problems.hasErrors()) {
            chains(config, err);
        }
        long errors = all.stream().filter(Problem::isError).count();
        long warnings = all.size() - errors;
        if (config.isEmpty()) {
            ui.warn("no atmos.yaml found; nothing to validate (looked in the working directory, its parents up to the git root, ~/.atmos and ~/.config/atmos)");
        }
        if (errors > 0) {
            ui.fail("Authentication configuration is invalid: " + count(errors, "error") + (warnings > 0 ? ", " + count(warnings, "warning") : ""));
            throw AtmosException.silent(ExitCode.FAILURE);
        }
        ui.success("Authentication configuration is valid" + (warnings > 0 ? " (" + count(warnings, "warning") + ")" : ""));
        return 0;
    }

    private static String count(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private void describe(AtmosConfig config, PrintWriter err) {
        err.println("Validating authentication configuration...");
        if (config.files().isEmpty()) {
            err.println("  config files: none found");
        } else {
            err.println("  config files:");
            config.files().forEach(f -> err.println("    " + f));
        }
        if (!config.profiles().isEmpty()) {
            err.println("  profiles: " + String.join(", ", config.profiles()));
        }
        err.println("  realm: " + (config.realm().isSet() ? config.realm().value() + " (" + config.realm().source() + ")"
                : "none (keys atmos_<name>, files under atmos/aws/, as the Go Atmos)"));
        legacyRealm(config, err);
        String keyring = auth.services().host().getenv("ATMOS_KEYRING_TYPE")
                .map(t -> t + " (ATMOS_KEYRING_TYPE)")
                .orElse(config.auth().keyring().string("type").map(t -> t + " (auth.keyring.type)").orElse("system (default)"));
        err.println("  credential store: " + keyring);
        try {
            err.println("  credential store in use: " + auth.authService().context().store().describe());
        } catch (AtmosException e) {
            err.println("  credential store in use: cannot be opened: " + e.getMessage());
        }
        err.println("  providers: " + config.auth().providers().size() + ", identities: " + config.auth().identities().size());
    }

    /**
     * What earlier atmos-java versions left under a realm hashed from the config directory: entries are
     * moved on first use; here the user sees what is still there and how to move or remove it at once.
     */
    private void legacyRealm(AtmosConfig config, PrintWriter err) {
        String legacy = config.realm().legacy();
        if (config.realm().isSet() || legacy.isEmpty()) {
            return;
        }
        java.nio.file.Path dir = atmos.system.Xdg.configHome(auth.services().host()).resolve("atmos").resolve(legacy);
        if (java.nio.file.Files.isDirectory(dir)) {
            err.println("  old realm files: " + dir + " (written by an earlier atmos-java; nothing reads them now)");
            err.println("    remove them with: rm -rf '" + dir + "'");
        }
        try {
            long n = auth.authService().context().store().keyring().keys().stream().filter(k -> k.startsWith("atmos_" + legacy + "_")).count();
            if (n > 0) {
                err.println("  old realm keyring entries: " + n + " under atmos_" + legacy + "_… (an earlier atmos-java); they all move to"
                        + " atmos_<name> the first time one is read: run 'atmos auth whoami' for any identity logged in before");
            }
        } catch (AtmosException e) {
            // the store cannot be listed (locked): nothing to report
        }
    }

    private void chains(AtmosConfig config, PrintWriter err) {
        if (config.auth().identities().isEmpty()) {
            return;
        }
        err.println("  chains:");
        ChainResolver resolver = new ChainResolver(config.auth(), auth.services().kinds());
        for (IdentityConfig i : config.auth().identities().values()) {
            try {
                Chain c = resolver.resolve(i.name());
                err.println("    " + i.name() + (i.isDefault() ? " [default]" : "") + ": " + c.display());
            } catch (AtmosException e) {
                err.println("    " + i.name() + ": " + e.getMessage());
            }
        }
    }
}
