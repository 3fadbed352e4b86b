package atmos.cli.auth;

import atmos.auth.AuthService;
import atmos.auth.CredentialStore;
import atmos.auth.FieldChecks;
import atmos.auth.identity.aws.AwsDurations;
import atmos.cli.Ui;
import atmos.config.ConfigNode;
import atmos.config.IdentityConfig;
import atmos.credentials.AwsCredentials;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.system.Prompter;
import atmos.text.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code atmos auth user configure}: asks for an IAM user's access key, secret (hidden), optional MFA
 * device and session length, and stores them in the keyring for an {@code aws/user} identity. In a
 * script, the answers are read line by line from stdin in the same order. The secret is never echoed.
 */
@Command(name = "configure", description = "Store an aws/user identity's access keys in the keyring (asked, never echoed).%n"
        + "Without a terminal, reads these lines from stdin: access key id, secret access key, MFA ARN (may be empty,"
        + " skipped when set in atmos.yaml), session duration (may be empty).")
public final class UserConfigureCommand implements Callable<Integer> {
    @ParentCommand
    UserCommand user;

    @Override
    public Integer call() {
        AuthCommand auth = user.auth;
        Ui ui = auth.ui();
        IdentityConfig identity = chooseIdentity(auth);
        ConfigNode creds = identity.credentials();
        if (creds.string("access_key_id").isPresent() && creds.string("secret_access_key").isPresent()) {
            ui.info("All credentials of \"" + identity.name() + "\" are managed by atmos.yaml (credentials.access_key_id/secret_access_key).");
            ui.info("To change them, edit atmos.yaml or the environment variables it reads.");
            return 0;
        }
        AuthService service = auth.authService();
        CredentialStore store = service.context().store();
        if (!store.keyring().keepsValues()) {
            throw new AtmosException(ExitCode.KEYRING, "no keyring to store the keys in: " + store.describe(),
                    "set auth.keyring.type: file (and ATMOS_KEYRING_PASSWORD), or run where the system keyring is available");
        }
        Prompter p = auth.prompter();
        AwsCredentials entered = atmos.auth.identity.aws.UserKeys.ask(p, ui::warn, auth.services().log()::secret);
        String keyId = entered.accessKeyId();
        String secret = entered.secretAccessKey();
        String mfaArn = null;
        Optional<String> configuredMfa = creds.string("mfa_arn");
        if (configuredMfa.isPresent()) {
            ui.info("MFA ARN is managed by atmos.yaml: " + configuredMfa.get());
        } else {
            String existing = store.get(identity.key()).filter(c -> c instanceof AwsCredentials)
                    .map(c -> ((AwsCredentials) c).mfaArn()).orElse(null);
            mfaArn = p.line("AWS User MFA ARN (optional)" + (existing != null ? " [" + existing + "]" : "") + ": ", existing);
            if (mfaArn != null && !mfaArn.isBlank() && !FieldChecks.MFA_ARN.matcher(mfaArn.strip()).matches()) {
                throw AtmosException.usage("\"" + mfaArn + "\" is not an MFA device ARN", "write it as arn:aws:iam::<account-id>:mfa/<device name>");
            }
            mfaArn = mfaArn == null || mfaArn.isBlank() ? null : mfaArn.strip();
        }
        String duration = null;
        if (identity.sessionDuration().isPresent()) {
            ui.info("Session duration is managed by atmos.yaml: " + identity.sessionDuration().get());
        } else {
            duration = p.line("Session duration (optional, default: 12h; up to 36h with MFA): ", null);
            if (duration != null) {
                Duration d;
                try {
                    d = Durations.parse(duration);
                } catch (IllegalArgumentException e) {
                    throw AtmosException.usage("invalid session duration: " + e.getMessage(), "use 3600, 1h, 12h, 1d …");
                }
                Duration max = mfaArn != null || configuredMfa.isPresent() ? AwsDurations.USER_MAX_MFA : AwsDurations.USER_MAX;
                if (d.compareTo(AwsDurations.USER_MIN) < 0 || d.compareTo(max) > 0) {
                    throw AtmosException.usage("session duration must be between 15m and " + Durations.human(max), null);
                }
            }
        }
        store.put(identity.key(), AwsCredentials.longLived(keyId, secret, mfaArn, duration));
        ui.success("Saved credentials to keyring: " + identity.name() + " (" + store.describe() + ")");
        return 0;
    }

    private static IdentityConfig chooseIdentity(AuthCommand auth) {
        var all = auth.config().auth().identities().values();
        List<IdentityConfig> users = all.stream().filter(i -> i.kind().equals("aws/user")).toList();
        String flag = auth.identityFlag() != null ? auth.identityFlag() : auth.services().host().getenv("ATMOS_IDENTITY").orElse(null);
        if (flag != null && !flag.equals(AuthCommand.SELECT)) {
            IdentityConfig i = auth.authService().identity(flag);
            if (!i.kind().equals("aws/user")) {
                throw AtmosException.usage("identity \"" + i.name() + "\" is " + i.kind() + ", not aws/user",
                        users.isEmpty() ? "no aws/user identities are configured" : "aws/user identities: " + names(users));
            }
            return i;
        }
        if (users.isEmpty()) {
            throw AtmosException.config("no aws/user identities are configured", "define one under auth.identities with kind: aws/user");
        }
        if (users.size() == 1) {
            return users.get(0);
        }
        if (!auth.prompter().isTerminal()) {
            throw AtmosException.usage("several aws/user identities: choose one with --identity", "aws/user identities: " + names(users));
        }
        List<String> options = users.stream().map(IdentityConfig::name).sorted().toList();
        return auth.authService().identity(options.get(auth.prompter().choose("Choose an identity to configure", options)));
    }

    private static String names(List<IdentityConfig> ids) {
        return String.join(", ", ids.stream().map(IdentityConfig::name).sorted().toList());
    }
}
