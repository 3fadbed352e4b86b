package atmos.credentials;

/** Safe forms of identifiers for messages: never a secret, and only enough of a key id to recognise it. */
public final class Redact {
    private Redact() {
    }

    /** {@code AKIA…WXYZ}: access key ids are not secret, but showing only the ends keeps logs tidy. */
    public static String keyId(String id) {
        if (id == null || id.length() < 8) {
            return "****";
        }
        return id.substring(0, 4) + "…" + id.substring(id.length() - 4);
    }

    /** The secret values {@code c} holds (none for mock and ambient credentials), to be masked in every log line. */
    public static java.util.List<String> secretsOf(Credentials c) {
        java.util.List<String> all;
        if (c instanceof AwsCredentials a) {
            all = java.util.Arrays.asList(a.secretAccessKey(), a.sessionToken());
        } else if (c instanceof SsoToken s) {
            all = java.util.Arrays.asList(s.accessToken(), s.refreshToken(), s.clientSecret());
        } else if (c instanceof OidcToken o) {
            all = java.util.Arrays.asList(o.token());
        } else if (c instanceof SamlAssertion a) {
            all = java.util.Arrays.asList(a.encoded());
        } else if (c instanceof PasswordCredentials p) {
            all = java.util.Arrays.asList(p.password());
        } else if (c instanceof AzureCredentials az) {
            all = java.util.Arrays.asList(az.accessToken(), az.graphApiToken(), az.keyVaultToken(), az.federatedToken(), az.msalCache());
        } else {
            all = java.util.List.of();
        }
        return all.stream().filter(java.util.Objects::nonNull).toList();
    }
}
