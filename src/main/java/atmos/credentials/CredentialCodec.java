package atmos.credentials;

import atmos.text.JsonText;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The stored form of credentials, byte-compatible with the Go Atmos: a compact JSON envelope
 * {@code {"type":"aws","data":{"access_key_id":…}}} with Atmos's field names, in Atmos's order, empty
 * fields left out, times in RFC 3339. An IAM Identity Center session is stored the way Atmos stores
 * it (type {@code aws}, the access token in {@code access_key_id}), with the refresh token and client
 * registration as extra fields Atmos ignores — so both tools can share one keyring.
 */
public final class CredentialCodec {
    private CredentialCodec() {
    }

    public static String encode(Credentials c) {
        Map<String, Object> data = new LinkedHashMap<>();
        String type = c.type();
        if (c instanceof AwsCredentials a) {
                put(data, "access_key_id", a.accessKeyId());
                put(data, "secret_access_key", a.secretAccessKey());
                put(data, "session_token", a.sessionToken());
                put(data, "region", a.region());
                put(data, "expiration", time(a.expirationTime()));
                put(data, "mfa_arn", a.mfaArn());
                put(data, "session_duration", a.sessionDuration());
        } else if (c instanceof SsoToken s) {
                type = "aws";
                put(data, "access_key_id", s.accessToken());
                put(data, "region", s.region());
                put(data, "expiration", time(s.expirationTime()));
                put(data, "start_url", s.startUrl());
                put(data, "refresh_token", s.refreshToken());
                put(data, "client_id", s.clientId());
                put(data, "client_secret", s.clientSecret());
                put(data, "registration_expires_at", time(s.registrationExpiresAt()));
        } else if (c instanceof OidcToken o) {
                put(data, "token", o.token());
                put(data, "provider", o.provider());
                put(data, "audience", o.audience());
                put(data, "expiration", time(o.expirationTime()));
        } else if (c instanceof AzureCredentials az) {
                // The Go Atmos's AzureCredentials JSON tags, in its order; username, subscription_name and
                // msal_cache are this tool's (Atmos ignores unknown fields). The federated assertion is never stored.
                put(data, "access_token", az.accessToken());
                put(data, "token_type", az.tokenType());
                put(data, "expiration", time(az.expirationTime()));
                put(data, "tenant_id", az.tenantId());
                put(data, "subscription_id", az.subscriptionId());
                put(data, "location", az.location());
                put(data, "graph_api_token", az.graphApiToken());
                put(data, "graph_api_expiration", time(az.graphApiExpiration()));
                put(data, "key_vault_token", az.keyVaultToken());
                put(data, "key_vault_expiration", time(az.keyVaultExpiration()));
                put(data, "client_id", az.clientId());
                if (az.servicePrincipal()) {
                    data.put("is_service_principal", true);
                }
                put(data, "token_file_path", az.tokenFilePath());
                put(data, "cloud_environment", az.cloudEnvironment());
                put(data, "auth_method", az.authMethod());
                put(data, "home_account_id", az.homeAccountId());
                put(data, "username", az.username());
                put(data, "subscription_name", az.subscriptionName());
                put(data, "msal_cache", az.msalCache());
        } else if (c instanceof PasswordCredentials pw) {
                put(data, "username", pw.username());
                put(data, "password", pw.password());
        } else if (c instanceof AmbientCredentials) {
            throw new IllegalArgumentException("ambient credentials are never stored");
        } else if (c instanceof SamlAssertion) {
            // The assertion is a bearer credential for every role it lists: it stays in memory only.
            throw new IllegalArgumentException("a SAML assertion is never stored");
        } else if (c instanceof MockCredentials m) {
                // Atmos's mock type has no JSON tags: Go field names, every field present.
                data.put("AccessKeyID", nz(m.accessKeyId()));
                data.put("SecretAccessKey", nz(m.secretAccessKey()));
                data.put("SessionToken", nz(m.sessionToken()));
                data.put("Region", nz(m.region()));
                data.put("Expiration", m.expirationTime() == null ? "0001-01-01T00:00:00Z" : time(m.expirationTime()));
        }
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", type);
        envelope.put("data", data);
        return JsonText.compact(envelope);
    }

    /**
     * Reads an envelope; empty for types this tool does not use (gcp, atmos-pro …), which are left
     * alone rather than treated as errors.
     *
     * @throws IllegalArgumentException when the value is not an envelope at all
     */
    @SuppressWarnings("unchecked")
    public static Optional<Credentials> decode(String json) {
        Map<String, Object> envelope;
        try {
            envelope = JsonText.parseObject(json);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("stored credentials are not valid JSON");
        }
        Object t = envelope.get("type");
        Object d = envelope.get("data");
        if (!(t instanceof String type) || !(d instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("stored credentials have no type/data envelope");
        }
        Map<String, Object> data = (Map<String, Object>) d;
        return switch (type) {
            case "aws" -> Optional.of(data.containsKey("refresh_token") || data.containsKey("start_url") ? sso(data) : aws(data));
            case "oidc" -> Optional.of(new OidcToken(str(data, "token"), str(data, "provider"), str(data, "audience"),
                    parseTime(str(data, "expiration"))));
            case "password" -> Optional.of(new PasswordCredentials(str(data, "username"), str(data, "password")));
            case "azure" -> Optional.of(azure(data));
            case "mock" -> {
                Instant exp = parseTime(str(data, "Expiration"));
                yield Optional.of(new MockCredentials(str(data, "AccessKeyID"), str(data, "SecretAccessKey"),
                        str(data, "SessionToken"), str(data, "Region"), exp != null && exp.getEpochSecond() < 0 ? null : exp));
            }
            default -> Optional.empty();
        };
    }

    private static AwsCredentials aws(Map<String, Object> d) {
        return new AwsCredentials(str(d, "access_key_id"), str(d, "secret_access_key"), str(d, "session_token"),
                str(d, "region"), parseTime(str(d, "expiration")), str(d, "mfa_arn"), str(d, "session_duration"));
    }

    private static AzureCredentials azure(Map<String, Object> d) {
        return new AzureCredentials(str(d, "access_token"), str(d, "token_type"), parseTime(str(d, "expiration")), str(d, "tenant_id"),
                str(d, "subscription_id"), str(d, "location"), str(d, "graph_api_token"), parseTime(str(d, "graph_api_expiration")),
                str(d, "key_vault_token"), parseTime(str(d, "key_vault_expiration")), str(d, "client_id"),
                Boolean.TRUE.equals(d.get("is_service_principal")), str(d, "token_file_path"), str(d, "cloud_environment"),
                str(d, "auth_method"), str(d, "home_account_id"), str(d, "username"), str(d, "subscription_name"), null,
                str(d, "msal_cache"));
    }

    private static SsoToken sso(Map<String, Object> d) {
        return new SsoToken(str(d, "access_key_id"), str(d, "refresh_token"), str(d, "region"), str(d, "start_url"),
                parseTime(str(d, "expiration")), str(d, "client_id"), str(d, "client_secret"),
                parseTime(str(d, "registration_expires_at")));
    }

    private static void put(Map<String, Object> m, String k, String v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String str(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v == null || String.valueOf(v).isEmpty() ? null : String.valueOf(v);
    }

    /** RFC 3339 in UTC, whole seconds: {@code 2026-11-23T10:00:00Z}. */
    public static String time(Instant t) {
        if (t == null) {
            return null;
        }
        long seconds = t.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        long[] ymd = civil(days);
        if (ymd[0] < 0 || ymd[0] > 9999) {
            return t.truncatedTo(ChronoUnit.SECONDS).toString();
        }
        // Written out rather than through Instant.toString's formatter (java.time.format): this runs on the cached path.
        char[] c = "0000-00-00T00:00:00Z".toCharArray();
        digits(c, 0, (int) ymd[0], 4);
        digits(c, 5, (int) ymd[1], 2);
        digits(c, 8, (int) ymd[2], 2);
        digits(c, 11, secondOfDay / 3600, 2);
        digits(c, 14, secondOfDay / 60 % 60, 2);
        digits(c, 17, secondOfDay % 60, 2);
        return new String(c);
    }

    /** Year, month, day of a day counted from 1970-01-01 (proleptic Gregorian; H. Hinnant's civil_from_days). */
    static long[] civil(long days) {
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        return new long[] {y, m, d};
    }

    /** The day counted from 1970-01-01 of a date (days_from_civil); a day past the month's end runs into the next. */
    static long daysFromCivil(long y, long m, long d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** {@code YYYY-MM-DDTHH:MM:SSZ}, as {@link #time} writes it, without the date-time parser; null for any other form. */
    private static Instant parseCanonical(String s) {
        if (s.length() != 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(19) != 'Z') {
            return null;
        }
        int[] at = {0, 5, 8, 11, 14, 17};
        int[] width = {4, 2, 2, 2, 2, 2};
        int[] v = new int[6];
        for (int f = 0; f < 6; f++) {
            for (int i = at[f]; i < at[f] + width[f]; i++) {
                char ch = s.charAt(i);
                if (ch < '0' || ch > '9') {
                    return null;
                }
                v[f] = v[f] * 10 + (ch - '0');
            }
        }
        if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[3] > 23 || v[4] > 59 || v[5] > 59) {
            return null;
        }
        long days = daysFromCivil(v[0], v[1], v[2]);
        long[] back = civil(days);
        if (back[1] != v[1] || back[2] != v[2]) {
            return null; // February 30th
        }
        return Instant.ofEpochSecond(days * 86_400L + v[3] * 3600L + v[4] * 60L + v[5]);
    }

    /** RFC 3339 with any offset (Atmos writes local times with offsets for some credentials). */
    public static Instant parseTime(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        Instant canonical = parseCanonical(s.strip());
        if (canonical != null) {
            return canonical;
        }
        try {
            return OffsetDateTime.parse(s.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s.strip());
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
