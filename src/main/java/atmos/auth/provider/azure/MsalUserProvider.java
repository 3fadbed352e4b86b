package atmos.auth.provider.azure;

import atmos.auth.AuthContext;
import atmos.auth.Provider;
import atmos.cloud.azure.Endpoints;
import atmos.cloud.azure.Msal;
import atmos.config.ProviderConfig;
import atmos.credentials.AzureCredentials;
import atmos.credentials.Credentials;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code azure/device-code} and {@code azure/interactive}: a person signs in to Microsoft Entra through
 * MSAL4J, as {@code az login} does (the Azure CLI's public client by default, so az and Terraform can use
 * the tokens). The device code flow prints the code and URL on stderr and waits for approval, with or
 * without a terminal; the interactive flow opens the browser on the authorization-code + PKCE page with
 * a loopback redirect, and falls back to a device code where no browser can be opened.
 *
 * <p>The MSAL token cache (with the refresh token) is part of the provider's credentials, so it is kept
 * in the keyring and nowhere else; an expired access token is renewed with it, silently, before any new
 * sign-in. Besides the ARM token, Microsoft Graph and Key Vault tokens are taken silently (best effort),
 * as the Go Atmos does for the azuread provider and Key Vault data sources.
 */
public final class MsalUserProvider implements Provider {
    private final ProviderConfig config;
    private final boolean interactive;

    public MsalUserProvider(ProviderConfig config, boolean interactive) {
        this.config = config;
        this.interactive = interactive;
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    @Override
    public Optional<String> region() {
        return Optional.ofNullable(AzureSpec.of(config).location());
    }

    @Override
    public Credentials authenticate(AuthContext context) {
        AzureSpec spec = AzureSpec.of(config);
        Endpoints endpoints = spec.endpoints(context.host());
        Msal msal = Msal.publicClient(endpoints, spec.tenantId(), spec.clientId(), context.network(), context.log(), context.skew(), null);
        String scope = spec.cloud().managementScope();
        boolean canOpen = !context.options().noBrowser() && context.browser().available();
        Msal.Result r;
        String method = AzureCredentials.DEVICE_CODE;
        try {
            if (interactive && canOpen) {
                try {
                    context.notice().accept("Opening your browser to sign in to " + config.name() + " (Microsoft Entra tenant "
                            + spec.tenantId() + ") …");
                    r = msal.interactive(scope, url -> {
                        boolean opened = context.browser().open(url);
                        if (opened) {
                            context.notice().accept("If the browser did not open, visit:");
                            context.notice().accept("  " + url);
                        }
                        return opened;
                    }, context.options().timeout(), "Signed in to " + config.name() + ". You can close this window and return to the terminal.");
                    method = AzureCredentials.INTERACTIVE;
                } catch (Msal.NoBrowser e) {
                    context.notice().accept("The browser could not be opened; using a device code instead.");
                    r = deviceCode(context, spec, msal, scope, false);
                }
            } else {
                if (interactive) {
                    context.notice().accept("No browser can be opened here; using a device code instead.");
                }
                r = deviceCode(context, spec, msal, scope, canOpen);
            }
        } catch (Msal.Failure f) {
            throw AzureSignInErrors.of(spec, f);
        }
        return credentials(context, spec, msal, r, method);
    }

    private Msal.Result deviceCode(AuthContext context, AzureSpec spec, Msal msal, String scope, boolean openBrowser) {
        return msal.deviceCode(scope, prompt -> {
            boolean opened = openBrowser && context.browser().open(URI.create(prompt.verificationUri()));
            context.notice().accept("To sign in to " + config.name() + " (Microsoft Entra tenant " + spec.tenantId() + "), enter the code "
                    + prompt.userCode() + " at:");
            context.notice().accept("  " + prompt.verificationUri());
            context.notice().accept(opened ? "Your browser has been opened; enter the code and approve the sign-in there."
                    : "Open the URL above in a browser on any device, enter the code and approve the sign-in.");
            context.notice().accept("Waiting for approval of code " + prompt.userCode() + " …");
        }, context.options().timeout());
    }

    /** The ARM token just obtained, Graph and Key Vault tokens taken silently, and the MSAL cache. */
    private AzureCredentials credentials(AuthContext context, AzureSpec spec, Msal msal, Msal.Result arm, String method) {
        context.log().secret(arm.accessToken());
        Optional<Msal.Result> graph = optional(context, msal, spec.cloud().graphScope());
        Optional<Msal.Result> keyVault = optional(context, msal, spec.cloud().keyVaultScope());
        Instant now = context.now();
        return new AzureCredentials(arm.accessToken(), "Bearer", AzureSpec.inContextTime(arm.expiresOn(), now), spec.tenantId(),
                spec.subscriptionId(), spec.location(), graph.map(Msal.Result::accessToken).orElse(null),
                graph.map(g -> AzureSpec.inContextTime(g.expiresOn(), now)).orElse(null), keyVault.map(Msal.Result::accessToken).orElse(null),
                keyVault.map(k -> AzureSpec.inContextTime(k.expiresOn(), now)).orElse(null), spec.clientId(), false, null,
                spec.cloud().name(), method, arm.homeAccountId(), arm.username(), null, null, msal.cache());
    }

    private static Optional<Msal.Result> optional(AuthContext context, Msal msal, String scope) {
        try {
            Optional<Msal.Result> r = msal.silent(scope, false);
            r.ifPresent(x -> context.log().secret(x.accessToken()));
            return r;
        } catch (Msal.Failure f) {
            context.log().debug("no token for an optional scope", "scope", scope, "error", f.aadsts() != null ? f.aadsts() : f.error());
            return Optional.empty();
        }
    }

    /**
     * Renews the tokens with the refresh token in the stored MSAL cache, without the user. A refresh
     * token the platform no longer accepts (expired, revoked) means a new sign-in: said once, then the
     * engine starts it.
     */
    @Override
    public Optional<Credentials> refresh(AuthContext context, Credentials current) {
        if (!(current instanceof AzureCredentials az) || az.msalCache() == null) {
            return Optional.empty();
        }
        AzureSpec spec = AzureSpec.of(config);
        if (!spec.tenantId().equalsIgnoreCase(az.tenantId() == null ? "" : az.tenantId())) {
            context.log().debug("cached Azure sign-in is for another tenant; signing in again", "provider", config.name());
            return Optional.empty();
        }
        Msal msal = Msal.publicClient(spec.endpoints(context.host()), spec.tenantId(), spec.clientId(), context.network(), context.log(),
                context.skew(), az.msalCache());
        try {
            Optional<Msal.Result> r = msal.silent(spec.cloud().managementScope(), true);
            if (r.isEmpty()) {
                return Optional.empty();
            }
            context.log().debug("Azure tokens renewed with the refresh token", "provider", config.name());
            String method = az.authMethod() != null ? az.authMethod() : AzureCredentials.DEVICE_CODE;
            return Optional.of(credentials(context, spec, msal, r.get(), method));
        } catch (Msal.Failure f) {
            if ("invalid_grant".equals(f.error()) || "interaction_required".equals(f.error())) {
                context.notice().accept("The Azure sign-in of " + config.name() + " has expired" + (f.aadsts() != null ? " (" + f.aadsts() + ")" : "")
                        + "; signing in again.");
            } else {
                context.log().debug("Azure refresh failed; signing in again", "provider", config.name(), "error", f.error());
            }
            return Optional.empty();
        }
    }
}
