package atmos.auth.provider.aws;

import atmos.auth.AuthContext;
import atmos.cloud.aws.Sso;
import atmos.system.SecureFiles;
import atmos.text.GoYaml;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * IAM Identity Center's {@code auto_provision_identities}, as the Go Atmos does it
 * (pkg/auth/providers/aws/sso_provisioning.go, pkg/auth/provisioning): after a sign-in, every
 * permission set the user holds in every account becomes an identity {@code <account name>/<role>}
 * of kind {@code aws/permission-set}, written to
 * {@code $XDG_CACHE_HOME/atmos/auth/<provider>/provisioned-identities.yaml}, which the configuration
 * loader merges under atmos.yaml (what atmos.yaml says wins). Names and ids only, never a token; the
 * file is the user's own and private (0600 in 0700 directories), checked before it is read.
 */
public final class ProvisionedIdentities {
    private ProvisionedIdentities() {
    }

    public static Path file(atmos.system.Host host, String provider) {
        return atmos.config.Provisioned.file(host, provider);
    }

    /** Lists what the session may use and writes the file; returns how many identities it holds. */
    static int provision(AuthContext context, String provider, String region, String startUrl, String accessToken) {
        Sso sso = new Sso(context.aws(), region);
        Map<String, Object> identities = new TreeMap<>();
        int accounts = 0;
        int roles = 0;
        for (Sso.Account a : sso.listAccounts(accessToken)) {
            accounts++;
            List<String> names;
            try {
                names = sso.listAccountRoles(accessToken, a.id());
            } catch (RuntimeException e) {
                context.log().warn("cannot list the roles of an account; skipping it", "account", a.name(), "error", e.getMessage());
                continue;
            }
            for (String role : names) {
                roles++;
                Map<String, Object> account = new LinkedHashMap<>();
                account.put("name", a.name());
                account.put("id", a.id());
                Map<String, Object> principal = new LinkedHashMap<>();
                principal.put("name", role);
                principal.put("account", account);
                Map<String, Object> identity = new LinkedHashMap<>();
                identity.put("kind", "aws/permission-set");
                identity.put("provider", provider);
                identity.put("via", Map.of("provider", provider));
                identity.put("principal", principal);
                identities.put(a.name() + "/" + role, identity);
            }
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("provisioned_at", context.now().toString());
        metadata.put("source", provider);
        metadata.put("provider", provider);
        metadata.put("counts", Map.of("accounts", accounts, "roles", roles, "identities", identities.size()));
        metadata.put("extra", Map.of("start_url", startUrl, "region", region));
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("identities", identities);
        auth.put("_metadata", metadata);
        Path file = file(context.host(), provider);
        SecureFiles.securePrivateDir(atmos.config.Provisioned.root(context.host()), file.getParent());
        SecureFiles.writeAtomically(file, GoYaml.write(Map.of("auth", auth)).getBytes(StandardCharsets.UTF_8));
        return identities.size();
    }
}
