package atmos.auth.identity.aws;

import atmos.auth.AuthContext;
import atmos.auth.FieldChecks;
import atmos.auth.Identity;
import atmos.auth.IdentityKind;
import atmos.config.AuthConfig;
import atmos.config.ConfigNode;
import atmos.config.IdentityConfig;
import atmos.config.Problems;
import atmos.text.Durations;
import java.time.Duration;
import java.util.Optional;

/** {@code aws/user}: an IAM user's long-lived keys (config or keyring), turned into a session with GetSessionToken. */
public final class UserKind implements IdentityKind {

    @Override
    public String kind() {
        return "aws/user";
    }

    @Override
    public boolean standalone() {
        return true;
    }

    @Override
    public void validate(IdentityConfig config, AuthConfig auth, Problems p) {
        ConfigNode creds = config.credentials();
        Optional<String> keyId = creds.string("access_key_id");
        Optional<String> secret = creds.string("secret_access_key");
        if (keyId.isPresent() != secret.isPresent()) {
            String missing = keyId.isPresent() ? "secret_access_key" : "access_key_id";
            String env = creds.envVar(missing).orElse(null);
            p.error(creds.has(missing) ? creds.source(missing) : creds.source(), creds.path(missing),
                    "access_key_id and secret_access_key must both be set or both be empty"
                            + (env != null ? " (environment variable " + env + " is not set)" : ""),
                    "set both, or remove both and run 'atmos auth user configure --identity " + config.name() + "' to keep them in the keyring");
        }
        boolean mfa = creds.string("mfa_arn").isPresent();
        creds.string("mfa_arn").ifPresent(arn -> FieldChecks.matches(creds, "mfa_arn", arn, FieldChecks.MFA_ARN,
                "an MFA device ARN", p, "write it as arn:aws:iam::<account-id>:mfa/<device name>"));
        ConfigNode session = config.node().child("session");
        session.string("duration").ifPresent(text -> {
            Duration d;
            try {
                d = Durations.parse(text);
            } catch (IllegalArgumentException e) {
                p.error(session, "duration", e.getMessage(), "write seconds (3600), a Go duration (1h30m) or days (1d)");
                return;
            }
            if (d.compareTo(AwsDurations.USER_MIN) < 0) {
                p.error(session, "duration", "duration " + text + " is below the IAM user minimum of 15m", "use between 15m and 12h (36h with MFA)");
            } else if (d.compareTo(AwsDurations.USER_MAX_MFA) > 0) {
                p.error(session, "duration", "duration " + text + " exceeds the IAM user maximum of 36h (with MFA)", "use at most 36h, and at most 12h without MFA");
            } else if (d.compareTo(AwsDurations.USER_MAX) > 0 && !mfa) {
                p.warning(session, "duration", "duration " + text + " exceeds 12h, which AWS allows only with MFA",
                        "set credentials.mfa_arn (or store it with 'atmos auth user configure'); without MFA the session is capped at 12h");
            }
        });
    }

    @Override
    public Identity create(IdentityConfig config, AuthContext context) {
        return new UserIdentity(config);
    }
}
