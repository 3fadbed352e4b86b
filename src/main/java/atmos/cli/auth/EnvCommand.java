package atmos.cli.auth;

import atmos.auth.AuthService;
import atmos.cli.render.EnvFormat;
import atmos.error.AtmosException;
import atmos.system.SecureFiles;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code atmos auth env}: the identity's environment variables, for {@code eval "$(atmos auth env)"},
 * .env files and {@code $GITHUB_ENV}. Only the data goes to stdout.
 */
@Command(name = "env", sortOptions = false, description = "Print the identity's environment variables (logging in first if needed).%n"
        + "  eval \"$(atmos auth env)\"        atmos auth env -f github")
public final class EnvCommand implements Callable<Integer> {

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "bash (default), json, dotenv, env, github, credential-process (env ATMOS_AUTH_ENV_FORMAT)")
    String format;

    @Option(names = "--min-validity", paramLabel = "DURATION",
            description = "credential-process: renew cached credentials valid for less than this (default 15m; env "
                    + CredentialProcess.MIN_VALIDITY_ENV + ")")
    String minValidity;

    @picocli.CommandLine.Mixin
    atmos.cli.MinTtlOption minTtl;

    @Option(names = {"-o", "--output-file"}, paramLabel = "FILE", description = "Append to FILE (json replaces it), mode 0600 (env ATMOS_AUTH_ENV_OUTPUT_FILE)")
    String outputFile;

    @Option(names = "--login", description = "Log in when there is no valid cached session; without it nothing is authenticated"
            + " (eval \"$(atmos auth env)\" never opens a browser)")
    boolean login;

    @ParentCommand
    AuthCommand auth;

    @Override
    public Integer call() {
        var host = auth.services().host();
        String fmt = format != null ? format : host.getenv("ATMOS_AUTH_ENV_FORMAT").orElse("bash");
        if (fmt.equalsIgnoreCase(CredentialProcess.FORMAT)) {
            // As the Go Atmos: an alias of 'atmos aws credential-process'.
            return CredentialProcess.print(auth, auth.identityFlag(), minValidity != null ? minValidity : minTtlText(host));
        }
        if (minValidity != null) {
            throw AtmosException.usage("--min-validity only applies to --format " + CredentialProcess.FORMAT,
                    "use --min-ttl to renew credentials that would expire sooner");
        }
        if (!EnvFormat.FORMATS.contains(fmt.toLowerCase(java.util.Locale.ROOT))) {
            throw AtmosException.usage("unsupported format \"" + fmt + "\"", "use one of " + String.join(", ", EnvFormat.FORMATS)
                    + ", " + CredentialProcess.FORMAT);
        }
        java.time.Duration ttl = minTtl.value(host);
        String file = outputFile != null ? outputFile : host.getenv("ATMOS_AUTH_ENV_OUTPUT_FILE").orElse(null);
        if (fmt.equalsIgnoreCase("github") && file == null) {
            file = host.getenv("GITHUB_ENV").orElseThrow(() -> AtmosException.usage(
                    "--format github needs the GITHUB_ENV environment variable or --output-file",
                    "run it inside a GitHub Actions step, or pass --output-file FILE"));
        }
        Optional<String> identity = auth.selectIdentity();
        if (identity.isEmpty()) {
            auth.ui().info("Authentication is disabled (--identity=false / ATMOS_IDENTITY=false): no variables to print.");
            return 0;
        }
        AuthService service = auth.authService();
        Map<String, String> vars;
        String name;
        AuthService.Session used = null;
        if (login || ttl != null) {
            // --min-ttl renews what would expire sooner, so it logs in as --login does.
            AuthService.Session session = service.session(identity.get(), ttl);
            vars = service.environments().exportedVariables(session);
            name = session.chain().target().name();
            used = session;
        } else {
            // As the Go Atmos (cmd/auth/env.go): without --login nothing is authenticated; what is cached is
            // printed, else the identity's configuration (files, profile, region) with a warning.
            java.time.Instant now = host.clock().instant();
            Optional<AuthService.Session> cached = service.cached(identity.get()).filter(c -> !c.credentials().isExpired(now));
            name = service.chain(identity.get()).target().name();
            if (cached.isPresent()) {
                vars = service.environments().exportedVariables(cached.get());
                used = cached.get();
            } else {
                vars = service.environments().configuredVariables(identity.get());
                auth.ui().warn("no valid cached credentials for " + name + ": printing its configuration only (no keys);"
                        + " run 'atmos auth login --identity " + name + "' first, or add --login");
            }
        }
        vars.forEach((k, v) -> {
            if (atmos.cli.render.Redaction.isSecretKey(k)) {
                auth.services().log().secret(v);
            }
        });
        String text = EnvFormat.render(fmt, vars);
        if (fmt.equalsIgnoreCase("github")) {
            // GitHub hides these values from the job's log from here on; they must be masked before any step prints them.
            PrintWriter out = auth.spec.commandLine().getOut();
            out.print(EnvFormat.githubMasks(vars));
            out.flush();
        }
        if (file != null) {
            Path path = host.expandHome(file);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (fmt.equalsIgnoreCase("json")) {
                SecureFiles.writeAtomically(path, bytes);
            } else {
                SecureFiles.append(path, bytes);
            }
            auth.ui().success("Wrote " + vars.size() + " variables for " + name + " to " + path);
            return 0;
        }
        PrintWriter out = auth.spec.commandLine().getOut();
        out.print(text);
        out.flush();
        if (used != null) {
            atmos.snapshot.Snapshots.offerEnv(host, auth.services().log(), service, used, vars, fmt, ttl);
        }
        return 0;
    }

    private String minTtlText(atmos.system.Host host) {
        java.time.Duration d = minTtl.value(host);
        return d == null ? null : d.getSeconds() + "s";
    }
}
