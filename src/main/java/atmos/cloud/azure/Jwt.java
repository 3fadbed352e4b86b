package atmos.cloud.azure;

import atmos.text.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** The claims of a JWT, read without verification: for names in files and messages, never for trust. */
public final class Jwt {
    private Jwt() {
    }

    public static Map<String, Object> claims(String jwt) {
        if (jwt == null) {
            return Map.of();
        }
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return Map.of();
        }
        try {
            return JsonText.parseObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (java.io.IOException | RuntimeException e) {
            return Map.of();
        }
    }
}
