package atmos.auth;

import atmos.credentials.Credentials;
import java.util.LinkedHashMap;
import java.util.Map;

/** An audit event's fields: names and times only, never a credential (see {@link atmos.log.AuditLog}). */
final class AuditFields {
    private AuditFields() {
    }

    /**
     * @param identity null for a provider's own login
     * @param chain    null when the chain could not be resolved (the identity is then all that is known)
     * @param c        the credentials whose expiration is recorded, or null
     */
    static Map<String, Object> of(String identity, Chain chain, Credentials c, String result, String error) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("identity", identity);
        if (chain != null) {
            f.put("provider", chain.provider() == null ? null : chain.provider().name());
            f.put("chain", chain.names());
        }
        f.put("expiration", c == null ? null : c.expiration().orElse(null));
        f.put("result", result);
        f.put("error", error);
        return f;
    }
}
