package atmos.cloud.azure;

import atmos.log.Log;
import atmos.net.Network;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.DeviceCode;
import com.microsoft.aad.msal4j.DeviceCodeFlowParameters;
import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.InteractiveRequestParameters;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.SilentParameters;
import com.microsoft.aad.msal4j.SystemBrowserOptions;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Microsoft identity platform through MSAL4J, the way atmos uses it:
 *
 * <ul>
 *   <li>the authority is {@code <authority host>/<tenant>/}; when that host is not one of Microsoft's own
 *       ({@code AZURE_AUTHORITY_HOST} points elsewhere), MSAL's instance discovery is turned off, so no
 *       request about it ever goes to login.microsoftonline.com;</li>
 *   <li>silent requests name the authority explicitly: MSAL would otherwise rebuild it from the account's
 *       cached environment, which has no port;</li>
 *   <li>the token cache is a string the caller keeps (in the keyring): loaded before, serialized after;</li>
 *   <li>HTTP goes through {@link MsalHttp}, so proxies and extra CAs are those of every other client.</li>
 * </ul>
 *
 * MSAL keeps time with the system clock: {@link Result#expiresOn()} is in that frame.
 */
public final class Msal {
    /** Azure CLI's public client id, which Atmos uses for people's sign-ins (so az can use the tokens). */
    public static final String AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
    private static final Pattern AADSTS = Pattern.compile("(AADSTS\\d+)");

    private final Endpoints endpoints;
    private final String tenant;
    private final PublicClientApplication app;

    private Msal(Endpoints endpoints, String tenant, PublicClientApplication app) {
        this.endpoints = endpoints;
        this.tenant = tenant;
        this.app = app;
    }

    /**
     * A public client for {@code clientId} in {@code tenant}, its token cache loaded from {@code cache}
     * (null or empty for none).
     */
    public static Msal publicClient(Endpoints endpoints, String tenant, String clientId, Network network, Log log, String cache) {
        try {
            PublicClientApplication.Builder b = PublicClientApplication.builder(clientId)
                    .authority(endpoints.authority(tenant))
                    .httpClient(new MsalHttp(network, log))
                    .logPii(false);
            if (!endpoints.microsoftAuthority()) {
                b.instanceDiscovery(false).validateAuthority(false);
            }
            PublicClientApplication app = b.build();
            if (cache != null && !cache.isEmpty()) {
                app.tokenCache().deserialize(cache);
            }
            return new Msal(endpoints, tenant, app);
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new Failure("invalid_authority", null, 0, "the authority " + endpoints.authority(tenant) + " is not valid: " + e.getMessage());
        }
    }

    /** One token: what it is, for whom, until when (system clock). */
    public record Result(String accessToken, Instant expiresOn, String homeAccountId, String username, String objectId,
                         String tenantId, boolean fromCache) {
    }

    /** What the device code flow shows the user. */
    public record DeviceCodePrompt(String userCode, String verificationUri, String message, Duration expiresIn) {
    }

    /** The identity platform (or MSAL) refused: OAuth error code, AADSTS code when there is one, HTTP status. */
    public static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String error;
        private final String aadsts;
        private final int status;

        Failure(String error, String aadsts, int status, String message) {
            super(message);
            this.error = error;
            this.aadsts = aadsts;
            this.status = status;
        }

        /** {@code invalid_grant}, {@code expired_token}, {@code authorization_declined}, {@code code_expired} … */
        public String error() {
            return error;
        }

        /** {@code AADSTS70043} …, or null. */
        public String aadsts() {
            return aadsts;
        }

        public int status() {
            return status;
        }
    }

    /** A browser could not be opened for the interactive flow (the caller falls back to a device code). */
    public static final class NoBrowser extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoBrowser() {
            super("no browser could be opened");
        }
    }

    /** The serialized token cache, with whatever the calls so far added (refresh token included). */
    public String cache() {
        return app.tokenCache().serialize();
    }

    /** The cached account signed in to this tenant (a guest's too), if any. */
    public Optional<IAccount> account() {
        Set<IAccount> accounts = await(app.getAccounts(), Duration.ofSeconds(30));
        for (IAccount a : accounts) {
            if (a.getTenantProfiles() != null && a.getTenantProfiles().containsKey(tenant)) {
                return Optional.of(a);
            }
            if (a.homeAccountId() != null && a.homeAccountId().endsWith("." + tenant)) {
                return Optional.of(a);
            }
        }
        return accounts.size() == 1 ? accounts.stream().findFirst() : Optional.empty();
    }

    /**
     * A token for {@code scope} without the user: from the cache, or with the refresh token. The
     * authority is named, so a refresh goes to the configured host and port.
     *
     * @param force use the refresh token even when a cached access token is still valid
     */
    public Optional<Result> silent(String scope, boolean force) {
        Optional<IAccount> account = account();
        if (account.isEmpty()) {
            return Optional.empty();
        }
        try {
            SilentParameters p = SilentParameters.builder(Set.of(scope), account.get())
                    .authorityUrl(endpoints.authority(tenant)).forceRefresh(force).build();
            return Optional.of(result(await(app.acquireTokenSilently(p), Duration.ofSeconds(60))));
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (Failure f) {
            if ("cache_miss".equals(f.error())) {
                return Optional.empty();
            }
            throw f;
        }
    }

    /**
     * The device authorization grant: {@code prompt} gets the code and URL as soon as the platform
     * issued them (on MSAL's thread); waits for approval up to {@code timeout}.
     */
    public Result deviceCode(String scope, Consumer<DeviceCodePrompt> prompt, Duration timeout) {
        Consumer<DeviceCode> consumer = dc -> prompt.accept(new DeviceCodePrompt(dc.userCode(), dc.verificationUri(), dc.message(),
                Duration.ofSeconds(dc.expiresIn())));
        CompletableFuture<IAuthenticationResult> f = app.acquireToken(DeviceCodeFlowParameters.builder(Set.of(scope), consumer).build());
        return result(await(f, timeout));
    }

    /**
     * The authorization code flow with PKCE and a loopback redirect ({@code http://localhost:<port>}, served
     * by MSAL on the loopback address): {@code browser} opens the sign-in URL, false when it could not
     * (then {@link NoBrowser} is thrown before anything waits).
     */
    public Result interactive(String scope, Predicate<URI> browser, Duration timeout, String success) {
        SystemBrowserOptions options = SystemBrowserOptions.builder()
                .openBrowserAction(url -> {
                    boolean opened;
                    try {
                        opened = browser.test(url.toURI());
                    } catch (java.net.URISyntaxException e) {
                        opened = false;
                    }
                    if (!opened) {
                        throw new NoBrowser();
                    }
                })
                .htmlMessageSuccess(success)
                .htmlMessageError("Sign-in failed. Return to the terminal for details.")
                .build();
        InteractiveRequestParameters p = InteractiveRequestParameters.builder(URI.create("http://localhost"))
                .scopes(Set.of(scope)).systemBrowserOptions(options)
                .httpPollingTimeoutInSeconds((int) Math.max(1, timeout.toSeconds())).build();
        return result(await(app.acquireToken(p), timeout.plusSeconds(30)));
    }

    /**
     * A token for an application that proves itself with a federated token (a GitHub Actions ID token)
     * as client assertion. Nothing is cached.
     */
    public static Result clientAssertion(Endpoints endpoints, String tenant, String clientId, String assertion, String scope,
                                         Network network, Log log) {
        try {
            ConfidentialClientApplication.Builder b = ConfidentialClientApplication.builder(clientId,
                            ClientCredentialFactory.createFromClientAssertion(assertion))
                    .authority(endpoints.authority(tenant)).httpClient(new MsalHttp(network, log)).logPii(false);
            if (!endpoints.microsoftAuthority()) {
                b.instanceDiscovery(false).validateAuthority(false);
            }
            ConfidentialClientApplication app = b.build();
            IAuthenticationResult r = await(app.acquireToken(ClientCredentialParameters.builder(Set.of(scope)).skipCache(true).build()),
                    Duration.ofSeconds(60));
            return new Result(r.accessToken(), r.expiresOnDate().toInstant(), null, null, null, tenant, false);
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new Failure("invalid_authority", null, 0, "the authority " + endpoints.authority(tenant) + " is not valid: " + e.getMessage());
        }
    }

    private Result result(IAuthenticationResult r) {
        Map<String, Object> claims = claims(r.idToken());
        String oid = str(claims.get("oid"));
        String username = r.account() != null && r.account().username() != null ? r.account().username() : str(claims.get("preferred_username"));
        boolean cached = r.metadata() != null && r.metadata().tokenSource() == com.microsoft.aad.msal4j.TokenSource.CACHE;
        return new Result(r.accessToken(), r.expiresOnDate().toInstant(), r.account() == null ? null : r.account().homeAccountId(),
                username, oid, tenant, cached);
    }

    /** The claims of a JWT (see {@link Jwt}). */
    public static Map<String, Object> claims(String jwt) {
        return Jwt.claims(jwt);
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    /** Waits for an MSAL future; its failures become {@link Failure} (or {@link NoBrowser}). */
    private static <T> T await(CompletableFuture<T> f, Duration timeout) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new Failure("timeout", null, 0, "no answer within " + timeout.toSeconds() + "s");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new Failure("interrupted", null, 0, "interrupted");
        } catch (ExecutionException | CompletionException e) {
            throw translate(e.getCause() == null ? e : e.getCause());
        }
    }

    private static RuntimeException translate(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        for (Throwable x = c; x != null; x = x.getCause()) {
            if (x instanceof NoBrowser nb) {
                return nb;
            }
        }
        if (c instanceof MsalServiceException s) {
            return new Failure(s.errorCode(), aadsts(s.getMessage()), s.statusCode() == null ? 0 : s.statusCode(), firstLine(s.getMessage()));
        }
        if (c instanceof MsalException m) {
            return new Failure(m.errorCode(), aadsts(m.getMessage()), 0, firstLine(m.getMessage()));
        }
        return new Failure("client_error", null, 0, c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + firstLine(c.getMessage())));
    }

    private static String aadsts(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = AADSTS.matcher(message);
        return m.find() ? m.group(1) : null;
    }

    /** AAD messages carry trace and correlation ids on further lines; the first line says what happened. */
    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String s = message.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip();
    }
}
