package atmos.auth.provider.aws;

import atmos.auth.AuthContext;
import atmos.auth.LoginOptions;
import atmos.auth.Provider;
import atmos.cloud.aws.Sso;
import atmos.config.ProviderConfig;
import atmos.credentials.Credentials;
import atmos.credentials.SsoToken;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.system.Spinner;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.model.AccessDeniedException;
import software.amazon.awssdk.services.ssooidc.model.AuthorizationPendingException;
import software.amazon.awssdk.services.ssooidc.model.CreateTokenResponse;
import software.amazon.awssdk.services.ssooidc.model.ExpiredTokenException;
import software.amazon.awssdk.services.ssooidc.model.RegisterClientResponse;
import software.amazon.awssdk.services.ssooidc.model.SlowDownException;
import software.amazon.awssdk.services.ssooidc.model.StartDeviceAuthorizationResponse;

/**
 * {@code aws/iam-identity-center}: the AWS SSO login. The device authorization flow is the default (as
 * in Atmos) and is always used where no browser can be opened; the authorization-code flow with PKCE
 * and a loopback redirect (the AWS CLI's default since 2024) is opt-in with {@code spec.auth_flow:
 * authorization-code} or {@code --auth-flow}. The client registration is kept until it expires, and an
 * expired access token is renewed with the refresh token before any browser is opened.
 */
public final class IamIdentityCenterProvider implements Provider {
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    static final String REFRESH_GRANT = "refresh_token";
    static final String CODE_GRANT = "authorization_code";
    static final List<String> SCOPES = List.of("sso:account:access");
    static final String CLIENT_NAME = "atmos-auth";
    private static final int SLOW_DOWN_STEP_SECONDS = 5;

    private final ProviderConfig config;

    public IamIdentityCenterProvider(ProviderConfig config) {
        this.config = config;
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    /** One session per portal: providers with the same start_url and region share it. */
    @Override
    public java.util.Optional<String> sessionGroup() {
        try {
            java.security.MessageDigest sha1 = java.security.MessageDigest.getInstance("SHA-1");
            byte[] d = sha1.digest((startUrl() + "|" + ssoRegion()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.Optional.of("sso-" + java.util.HexFormat.of().formatHex(d));
        } catch (java.security.NoSuchAlgorithmException | AtmosException e) {
            return java.util.Optional.empty();
        }
    }

    /** {@code auto_provision_identities: true}: the permission sets this session may use become identities. */
    @Override
    public void afterLogin(AuthContext context, Credentials session) {
        if (!config.node().bool("auto_provision_identities") || !(session instanceof SsoToken token) || token.accessToken() == null) {
            return;
        }
        int n = ProvisionedIdentities.provision(context, config.name(), ssoRegion(), startUrl(), token.accessToken());
        context.log().info("provisioned identities from the permission sets you hold", "provider", config.name(), "identities", n,
                "file", ProvisionedIdentities.file(context.host(), config.name()));
    }

    private String ssoRegion() {
        return config.region().orElseThrow(() -> AtmosException.config("provider \"" + config.name() + "\" has no region",
                "set region to the region of your IAM Identity Center instance"));
    }

    private String startUrl() {
        return config.startUrl().orElseThrow(() -> AtmosException.config("provider \"" + config.name() + "\" has no start_url",
                "set start_url to your AWS access portal URL"));
    }

    @Override
    public Credentials authenticate(AuthContext context) {
        String flow = flow(context);
        boolean canOpen = !context.options().noBrowser() && context.browser().available();
        if (flow.equals(LoginOptions.AUTHORIZATION_CODE) && canOpen) {
            return authorizationCode(context);
        }
        if (flow.equals(LoginOptions.AUTHORIZATION_CODE)) {
            context.notice().accept("No browser can be opened here; using the device code flow instead.");
        }
        return deviceCode(context, canOpen);
    }

    private String flow(AuthContext context) {
        String f = context.options().authFlow() != null ? context.options().authFlow()
                : config.spec().string("auth_flow").orElse(LoginOptions.DEVICE_CODE);
        return LoginOptions.flow(f);
    }

    // ---------------------------------------------------------------- refresh and logout

    @Override
    public Optional<Credentials> refresh(AuthContext context, Credentials current) {
        if (!(current instanceof SsoToken t) || t.refreshToken() == null || t.clientId() == null || t.clientSecret() == null) {
            return Optional.empty();
        }
        if (t.registrationExpiresAt() != null && !t.registrationExpiresAt().isAfter(context.now())) {
            context.log().debug("client registration expired; a new login is needed", "provider", config.name());
            return Optional.empty();
        }
        try (SsoOidcClient oidc = context.aws().ssoOidc(ssoRegion())) {
            CreateTokenResponse r = oidc.createToken(b -> b.clientId(t.clientId()).clientSecret(t.clientSecret())
                    .grantType(REFRESH_GRANT).refreshToken(t.refreshToken()));
            context.log().debug("SSO session renewed with the refresh token", "provider", config.name());
            String refresh = r.refreshToken() != null && !r.refreshToken().isEmpty() ? r.refreshToken() : t.refreshToken();
            return Optional.of(token(context, r, refresh, t.clientId(), t.clientSecret(), t.registrationExpiresAt()));
        } catch (AwsServiceException | SdkClientException e) {
            context.log().debug("refresh token not accepted; a new login is needed", "provider", config.name(), "error", e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void logout(AuthContext context, Credentials current) {
        String token = current instanceof SsoToken t ? t.accessToken() : null;
        if (token == null || current.isExpired(context.now())) {
            return;
        }
        try {
            new Sso(context.aws(), ssoRegion()).logout(token);
        } catch (Sso.PortalError e) {
            context.log().debug("SSO logout call failed; the local session is removed anyway", "error", e.getMessage());
        }
    }

    // ---------------------------------------------------------------- device authorization

    private Credentials deviceCode(AuthContext context, boolean canOpenBrowser) {
        try (SsoOidcClient oidc = context.aws().ssoOidc(ssoRegion())) {
            Registration reg = registration(context, oidc, LoginOptions.DEVICE_CODE);
            StartDeviceAuthorizationResponse auth = oidc.startDeviceAuthorization(b -> b.clientId(reg.clientId())
                    .clientSecret(reg.clientSecret()).startUrl(startUrl()));
            String url = auth.verificationUriComplete() != null ? auth.verificationUriComplete() : auth.verificationUri();
            boolean opened = canOpenBrowser && context.browser().open(URI.create(url));
            context.notice().accept("To sign in to " + config.name() + " (" + startUrl() + "), confirm the code " + auth.userCode() + " at:");
            context.notice().accept("  " + url);
            context.notice().accept(opened ? "Your browser has been opened; approve the request there."
                    : "Open the URL above in a browser on any device and approve the request.");
            Instant codeExpires = context.now().plusSeconds(auth.expiresIn() == null ? 600 : auth.expiresIn());
            Instant timeout = context.now().plus(context.options().timeout());
            Instant deadline = codeExpires.isBefore(timeout) ? codeExpires : timeout;
            long interval = Math.max(1, auth.interval() == null ? 5 : auth.interval());
            try (Spinner spinner = context.spinner("Waiting for approval of code " + auth.userCode() + " …")) {
                while (true) {
                    sleep(interval);
                    if (!context.now().isBefore(deadline)) {
                        throw AtmosException.auth("the sign-in request for " + config.name() + " was not approved in time",
                                "run 'atmos auth login --provider " + config.name() + "' again and approve the code in the browser");
                    }
                    try {
                        CreateTokenResponse r = oidc.createToken(b -> b.clientId(reg.clientId()).clientSecret(reg.clientSecret())
                                .grantType(DEVICE_GRANT).deviceCode(auth.deviceCode()));
                        return token(context, r, r.refreshToken(), reg.clientId(), reg.clientSecret(), reg.expiresAt());
                    } catch (AuthorizationPendingException e) {
                        spinner.update("Waiting for approval of code " + auth.userCode() + " …");
                    } catch (SlowDownException e) {
                        interval += SLOW_DOWN_STEP_SECONDS;
                    } catch (ExpiredTokenException e) {
                        throw AtmosException.auth("the sign-in request for " + config.name() + " expired before it was approved",
                                "run 'atmos auth login --provider " + config.name() + "' again and approve the code promptly");
                    } catch (AccessDeniedException e) {
                        throw AtmosException.auth("the sign-in request for " + config.name() + " was denied in the browser",
                                "run 'atmos auth login --provider " + config.name() + "' again and choose Allow");
                    }
                }
            }
        } catch (AwsServiceException e) {
            throw failed(e);
        } catch (SdkClientException e) {
            throw unreachable(context, e);
        }
    }

    // ---------------------------------------------------------------- authorization code + PKCE

    @SuppressWarnings("try") // the spinner runs for the body
    private Credentials authorizationCode(AuthContext context) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            context.notice().accept("Cannot listen on 127.0.0.1 for the browser's redirect; using the device code flow instead.");
            return deviceCode(context, true);
        }
        CompletableFuture<Map<String, String>> callback = new CompletableFuture<>();
        server.createContext("/oauth/callback", exchange -> {
            Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
            byte[] page = ("<!doctype html><html><body><p>" + (q.containsKey("code")
                    ? "Signed in to " + config.name() + ". You can close this window and return to the terminal."
                    : "Sign-in failed. Return to the terminal for details.") + "</p></body></html>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
            callback.complete(q);
        });
        server.start();
        try (SsoOidcClient oidc = context.aws().ssoOidc(ssoRegion())) {
            Registration reg = registration(context, oidc, LoginOptions.AUTHORIZATION_CODE);
            String redirect = "http://127.0.0.1:" + server.getAddress().getPort() + "/oauth/callback";
            String verifier = random(48);
            String state = random(24);
            String challenge = base64url(sha256(verifier));
            URI url = URI.create(context.aws().ssoOidcBase(ssoRegion()) + "/authorize?response_type=code"
                    + "&client_id=" + enc(reg.clientId()) + "&redirect_uri=" + enc(redirect) + "&state=" + enc(state)
                    + "&code_challenge_method=S256&scopes=" + enc(String.join(" ", SCOPES)) + "&code_challenge=" + enc(challenge));
            if (!context.browser().open(url)) {
                context.notice().accept("The browser could not be opened; using the device code flow instead.");
                return deviceCode(context, false);
            }
            context.notice().accept("Your browser has been opened to sign in to " + config.name() + ". If it did not open, visit:");
            context.notice().accept("  " + url);
            Map<String, String> q;
            try (Spinner ignored = context.spinner("Waiting for the browser sign-in …")) {
                q = callback.get(context.options().timeout().toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw AtmosException.auth("the browser sign-in for " + config.name() + " did not complete in time",
                        "run 'atmos auth login --provider " + config.name() + "' again, or use --auth-flow device-code");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AtmosException(ExitCode.INTERRUPTED, "interrupted", null);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
            if (!state.equals(q.get("state"))) {
                throw AtmosException.auth("the browser sign-in for " + config.name() + " returned an unexpected state",
                        "run the login again; if it repeats, something else is answering on the loopback redirect");
            }
            if (q.get("code") == null) {
                throw AtmosException.auth("the browser sign-in for " + config.name() + " failed: " + q.getOrDefault("error", "no code returned")
                        + (q.containsKey("error_description") ? " (" + q.get("error_description") + ")" : ""),
                        "run 'atmos auth login --provider " + config.name() + "' again and choose Allow");
            }
            CreateTokenResponse r = oidc.createToken(b -> b.clientId(reg.clientId()).clientSecret(reg.clientSecret())
                    .grantType(CODE_GRANT).code(q.get("code")).redirectUri(redirect).codeVerifier(verifier));
            return token(context, r, r.refreshToken(), reg.clientId(), reg.clientSecret(), reg.expiresAt());
        } catch (AwsServiceException e) {
            throw failed(e);
        } catch (SdkClientException e) {
            throw unreachable(context, e);
        } finally {
            server.stop(0);
        }
    }

    // ---------------------------------------------------------------- client registration

    /** A registered OIDC client; kept in the keyring until it expires. */
    record Registration(String clientId, String clientSecret, Instant expiresAt) {
    }

    private String registrationAlias(String flow) {
        return config.key() + "#client-" + flow;
    }

    private Registration registration(AuthContext context, SsoOidcClient oidc, String flow) {
        Optional<Credentials> stored = context.store().get(registrationAlias(flow));
        if (stored.isPresent() && stored.get() instanceof SsoToken t && t.clientId() != null && t.clientSecret() != null
                && startUrl().equals(t.startUrl())
                && (t.registrationExpiresAt() == null || t.registrationExpiresAt().isAfter(context.now().plus(Duration.ofHours(1))))) {
            return new Registration(t.clientId(), t.clientSecret(), t.registrationExpiresAt());
        }
        boolean device = flow.equals(LoginOptions.DEVICE_CODE);
        RegisterClientResponse r = oidc.registerClient(b -> {
            b.clientName(CLIENT_NAME).clientType("public").scopes(SCOPES)
                    .grantTypes(device ? List.of(DEVICE_GRANT, REFRESH_GRANT) : List.of(CODE_GRANT, REFRESH_GRANT));
            if (!device) {
                b.redirectUris("http://127.0.0.1/oauth/callback").issuerUrl(startUrl());
            }
        });
        Instant expires = r.clientSecretExpiresAt() == null || r.clientSecretExpiresAt() == 0 ? null
                : context.aws().skew().toLocal(Instant.ofEpochSecond(r.clientSecretExpiresAt())); // the server's clock, made local
        context.log().secret(r.clientSecret());
        context.store().put(registrationAlias(flow), new SsoToken(null, null, ssoRegion(), startUrl(), null, r.clientId(), r.clientSecret(), expires));
        return new Registration(r.clientId(), r.clientSecret(), expires);
    }

    // ---------------------------------------------------------------- helpers

    private SsoToken token(AuthContext context, CreateTokenResponse r, String refreshToken, String clientId, String clientSecret,
                           Instant registrationExpiresAt) {
        context.log().secret(r.accessToken());
        context.log().secret(refreshToken);
        Duration configured = config.sessionDuration().map(atmos.text.Durations::parse).orElse(null);
        long seconds = r.expiresIn() == null ? 3600 : r.expiresIn();
        Instant expires = context.now().plusSeconds(seconds);
        if (configured != null && context.now().plus(configured).isBefore(expires)) {
            expires = context.now().plus(configured);
        }
        return new SsoToken(r.accessToken(), refreshToken, ssoRegion(), startUrl(), expires, clientId, clientSecret, registrationExpiresAt);
    }

    private AtmosException failed(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? "Unknown" : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return AtmosException.auth("IAM Identity Center login to " + config.name() + " failed: " + code + (message == null ? "" : ": " + message),
                "check start_url (" + config.startUrl().orElse("?") + ") and region (" + config.region().orElse("?") + ") of provider \""
                        + config.name() + "\"", e);
    }

    private AtmosException unreachable(AuthContext context, SdkClientException e) {
        return AtmosException.auth("cannot reach IAM Identity Center (" + context.aws().ssoOidcBase(config.region().orElse("us-east-1"))
                + ") for " + config.name() + ": " + e.getMessage(), "check your network connection, proxy and AWS_ENDPOINT_URL_SSO_OIDC", e);
    }

    private static void sleep(long seconds) {
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AtmosException(ExitCode.INTERRUPTED, "interrupted", null);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return base64url(b);
    }

    private static String base64url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
