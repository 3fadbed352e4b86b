package atmos.auth.identity.aws;

import atmos.auth.AuthContext;
import atmos.auth.Chain;
import atmos.cloud.aws.Sts;
import atmos.config.ConfigNode;
import atmos.config.IdentityConfig;
import atmos.credentials.AwsCredentials;
import atmos.credentials.Credentials;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.text.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code aws/user}: an IAM user. Its long-lived keys come from atmos.yaml ({@code !env}) or from the
 * keyring ({@code atmos auth user configure}) and are used for one call only, STS GetSessionToken —
 * with the MFA code when {@code mfa_arn} is set. Everything downstream uses the session.
 */
public final class UserIdentity extends AwsIdentity {
    private static final int MFA_ATTEMPTS = 3;

    public UserIdentity(IdentityConfig config) {
        super(config);
    }

    /** Sessions are cached apart from the long-lived keys, which live under the identity's own name. */
    @Override
    public String cacheAlias() {
        return config.key() + "#session";
    }

    @Override
    public Credentials authenticate(AuthContext context, Chain chain, Credentials base) {
        Optional<AwsCredentials> known = keysIfAny(context);
        // As the Go Atmos: with no stored keys on a terminal, they are asked for here and offered for the keyring.
        boolean asked = known.isEmpty();
        AwsCredentials keys = known.orElseGet(() -> askForKeys(context, "no access keys for aws/user identity \""
                + config.name() + "\" are stored"));
        ConfigNode creds = config.credentials();
        String mfaArn = creds.string("mfa_arn").orElse(keys.mfaArn());
        String region = creds.string("region").orElse("us-east-1");
        int seconds = (int) sessionDuration(context, keys, mfaArn != null).toSeconds();
        Sts sts = context.sts();
        boolean reasked = false;
        for (int attempt = 1; ; attempt++) {
            String code = mfaArn == null ? null : askMfaCode(context, mfaArn);
            try {
                AwsCredentials session = sts.getSessionToken(keys, region, seconds, mfaArn, code).withRegion(region);
                if (asked || reasked) {
                    offerToStore(context, keys);
                }
                return session;
            } catch (Sts.AwsError e) {
                boolean mfaRejected = mfaArn != null && e.code().equals("AccessDenied") && isMfaFailure(e.getMessage());
                if (mfaRejected && attempt < MFA_ATTEMPTS && context.prompter().isTerminal()) {
                    context.notice().accept("AWS rejected the MFA code; enter the next code from your device.");
                    continue;
                }
                boolean keysRejected = e.code().equals("InvalidClientTokenId") || e.code().equals("SignatureDoesNotMatch");
                if (keysRejected && !reasked && !keysFromConfig() && context.prompter().isTerminal()) {
                    // Rotated keys: ask for the new pair instead of failing (upstream re-prompts too).
                    reasked = true;
                    keys = askForKeys(context, "AWS does not accept the stored access key of \"" + config.name() + "\" ("
                            + e.code() + "); it may have been rotated");
                    continue;
                }
                throw explain(e, mfaRejected);
            }
        }
    }

    private boolean keysFromConfig() {
        return config.credentials().string("access_key_id").isPresent();
    }

    private AwsCredentials askForKeys(AuthContext context, String why) {
        if (!context.prompter().isTerminal()) {
            throw AtmosException.auth(why + " in " + context.store().describe(),
                    "run 'atmos auth user configure --identity " + config.name() + "', or set credentials.access_key_id and"
                            + " credentials.secret_access_key (with !env) in atmos.yaml");
        }
        context.notice().accept(why + ": enter the IAM user's access key.");
        return UserKeys.ask(context.prompter(), context.notice(), context.log()::secret);
    }

    /** Keys typed at a login are stored only when AWS accepted them and the user says so. */
    private void offerToStore(AuthContext context, AwsCredentials keys) {
        if (!context.store().keyring().keepsValues()) {
            return;
        }
        String answer = context.prompter().line("Store these keys in " + context.store().describe() + " for the next login? [Y/n] ", "y");
        if (answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes")) {
            Optional<Credentials> old = context.store().get(config.key());
            String mfa = old.filter(c -> c instanceof AwsCredentials).map(c -> ((AwsCredentials) c).mfaArn()).orElse(null);
            String duration = old.filter(c -> c instanceof AwsCredentials).map(c -> ((AwsCredentials) c).sessionDuration()).orElse(null);
            context.store().put(config.key(), AwsCredentials.longLived(keys.accessKeyId(), keys.secretAccessKey(), mfa, duration));
            context.notice().accept("✓ Saved credentials to keyring: " + config.name());
        }
    }

    /**
     * The console accepts no session from GetSessionToken, so an IAM user signs in with a federated-user
     * session: GetFederationToken with the long-lived keys (no MFA prompt, no cached session needed), for
     * exactly the console session asked for, with a policy that lets the session do whatever the user's
     * own policies allow (without one it could do nothing).
     */
    @Override
    protected ConsoleFederation consoleFederation(AuthContext context, Chain chain, java.util.function.Supplier<Credentials> session,
                                                  Duration requested) {
        AwsCredentials keys = longLivedKeys(context);
        String region = config.credentials().string("region").orElse("us-east-1");
        try {
            AwsCredentials federated = context.sts().getFederationToken(keys, region, federatedUserName(), CONSOLE_POLICY,
                    (int) requested.toSeconds());
            return ConsoleFederation.lastingAsRequested(federated.withRegion(region));
        } catch (Sts.AwsError e) {
            String name = config.name();
            throw switch (e.code()) {
                case "AccessDenied" -> AtmosException.auth("IAM user of identity \"" + name + "\" may not get a federation token for the"
                                + " console: " + e.getMessage(),
                        "the console sign-in of an IAM user needs sts:GetFederationToken in the user's policies, without an MFA condition"
                                + " (the call cannot carry an MFA code); or open the console as a role: an aws/assume-role identity with"
                                + " via.identity: " + name);
                case "InvalidClientTokenId" -> AtmosException.auth("AWS does not recognise the access key of aws/user identity \"" + name
                        + "\": " + e.getMessage(), "store current keys with 'atmos auth user configure --identity " + name + "'");
                default -> AtmosException.auth("GetFederationToken for the console as aws/user identity \"" + name + "\" failed: "
                        + e.getMessage(), "run again with --verbose for details");
            };
        }
    }

    /** Lets the federated session do what the IAM user may: its permissions are the intersection. */
    static final String CONSOLE_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
            + "\"Resource\":\"*\"}]}";

    /** The federated user's name (2–32 of {@code [\w+=,.@-]}): the identity's name, made valid. */
    String federatedUserName() {
        String clean = config.key().replaceAll("[^A-Za-z0-9_+=,.@-]", "-");
        clean = clean.length() > 32 ? clean.substring(0, 32) : clean;
        return clean.length() < 2 ? "atmos-console" : clean;
    }

    private AtmosException explain(Sts.AwsError e, boolean mfaRejected) {
        String name = config.name();
        String configure = "store current keys with 'atmos auth user configure --identity " + name + "'";
        if (mfaRejected) {
            return AtmosException.auth("invalid MFA token for aws/user identity \"" + name + "\": " + e.getMessage(),
                    "enter the current 6-digit code; if codes keep failing, check that your device's clock is synchronized");
        }
        return switch (e.code()) {
            case "InvalidClientTokenId" -> AtmosException.auth("AWS does not recognise the access key of aws/user identity \""
                    + name + "\" (it may have been rotated or deleted): " + e.getMessage(), configure);
            case "SignatureDoesNotMatch" -> AtmosException.auth("the secret access key of aws/user identity \"" + name
                    + "\" does not match its access key: " + e.getMessage(), configure);
            case "AccessDenied" -> AtmosException.auth("IAM user of identity \"" + name + "\" may not get a session token: "
                    + e.getMessage(), "check that the user's policies allow sts:GetSessionToken and that mfa_arn is the user's device");
            default -> AtmosException.auth("login as aws/user identity \"" + name + "\" failed: " + e.getMessage(),
                    "run again with --verbose for details");
        };
    }

    private static boolean isMfaFailure(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("multifactorauthentication") || m.contains("mfa") || m.contains("one time pass code");
    }

    /** The keys from atmos.yaml when both are set there, else from the keyring; an error when there are none. */
    AwsCredentials longLivedKeys(AuthContext context) {
        return keysIfAny(context).orElseThrow(() -> AtmosException.auth("no access keys for aws/user identity \"" + config.name()
                        + "\" in " + context.store().describe(),
                "run 'atmos auth user configure --identity " + config.name() + "', or set credentials.access_key_id and"
                        + " credentials.secret_access_key (with !env) in atmos.yaml"));
    }

    /** The keys from atmos.yaml when both are set there, else from the keyring, else empty. */
    Optional<AwsCredentials> keysIfAny(AuthContext context) {
        ConfigNode creds = config.credentials();
        Optional<String> id = creds.string("access_key_id");
        Optional<String> secret = creds.string("secret_access_key");
        if (id.isPresent() && secret.isPresent()) {
            context.log().secret(secret.get());
            return Optional.of(AwsCredentials.longLived(id.get(), secret.get(), null, null));
        }
        if (id.isPresent() || secret.isPresent()) {
            throw AtmosException.config("aws/user identity \"" + config.name() + "\": access_key_id and secret_access_key must both be set or both be empty",
                    "set both in credentials (e.g. with !env), or remove both and run 'atmos auth user configure --identity " + config.name() + "'");
        }
        Optional<Credentials> stored = context.store().get(config.key());
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (!(stored.get() instanceof AwsCredentials keys) || keys.accessKeyId() == null || keys.secretAccessKey() == null || keys.isSession()) {
            throw AtmosException.auth("the keyring entry of aws/user identity \"" + config.name() + "\" does not hold long-lived access keys",
                    "run 'atmos auth user configure --identity " + config.name() + "' to store them again");
        }
        context.log().secret(keys.secretAccessKey());
        return Optional.of(keys);
    }

    private Duration sessionDuration(AuthContext context, AwsCredentials keys, boolean mfa) {
        Duration d = AwsDurations.USER_DEFAULT;
        Optional<String> text = config.sessionDuration().or(() -> Optional.ofNullable(keys.sessionDuration()).filter(s -> !s.isBlank()));
        if (text.isPresent()) {
            try {
                d = Durations.parse(text.get());
            } catch (IllegalArgumentException e) {
                context.notice().accept("warning: session duration " + text.get() + " of \"" + config.name() + "\" is invalid ("
                        + e.getMessage() + "); using 12h");
            }
        }
        Duration max = mfa ? AwsDurations.USER_MAX_MFA : AwsDurations.USER_MAX;
        if (d.compareTo(AwsDurations.USER_MIN) < 0) {
            context.notice().accept("warning: session duration " + Durations.human(d) + " is below the IAM minimum; using 15m");
            return AwsDurations.USER_MIN;
        }
        if (d.compareTo(max) > 0) {
            context.notice().accept("warning: session duration " + Durations.human(d) + " exceeds the IAM user maximum of "
                    + Durations.human(max) + (mfa ? "" : " without MFA") + "; using " + Durations.human(max));
            return max;
        }
        return d;
    }

    private String askMfaCode(AuthContext context, String mfaArn) {
        for (int attempt = 1; ; attempt++) {
            char[] code = context.prompter().secret("MFA code for " + mfaArn + ": ");
            String text = new String(code).strip();
            Arrays.fill(code, '\0');
            if (text.matches("\\d{6}")) {
                return text;
            }
            if (attempt >= MFA_ATTEMPTS || !context.prompter().isTerminal()) {
                throw new AtmosException(ExitCode.USAGE, "MFA token must be 6 digits", "enter the 6-digit code shown by your authenticator app");
            }
            context.notice().accept("MFA token must be 6 digits");
        }
    }
}
