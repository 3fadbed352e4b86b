package atmos.template;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Go's base32.StdEncoding (RFC 4648, padded). */
final class Base32 {
    private Base32() {}

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    static String encode(byte[] data) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < data.length) {
            int n = Math.min(5, data.length - i);
            long buf = 0;
            for (int k = 0; k < 5; k++) {
                buf = (buf << 8) | (k < n ? data[i + k] & 0xff : 0);
            }
            int chars = (n * 8 + 4) / 5;
            for (int k = 0; k < 8; k++) {
                sb.append(k < chars ? ALPHABET.charAt((int) ((buf >> (35 - 5 * k)) & 31)) : '=');
            }
            i += 5;
        }
        return sb.toString();
    }

    /** Decodes, or returns Go's error text as Sprig does. */
    static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String t = s;
        if (t.length() % 8 != 0) {
            return "illegal base32 data at input byte " + (t.length() - t.length() % 8);
        }
        for (int i = 0; i < t.length(); i += 8) {
            long buf = 0;
            int valid = 0;
            for (int k = 0; k < 8; k++) {
                char c = t.charAt(i + k);
                int v = c == '=' ? 0 : ALPHABET.indexOf(c);
                if (v < 0) {
                    return "illegal base32 data at input byte " + (i + k);
                }
                if (c != '=') {
                    valid = k + 1;
                }
                buf = (buf << 5) | v;
            }
            int bytes = valid * 5 / 8;
            for (int k = 0; k < bytes; k++) {
                out.write((int) ((buf >> (32 - 8 * k)) & 0xff));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
