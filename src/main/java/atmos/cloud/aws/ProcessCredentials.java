package atmos.cloud.aws;

import atmos.credentials.AwsCredentials;
import atmos.credentials.CredentialCodec;

/**
 * The AWS {@code credential_process} document, as the Go Atmos prints it for {@code atmos aws
 * credential-process}: one line of compact JSON, {@code Version} 1, the keys, and for a session its
 * token and its expiration (RFC 3339, UTC, whole seconds), escaped as Go's {@code encoding/json} does.
 */
public final class ProcessCredentials {
    private ProcessCredentials() {
    }

    /** The document and its newline. */
    public static String json(AwsCredentials c) {
        StringBuilder b = new StringBuilder(1024).append("{\"Version\":1,\"AccessKeyId\":");
        string(b, c.accessKeyId());
        b.append(",\"SecretAccessKey\":");
        string(b, c.secretAccessKey());
        if (c.sessionToken() != null && !c.sessionToken().isEmpty()) {
            b.append(",\"SessionToken\":");
            string(b, c.sessionToken());
        }
        if (c.expirationTime() != null) {
            b.append(",\"Expiration\":");
            string(b, CredentialCodec.time(c.expirationTime()));
        }
        return b.append("}\n").toString();
    }

    /** A JSON string as Go writes it: HTML-sensitive characters and U+2028/U+2029 as \\u escapes too. */
    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&' || ch == '\u2028' || ch == '\u2029') {
                        b.append("\\u00").append(Character.forDigit(ch >> 4 & 0xf, 16)).append(Character.forDigit(ch & 0xf, 16));
                        if (ch >= 0x100) {
                            b.setLength(b.length() - 6);
                            b.append(ch == '\u2028' ? "\\u2028" : "\\u2029");
                        }
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        b.append('"');
    }
}
