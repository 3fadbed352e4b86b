package atmos.auth;

import atmos.cloud.aws.AwsClients;
import atmos.cloud.aws.AwsFiles;
import atmos.cloud.aws.Sts;
import atmos.config.AtmosConfig;
import atmos.config.ProviderConfig;
import atmos.log.Log;
import atmos.net.Network;
import atmos.system.Browser;
import atmos.system.Host;
import atmos.system.Prompter;
import atmos.system.Xdg;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Everything a provider or identity may use while authenticating, built once per command: the host
 * (environment, clock, terminals), the loaded configuration, the credential store, the prompter, the
 * AWS client factory, the network settings every HTTPS client shares, and a channel for progress
 * messages on stderr.
 *
 * @param notice prints a line for the user on stderr (progress, waiting, warnings worth seeing)
 * @param network trust ({@code SSL_CERT_FILE}, {@code AWS_CA_BUNDLE}) and proxies for every HTTPS client
 * @param audit   the audit trail ({@code auth.logs.audit}); disabled unless configured
 */
public record AuthContext(Host host, AtmosConfig config, Log log, Prompter prompter, CredentialStore store,
                          AwsClients aws, Consumer<String> notice, Browser browser, LoginOptions options,
                          java.io.PrintWriter err, Network network, atmos.log.AuditLog audit) {

    /** A context whose network settings come from the host's environment, with no audit trail. */
    public AuthContext(Host host, AtmosConfig config, Log log, Prompter prompter, CredentialStore store,
                       AwsClients aws, Consumer<String> notice, Browser browser, LoginOptions options,
                       java.io.PrintWriter err) {
        this(host, config, log, prompter, store, aws, notice, browser, options, err, Network.from(host), atmos.log.AuditLog.disabled());
    }

    /** A context for engine tests: no browser, default login options, progress into the notices. */
    public AuthContext(Host host, AtmosConfig config, Log log, Prompter prompter, CredentialStore store,
                       AwsClients aws, Consumer<String> notice) {
        this(host, config, log, prompter, store, aws, notice, NO_BROWSER, LoginOptions.defaults(),
                new java.io.PrintWriter(java.io.Writer.nullWriter()));
    }

    private static final Browser NO_BROWSER = new Browser() {
        public boolean available() {
            return false;
        }

        public boolean open(java.net.URI url) {
            return false;
        }
    };

    /** A progress line on stderr (animated on a terminal). */
    public atmos.system.Spinner spinner(String text) {
        return new atmos.system.Spinner(err, host.terminals().stderr(), text);
    }

    /** A copy with other login options (login flags). */
    public AuthContext with(LoginOptions newOptions) {
        return new AuthContext(host, config, log, prompter, store, aws, notice, browser, newOptions, err, network, audit);
    }

    /** Second line of defence: whatever a log line might carry, the credential's secrets come out as ***. */
    public void mask(atmos.credentials.Credentials c) {
        atmos.credentials.Redact.secretsOf(c).forEach(log::secret);
    }

    public Instant now() {
        return host.clock().instant();
    }

    /**
     * The run's one clock-skew measure, fed by the {@code Date} header of every STS, IAM Identity Center,
     * OIDC, Microsoft identity platform and ARM answer (so a wrong clock is reported once per run).
     */
    public atmos.system.ClockSkew skew() {
        return aws != null ? aws.skew() : atmos.system.ClockSkew.none(host.clock());
    }

    /** STS through the AWS SDK (the client is built only when a call is made). */
    public Sts sts() {
        return new Sts(aws);
    }

    /**
     * The AWS shared files for a chain: {@code <base>/[<realm>/]aws/<root>/…}, where the base is the root
     * provider's {@code spec.files.base_path} or {@code $XDG_CONFIG_HOME/atmos}.
     */
    public AwsFiles awsFiles(Chain chain) {
        Path base = chain.provider() == null ? null
                : chain.provider().spec().child("files").string("base_path").map(host::expandHome).orElse(null);
        return awsFilesUnder(base);
    }

    /** The AWS files for a provider's own directory (logout). */
    public AwsFiles awsFiles(ProviderConfig provider) {
        Path base = provider.spec().child("files").string("base_path").map(host::expandHome).orElse(null);
        return awsFilesUnder(base);
    }

    private AwsFiles awsFilesUnder(Path configuredBase) {
        Path base = configuredBase != null ? configuredBase : Xdg.configHome(host).resolve("atmos");
        String realm = config.realm().value();
        return new AwsFiles(base, (realm.isEmpty() ? base : base.resolve(realm)).resolve("aws"), log::warnOnce);
    }
}
