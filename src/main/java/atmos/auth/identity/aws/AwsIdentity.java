package atmos.auth.identity.aws;

import atmos.auth.AuthContext;
import atmos.auth.Chain;
import atmos.auth.Identity;
import atmos.cloud.aws.AwsEnvironment;
import atmos.cloud.aws.AwsFiles;
import atmos.config.IdentityConfig;
import atmos.credentials.AwsCredentials;
import atmos.credentials.Credentials;
import atmos.exec.EnvChange;
import atmos.text.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What every AWS identity shares: its session goes into the chain's isolated shared files under a
 * profile named after the identity, and commands get those files, that profile and the region.
 */
public abstract class AwsIdentity implements Identity {
    protected final IdentityConfig config;

    protected AwsIdentity(IdentityConfig config) {
        this.config = config;
    }

    @Override
    public IdentityConfig config() {
        return config;
    }

    @Override
    public void persist(AuthContext context, Chain chain, Credentials credentials) {
        if (credentials instanceof AwsCredentials aws && aws.isSession()) {
            context.awsFiles(chain).write(chain.rootName(), config.key(), aws, region(context, chain, aws), credentialProcess(context, chain));
        }
    }

    @Override
    public Optional<Credentials> loadPersisted(AuthContext context, Chain chain) {
        return context.awsFiles(chain).read(chain.rootName(), config.key()).map(c -> c);
    }

    @Override
    public void removePersisted(AuthContext context, Chain chain) {
        context.awsFiles(chain).remove(chain.rootName(), config.key());
    }

    @Override
    public String persistedLocation(AuthContext context, Chain chain) {
        return context.awsFiles(chain).credentialsFile(chain.rootName()) + " [" + config.key() + "]";
    }

    @Override
    public EnvChange environment(AuthContext context, Chain chain, Credentials credentials) {
        AwsFiles files = context.awsFiles(chain);
        String region = region(context, chain, credentials instanceof AwsCredentials a ? a : null);
        return AwsEnvironment.forProfile(files.credentialsFile(chain.rootName()), files.configFile(chain.rootName()), config.key(), region,
                usesCredentialProcess(chain));
    }

    /**
     * The root provider's {@code spec.files.credential_process: true}: the isolated config file gives each
     * profile a {@code credential_process} line running {@code atmos aws credential-process}, and commands
     * get no shared credentials file, so SDK clients that run for hours renew their credentials themselves.
     */
    public static boolean usesCredentialProcess(Chain chain) {
        return chain.provider() != null && chain.provider().spec().child("files").bool("credential_process");
    }

    /**
     * The {@code credential_process} command for this identity, or null when the provider does not ask for
     * one: this atmos (the launcher's path, {@code atmos.launcher}, else {@code atmos} on PATH) run in the
     * configuration's directory with the active profiles, each word single-quoted for the shell the SDKs use.
     */
    String credentialProcess(AuthContext context, Chain chain) {
        if (!usesCredentialProcess(chain)) {
            return null;
        }
        java.util.List<String> words = new java.util.ArrayList<>();
        words.add(System.getProperty("atmos.launcher", "atmos"));
        java.nio.file.Path dir = context.config().configDir();
        if (dir != null) {
            words.add("--chdir");
            words.add(dir.toString());
        }
        if (!context.config().profiles().isEmpty()) {
            words.add("--profile");
            words.add(String.join(",", context.config().profiles()));
        }
        words.addAll(java.util.List.of("aws", "credential-process", "--identity", config.name()));
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            b.append(b.length() == 0 ? "" : " ").append(atmos.text.Shell.quote(w));
        }
        return b.toString();
    }

    /**
     * The region for this identity: the first {@code principal.region} from this identity back to the
     * root, then the root provider's region, then the credentials' own region (Atmos's order).
     */
    public String region(AuthContext context, Chain chain, AwsCredentials credentials) {
        return configuredRegion(chain).orElse(credentials != null && credentials.region() != null ? credentials.region() : DEFAULT_REGION);
    }

    /** The region when no configuration names one and the credentials carry none. */
    public static final String DEFAULT_REGION = "us-east-1";

    /** The region the configuration gives this identity, or empty when it comes from the credentials. */
    public Optional<String> configuredRegion(Chain chain) {
        List<IdentityConfig> ids = chain.identities();
        int self = ids.indexOf(config);
        for (int i = self < 0 ? ids.size() - 1 : self; i >= 0; i--) {
            Optional<String> r = ids.get(i).principal().string("region");
            if (r.isPresent()) {
                return r;
            }
        }
        if (chain.root().kind().equals("aws/user") && chain.root().credentials().string("region").isPresent()) {
            return chain.root().credentials().string("region");
        }
        if (chain.provider() != null && chain.provider().region().isPresent()) {
            return chain.provider().region();
        }
        return Optional.empty();
    }

    /** Where {@link #persist} keeps this identity's session. */
    public AwsFiles.Profile persistedProfile(AuthContext context, Chain chain) {
        return context.awsFiles(chain).profile(chain.rootName(), config.key());
    }

    /** The AWS console, through the federation sign-in (see {@link AwsConsole}). */
    @Override
    public Optional<atmos.auth.WebConsole> webConsole() {
        return Optional.of(new AwsConsole(this));
    }

    /**
     * The credentials this identity signs in to the console with, and what the sign-in may ask for. By
     * default its own session, from an AssumeRole* call or IAM Identity Center, which AWS lets ask for
     * a console session length ({@code SessionDuration}).
     *
     * @param session   the identity's session (asking may log in)
     * @param requested the console session length asked for (already within 15m–12h)
     */
    protected ConsoleFederation consoleFederation(AuthContext context, Chain chain, java.util.function.Supplier<Credentials> session,
                                                  Duration requested) {
        return ConsoleFederation.role(consoleSession(session), requested);
    }

    /** The identity's session (cached, or a login), which must be temporary AWS credentials. */
    protected AwsCredentials consoleSession(java.util.function.Supplier<Credentials> session) {
        Credentials c = session.get();
        if (c instanceof AwsCredentials aws && aws.isSession()) {
            return aws;
        }
        throw atmos.error.AtmosException.auth("identity \"" + config.name() + "\" (" + config.kind() + ") has no temporary AWS"
                        + " credentials to sign in to the console with",
                "the console sign-in needs a session from AWS STS or IAM Identity Center");
    }

    /** The identity's requested session length: {@code principal.duration}, then {@code session.duration}. */
    protected Optional<Duration> requestedDuration() {
        return config.principal().string("duration").or(() -> config.sessionDuration()).map(Durations::parse);
    }

    /** The step before this identity in the chain (an identity), if any. */
    protected Optional<IdentityConfig> previous(Chain chain) {
        int i = chain.identities().indexOf(config);
        return i > 0 ? Optional.of(chain.identities().get(i - 1)) : Optional.empty();
    }
}
