package atmos.keyring;

import atmos.text.JsonText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The byte-for-byte formats of the 99designs/keyring v1.2.2 file backend that {@link FileKeyring} shares
 * with the Go Atmos, apart from the encryption: item file names (github.com/mtibben/percent), the item
 * JSON ({@code json.Marshal} of {@code keyring.Item}) and the {@code created} header (Go's
 * {@code time.Time.String()}).
 */
final class GoItemFormat {
    private static final DateTimeFormatter GO_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("zzz", Locale.ROOT);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoItemFormat() {
    }

    /** percent.Encode(key, "/") of github.com/mtibben/percent v0.2.1: only '%' and '/' are escaped. */
    static String percentEncode(String key) {
        StringBuilder out = new StringBuilder(key.length() + 8);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            switch (c) {
                case '%' -> out.append("%25");
                case '/' -> out.append("%2F");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** percent.Decode: every {@code %XX} (either case) becomes the byte 0xXX; anything else is kept. */
    static String percentDecode(String name) {
        byte[] in = name.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && hexValue(in[i + 1]) >= 0 && hexValue(in[i + 2]) >= 0) {
                out.write(hexValue(in[i + 1]) << 4 | hexValue(in[i + 2]));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F') {
            return (b | 0x20) - 'a' + 10;
        }
        return -1;
    }

    /**
     * Go's {@code time.Now().String()}: {@code 2006-01-02 15:04:05.999999999 -0700 MST}, fraction
     * without trailing zeros. Go appends the process's monotonic reading ({@code m=+0.01}), which means
     * nothing outside that process and is left out. Nothing reads this field back.
     */
    static String goTimeString(ZonedDateTime t) {
        StringBuilder s = new StringBuilder(GO_SECONDS.format(t));
        if (t.getNano() != 0) {
            String nanos = String.format(Locale.ROOT, "%09d", t.getNano());
            s.append('.').append(nanos.replaceFirst("0+$", ""));
        }
        int offset = t.getOffset().getTotalSeconds();
        String numeric = String.format(Locale.ROOT, "%s%02d%02d",
                offset < 0 ? "-" : "+", Math.abs(offset) / 3600, Math.abs(offset) / 60 % 60);
        String name = ZONE_NAME.format(t);
        if (t.getZone().equals(ZoneOffset.UTC) || name.equals("Z")) {
            name = "UTC";
        } else if (name.startsWith("+") || name.startsWith("-") || name.startsWith("GMT") && name.length() > 3) {
            name = numeric;
        }
        return s.append(' ').append(numeric).append(' ').append(name).toString();
    }

    /** json.Marshal(keyring.Item{Key: key, Data: data}) byte for byte, fields in struct order. */
    static byte[] itemJson(String key, byte[] data) {
        StringBuilder json = new StringBuilder(64 + key.length() + data.length * 4 / 3);
        json.append("{\"Key\":");
        goJsonString(json, key);
        json.append(",\"Data\":\"").append(Base64.getEncoder().encodeToString(data)).append('"')
                .append(",\"Label\":\"\",\"Description\":\"\"")
                .append(",\"KeychainNotTrustApplication\":false,\"KeychainNotSynchronizable\":false}");
        Arrays.fill(data, (byte) 0);
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        json.setLength(0);
        return bytes;
    }

    /** encoding/json's string escaping with HTML escaping on (the json.Marshal default). */
    private static void goJsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(out, c);
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append("\\ufffd"); // Go replaces invalid UTF-8 the same way
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
    }

    /**
     * The value in a decrypted item (the plaintext is wiped): {@code Data} decoded as Go's encoding/json
     * decodes a {@code []byte}. Throws {@link IllegalArgumentException} saying what is wrong with it.
     */
    static String itemData(byte[] plaintext) {
        Map<String, Object> item;
        try {
            item = JsonText.parseObject(new String(plaintext, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the decrypted item is not JSON");
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        // encoding/json matches field names exactly first, then case-insensitively.
        Object data = item.get("Data");
        if (!item.containsKey("Data")) {
            for (Map.Entry<String, Object> e : item.entrySet()) {
                if (e.getKey().equalsIgnoreCase("Data")) {
                    data = e.getValue();
                    break;
                }
            }
        }
        if (data == null) {
            return "";
        }
        if (!(data instanceof String encoded)) {
            throw new IllegalArgumentException("the item's Data is not a base64 string");
        }
        try {
            // Go decodes []byte with base64.StdEncoding after dropping \r and \n.
            return new String(Base64.getDecoder().decode(encoded.replace("\r", "").replace("\n", "")), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the item's Data is not valid base64");
        }
    }
}
