package atmos.auth.provider.azure;

import atmos.cloud.azure.Msal;
import atmos.error.AtmosException;
import atmos.error.ExitCode;

/** What the Microsoft identity platform's refusals mean for the user, one clear message each. */
final class AzureSignInErrors {
    private AzureSignInErrors() {
    }

    static AtmosException of(AzureSpec spec, Msal.Failure f) {
        String who = "provider \"" + spec.provider() + "\" (" + spec.kind() + ")";
        String code = f.aadsts() != null ? f.aadsts() : f.error();
        String again = "run 'atmos auth login --provider " + spec.provider() + "' again";
        if ("interrupted".equals(f.error())) {
            return new AtmosException(ExitCode.INTERRUPTED, "interrupted", null);
        }
        if ("AADSTS90002".equals(f.aadsts()) || "AADSTS900023".equals(f.aadsts())) {
            return AtmosException.auth("Microsoft Entra does not know tenant \"" + spec.tenantId() + "\" (" + code + ") for " + who,
                    "check spec.tenant_id: the directory (tenant) ID on the Microsoft Entra overview page, or your domain such as contoso.onmicrosoft.com");
        }
        if ("AADSTS700016".equals(f.aadsts())) {
            return AtmosException.auth("Microsoft Entra has no application \"" + spec.clientId() + "\" in tenant " + spec.tenantId()
                    + " (" + code + ") for " + who, "check spec.client_id and spec.tenant_id");
        }
        if ("expired_token".equals(f.error()) || "code_expired".equals(f.error()) || "AADSTS70020".equals(f.aadsts())) {
            return AtmosException.auth("the sign-in code for " + who + " expired before it was approved", again + " and approve the code promptly");
        }
        if ("authorization_declined".equals(f.error()) || "access_denied".equals(f.error())) {
            return AtmosException.auth("the sign-in for " + who + " was declined in the browser", again + " and approve the request");
        }
        if ("timeout".equals(f.error())) {
            return AtmosException.auth("the sign-in for " + who + " was not completed in time", again + " and complete it in the browser");
        }
        if ("invalid_grant".equals(f.error())) {
            return AtmosException.auth("Microsoft Entra refused the sign-in for " + who + " (" + code + ")", again);
        }
        if (f.status() == 0 && "client_error".equals(f.error())) {
            return AtmosException.auth("cannot reach the Microsoft identity platform for " + who + ": " + f.getMessage(),
                    "check your network, proxy (HTTPS_PROXY, NO_PROXY), SSL_CERT_FILE and AZURE_AUTHORITY_HOST");
        }
        return AtmosException.auth("Microsoft Entra refused the sign-in for " + who + ": " + code
                        + (f.getMessage().isBlank() ? "" : " (" + trim(f.getMessage()) + ")"),
                "check spec.tenant_id and spec.client_id of provider \"" + spec.provider() + "\", then " + again.substring(0, 1).toLowerCase() + again.substring(1));
    }

    /** AAD messages repeat the code and carry ids; the first sentence is enough. */
    static String trim(String m) {
        String s = m.replaceFirst("^[a-z_]+: ", "");
        int dot = s.indexOf(". ");
        s = dot > 0 ? s.substring(0, dot + 1) : s;
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
