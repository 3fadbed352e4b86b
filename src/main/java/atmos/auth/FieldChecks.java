package atmos.auth;

import atmos.config.ConfigNode;
import atmos.config.Problems;
import java.util.Optional;
import java.util.regex.Pattern;

/** Field checks shared by the kinds; each names the field, and the variable when an !env value is unset. */
public final class FieldChecks {
    public static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    public static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
    public static final Pattern MFA_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:(mfa|u2f)/[\\w+=,.@/-]+");
    public static final Pattern SAML_PROVIDER_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:saml-provider/[\\w+=,.@-]+");
    public static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

    private FieldChecks() {
    }

    /** The value at {@code key}, or an error saying it is required (and which variable was unset). */
    public static Optional<String> required(ConfigNode node, String key, Problems p, String hint) {
        Optional<String> v = node.string(key);
        Optional<atmos.config.YamlValue> raw = node.value(key);
        if (raw.isPresent() && !(raw.get() instanceof atmos.config.YamlValue.Scalar)) {
            p.error(node, key, "expected a string (got " + atmos.config.Types.describe(raw.get()) + ")", "write a single value: " + hint);
            return Optional.empty();
        }
        if (v.isEmpty() && !node.isRawFunction(key)) {
            Optional<String> env = node.envVar(key);
            if (env.isPresent()) {
                p.error(node, key, key + " is required, but environment variable " + env.get() + " (used by !env) is not set",
                        "export " + env.get() + " before running atmos, or write the value in the file");
            } else {
                p.error(node.has(key) ? node.source(key) : node.source(), node.path(key), key + " is required", hint);
            }
        }
        return v;
    }

    /** Reports a value that does not match {@code pattern}. */
    public static void matches(ConfigNode node, String key, String value, Pattern pattern, String what, Problems p, String hint) {
        if (!pattern.matcher(value).matches()) {
            p.error(node, key, "\"" + value + "\" is not " + what, hint);
        }
    }

    /** An absolute http(s) URL. */
    public static boolean isAbsoluteUrl(String value) {
        try {
            java.net.URI u = new java.net.URI(value);
            return u.isAbsolute() && u.getHost() != null && (u.getScheme().equals("https") || u.getScheme().equals("http"));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
