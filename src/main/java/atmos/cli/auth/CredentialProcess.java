package atmos.cli.auth;

import atmos.AuthSessions;
import atmos.auth.AuthService;
import atmos.auth.IdentitySelector;
import atmos.cli.AtmosCommand;
import atmos.cloud.aws.ProcessCredentials;
import atmos.credentials.AwsCredentials;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.system.ConsolePrompter;
import atmos.system.Host;
import atmos.system.Prompter;
import atmos.text.Durations;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The AWS {@code credential_process} document for an identity, as the Go Atmos prints it with {@code atmos
 * aws credential-process} and {@code atmos auth env --format credential-process}: the cached session when
 * it stays valid for {@code --min-validity} (default 15m), else one renewed under the same single-flight
 * lock as {@code auth login}. The identity comes from {@code --identity}, {@code ATMOS_IDENTITY} or the
 * default, never from a picker. The SDK that runs the command captures its stdout and stderr, so prompts
 * (an MFA code, a keyring password) and progress go to the controlling terminal, {@code /dev/tty}; without
 * one, a login that needs a person fails with a hint to run {@code atmos auth login} first.
 */
public final class CredentialProcess {
    /** The env format name of the Go Atmos. */
    public static final String FORMAT = "credential-process";
    /** The Go Atmos's variable for {@code --min-validity}. */
    public static final String MIN_VALIDITY_ENV = "ATMOS_AWS_CREDENTIAL_PROCESS_MIN_VALIDITY";
    /** As the Go Atmos: cached credentials are reused while they stay valid this long. */
    public static final Duration DEFAULT_MIN_VALIDITY = Duration.ofMinutes(15);
    private static final String HINT = "pass --identity=<name> or set ATMOS_IDENTITY; 'atmos auth list' shows the identities";

    private CredentialProcess() {
    }

    /** Prints the document for the identity named by {@code flag} (or the environment, or the default); returns the exit code. */
    static int print(AuthCommand auth, String flag, String minValidityText) {
        return print(auth.root(), flag, minValidityText);
    }

    public static int print(AtmosCommand root, String flag, String minValidityText) {
        var services = root.services();
        Host host = services.host();
        Duration minValidity = minValidity(host, minValidityText);
        String requested = flag != null ? flag : host.getenv("ATMOS_IDENTITY").orElse(null);
        if (requested != null && IdentitySelector.isDisabled(requested)) {
            throw AtmosException.usage("credential-process cannot run with authentication disabled (--identity=" + requested.strip() + ")",
                    "it prints an identity's credentials; " + HINT);
        }
        if (requested != null && requested.strip().equals(IdentitySelector.SELECT)) {
            throw AtmosException.usage("credential-process cannot choose an identity interactively: the AWS SDK captures its output", HINT);
        }
        // An injected prompter (tests) is used as it is; the real one asks on the controlling terminal, if any.
        Tty tty = services.prompter() == null ? Tty.open() : null;
        try {
            AuthSessions sessions = services.prompter() != null ? root.sessions()
                    : tty != null
                    ? root.sessionsOn(tty.writer, new ConsolePrompter(host.withTerminals(Host.Terminals.ALL), tty.in, tty.writer, tty.device))
                    : root.sessionsOn(root.spec().commandLine().getErr(), NO_TERMINAL);
            String name = IdentitySelector.select(requested, host, root.config().auth(), NO_TERMINAL, line -> { }).orElseThrow();
            AuthService service = sessions.authService();
            AuthService.Session session = service.session(name, minValidity);
            if (!(session.credentials() instanceof AwsCredentials aws)) {
                throw new AtmosException(ExitCode.CONFIG, "identity \"" + name + "\" does not produce AWS credentials ("
                        + session.chain().target().kind() + ")", "credential_process is an AWS protocol; use an AWS identity");
            }
            PrintWriter out = root.spec().commandLine().getOut();
            out.print(ProcessCredentials.json(aws));
            out.flush();
            atmos.snapshot.Snapshots.offerProcess(host, services.log(), service, session, minValidity);
            return 0;
        } finally {
            if (tty != null) {
                tty.close();
            }
        }
    }

    /** {@code --min-validity}, then {@value #MIN_VALIDITY_ENV}, then 15 minutes; 0 reuses anything not expired. */
    static Duration minValidity(Host host, String flag) {
        String text = flag != null ? flag : host.getenv(MIN_VALIDITY_ENV).orElse(null);
        if (text == null || text.isBlank()) {
            return DEFAULT_MIN_VALIDITY;
        }
        String t = text.strip();
        if (t.matches("0+[a-z]*")) {
            return Duration.ZERO;
        }
        try {
            return Durations.parse(t);
        } catch (IllegalArgumentException e) {
            throw AtmosException.usage("invalid --min-validity \"" + text + "\": " + e.getMessage(),
                    "give a duration such as 15m or 1h (" + (flag != null ? "--min-validity" : MIN_VALIDITY_ENV) + ")");
        }
    }

    /** A prompter that never asks: nobody can answer through the SDK's captured streams. */
    static final Prompter NO_TERMINAL = new Prompter() {
        @Override
        public boolean isTerminal() {
            return false;
        }

        @Override
        public char[] secret(String prompt) {
            throw needsTerminal(prompt);
        }

        @Override
        public String line(String prompt, String defaultValue) {
            throw needsTerminal(prompt);
        }

        @Override
        public int choose(String title, List<String> options) {
            throw needsTerminal(title);
        }
    };

    private static AtmosException needsTerminal(String prompt) {
        return new AtmosException(ExitCode.AUTH, "the login needs an answer (" + prompt.strip() + ") and there is no terminal to ask",
                "run 'atmos auth login' for this identity in a terminal first; credential_process then reuses the session");
    }

    /** The controlling terminal, opened for prompts. */
    private record Tty(File device, InputStream in, PrintWriter writer) {
        static Tty open() {
            File device = new File("/dev/tty");
            try {
                InputStream in = new FileInputStream(device);
                PrintWriter w = new PrintWriter(new OutputStreamWriter(new FileOutputStream(device), StandardCharsets.UTF_8), true);
                return new Tty(device, in, w);
            } catch (IOException | SecurityException e) {
                return null; // no controlling terminal (CI, a daemon)
            }
        }

        void close() {
            writer.flush();
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing was read from it, or it is gone
            }
            writer.close();
        }
    }
}
