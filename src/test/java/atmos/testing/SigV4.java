package atmos.testing;

import atmos.testing.LoopbackHttpServer.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-side verification of AWS Signature Version 4 (HMAC-SHA256), header and query-string
 * (pre-signed) forms, written from the published specification rather than from any SDK, so the
 * SDK and the AWS CLI are checked against an independent implementation.
 */
final class SigV4 {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter BASIC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String SIGNATURE_MISMATCH =
            "The request signature we calculated does not match the signature you provided. Check your"
                    + " AWS Secret Access Key and signing method. Consult the service documentation for"
                    + " details.";

    /** What a signed request claims; nothing here is secret (the signature is an HMAC output). */
    record Claim(
            String accessKeyId,
            String scopeDate,
            String region,
            String service,
            String terminator,
            List<String> signedHeaders,
            String signature,
            String amzDate,
            Instant requestTime,
            String dateSource,
            String securityToken,
            boolean presigned,
            Long expiresSeconds) {}

    private SigV4() {}

    static boolean isSigned(Request r) {
        if (r.header("authorization") != null) {
            return true;
        }
        Map<String, String> q = rawQueryParams(r.rawQuery());
        return q.containsKey("X-Amz-Signature") || q.containsKey("X-Amz-Algorithm")
                || q.containsKey("X-Amz-Credential");
    }

    /** Parses the signature claim; malformed claims raise IncompleteSignature as AWS does. */
    static Claim parse(Request r) {
        String auth = r.header("authorization");
        return auth != null ? parseHeader(r, auth) : parseQuery(r);
    }

    private static Claim parseHeader(Request r, String auth) {
        String trimmed = auth.trim();
        int space = trimmed.indexOf(' ');
        String algorithm = space < 0 ? trimmed : trimmed.substring(0, space);
        if (!ALGORITHM.equals(algorithm) && algorithm.startsWith("AWS4-")) {
            throw incomplete("Unsupported AWS 'algorithm': '" + algorithm + "'");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (ALGORITHM.equals(algorithm)) {
            for (String part : trimmed.substring(space + 1).split(",")) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq > 0) {
                    fields.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
                }
            }
        }
        String amz = r.header("x-amz-date");
        String date = r.header("date");
        StringBuilder missing = new StringBuilder();
        for (String name : List.of("Credential", "Signature", "SignedHeaders")) {
            if (!fields.containsKey(name) || fields.get(name).isEmpty()) {
                missing.append("Authorization header requires '").append(name).append("' parameter. ");
            }
        }
        if (amz == null && date == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a")
                    .append(" 'Date' header. ");
        }
        if (missing.length() > 0) {
            throw incomplete(missing + "Authorization=" + auth);
        }
        String[] scope = splitCredential(fields.get("Credential"));
        Instant time;
        String amzDate;
        String source;
        if (amz != null) {
            time = parseBasic(amz);
            amzDate = amz;
            source = "X-Amz-Date";
        } else {
            try {
                time = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw incomplete("Date must be in RFC 1123 format. Got '" + date + "'.");
            }
            amzDate = BASIC.format(time);
            source = "Date";
        }
        return new Claim(scope[0], scope[1], scope[2], scope[3], scope[4],
                List.of(fields.get("SignedHeaders").split(";")), fields.get("Signature"), amzDate, time,
                source, r.header("x-amz-security-token"), false, null);
    }

    private static Claim parseQuery(Request r) {
        Map<String, String> q = rawQueryParams(r.rawQuery());
        for (String name : List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature",
                "X-Amz-SignedHeaders", "X-Amz-Date")) {
            if (!q.containsKey(name) || q.get(name).isEmpty()) {
                throw incomplete("AWS query-string parameters must include '" + name
                        + "'. Re-examine the query-string parameters.");
            }
        }
        if (!ALGORITHM.equals(q.get("X-Amz-Algorithm"))) {
            throw incomplete("Unsupported AWS 'algorithm': '" + q.get("X-Amz-Algorithm") + "'");
        }
        String[] scope = splitCredential(q.get("X-Amz-Credential"));
        Long expires = null;
        if (q.containsKey("X-Amz-Expires")) {
            try {
                expires = Long.parseLong(q.get("X-Amz-Expires"));
            } catch (NumberFormatException e) {
                throw incomplete("X-Amz-Expires must be a number of seconds. Re-examine the query-string"
                        + " parameters.");
            }
        }
        String amzDate = q.get("X-Amz-Date");
        return new Claim(scope[0], scope[1], scope[2], scope[3], scope[4],
                List.of(q.get("X-Amz-SignedHeaders").split(";")), q.get("X-Amz-Signature"), amzDate,
                parseBasic(amzDate), "X-Amz-Date", q.get("X-Amz-Security-Token"), true, expires);
    }

    private static String[] splitCredential(String credential) {
        String[] parts = credential.split("/", -1);
        if (parts.length != 5) {
            throw incomplete("Credential must have exactly 5 slash-delimited elements, e.g."
                    + " keyid/date/region/service/term, got '" + credential + "'");
        }
        return parts;
    }

    private static Instant parseBasic(String value) {
        try {
            return ZonedDateTime.parse(value, BASIC).toInstant();
        } catch (DateTimeParseException e) {
            throw incomplete("Date must be in ISO-8601 'basic format'. Got '" + value
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    /** Scope, clock-skew and pre-signed expiry checks against the fake's clock. */
    static void checkScopeAndTime(Claim c, Instant now, String service) {
        if (!"aws4_request".equals(c.terminator())) {
            throw mismatch("Credential should be scoped with a valid terminator: 'aws4_request', not '"
                    + c.terminator() + "'.");
        }
        if (!service.equals(c.service())) {
            throw mismatch("Credential should be scoped to correct service: '" + service + "'. ");
        }
        if (c.region().isEmpty()) {
            throw mismatch("Credential should be scoped to a valid region. ");
        }
        String dateOfRequest = c.amzDate().substring(0, 8);
        if (!dateOfRequest.equals(c.scopeDate())) {
            throw mismatch("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of"
                    + " date from HTTP: '" + c.scopeDate() + "' != '" + dateOfRequest + "', from '"
                    + c.dateSource() + "'.");
        }
        Instant t = c.requestTime();
        if (t.isBefore(now.minus(MAX_SKEW))) {
            throw mismatch("Signature expired: " + BASIC.format(t) + " is now earlier than "
                    + BASIC.format(now.minus(MAX_SKEW)) + " (" + BASIC.format(now) + " - 15 min.)");
        }
        if (t.isAfter(now.plus(MAX_SKEW))) {
            throw mismatch("Signature not yet current: " + BASIC.format(t) + " is still later than "
                    + BASIC.format(now.plus(MAX_SKEW)) + " (" + BASIC.format(now) + " + 15 min.)");
        }
        if (c.presigned() && c.expiresSeconds() != null
                && now.isAfter(t.plusSeconds(c.expiresSeconds()))) {
            throw mismatch("Signature expired: " + BASIC.format(t) + " is now earlier than "
                    + BASIC.format(now.minusSeconds(c.expiresSeconds())) + " (" + BASIC.format(now) + " - "
                    + c.expiresSeconds() + " sec.)");
        }
    }

    /** Recomputes the signature with {@code secret}; raises SignatureDoesNotMatch on any difference. */
    static void checkSignature(Claim c, Request r, String secret) {
        if (!c.signedHeaders().contains("host")) {
            throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        String declared = r.header("x-amz-content-sha256");
        if (declared != null && !declared.equalsIgnoreCase(hex(sha256(r.body())))) {
            // Also covers UNSIGNED-PAYLOAD and STREAMING-*: STS parameters travel in the body, so an
            // unsigned body would leave them unauthenticated.
            throw mismatch(SIGNATURE_MISMATCH);
        }
        String scope = c.scopeDate() + "/" + c.region() + "/" + c.service() + "/" + c.terminator();
        String stringToSign = ALGORITHM + "\n" + c.amzDate() + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest(c, r).getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), c.scopeDate());
        key = hmac(key, c.region());
        key = hmac(key, c.service());
        key = hmac(key, c.terminator());
        byte[] expected = hex(hmac(key, stringToSign)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = c.signature().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw mismatch(SIGNATURE_MISMATCH);
        }
    }

    static String canonicalRequest(Claim c, Request r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.method()).append('\n');
        sb.append(canonicalUri(r.rawPath())).append('\n');
        sb.append(canonicalQuery(r.rawQuery(), c.presigned())).append('\n');
        for (String name : c.signedHeaders()) {
            List<String> values = r.headers().get(name.toLowerCase(Locale.ROOT));
            String value = values == null ? "" : String.join(",",
                    values.stream().map(v -> v.trim().replaceAll(" +", " ")).toList());
            sb.append(name.toLowerCase(Locale.ROOT)).append(':').append(value).append('\n');
        }
        sb.append('\n');
        sb.append(String.join(";", c.signedHeaders())).append('\n');
        // Always the hash of the body actually received: a client-declared x-amz-content-sha256
        // must agree with it (checkSignature), so a body swapped after signing cannot pass.
        sb.append(hex(sha256(r.body())));
        return sb.toString();
    }

    /** Non-S3 services normalise the path and URI-encode the already-encoded path once more. */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        List<String> out = new ArrayList<>();
        String[] segments = rawPath.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String seg = segments[i];
            if (seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                continue;
            }
            out.add(encode(seg));
        }
        return "/" + String.join("/", out);
    }

    static String canonicalQuery(String rawQuery, boolean presigned) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = percentDecode(eq < 0 ? part : part.substring(0, eq));
            String v = eq < 0 ? "" : percentDecode(part.substring(eq + 1));
            if (presigned && k.equals("X-Amz-Signature")) {
                continue;
            }
            pairs.add(new String[] {encode(k), encode(v)});
        }
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /** Query parameters decoded without form semantics ('+' stays '+'), first value wins. */
    static Map<String, String> rawQueryParams(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String part : rawQuery.split("&")) {
            int eq = part.indexOf('=');
            String k = percentDecode(eq < 0 ? part : part.substring(0, eq));
            out.putIfAbsent(k, eq < 0 ? "" : percentDecode(part.substring(eq + 1)));
        }
        return out;
    }

    static String percentDecode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** RFC 3986 encoding as SigV4 specifies: unreserved characters stay, all else is %XX. */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char ch = (char) (b & 0xff);
            if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')
                    || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
                sb.append(ch);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] data) {
        return HexFormat.of().formatHex(data);
    }

    private static StsFault incomplete(String message) {
        return new StsFault(400, "IncompleteSignature", message);
    }

    private static StsFault mismatch(String message) {
        return new StsFault(403, "SignatureDoesNotMatch", message);
    }
}
