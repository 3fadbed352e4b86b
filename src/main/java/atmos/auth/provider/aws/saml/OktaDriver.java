package atmos.auth.provider.aws.saml;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.system.Spinner;
import atmos.text.JsonText;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Okta without a browser, as saml2aws does it: the Authentication API ({@code POST /api/v1/authn} with
 * username and password), then the MFA factor the organisation requires (a TOTP code from Okta Verify
 * or Google Authenticator, or an Okta Verify push polled until it is approved, denied or times out),
 * then the session token is exchanged for a session cookie ({@code /login/sessionCookieRedirect}) on the
 * way to the AWS application's URL, whose page carries the SAMLResponse.
 */
final class OktaDriver implements SamlDriver {
    static final Duration POLL = Duration.ofSeconds(1);

    @Override
    public String name() {
        return "Okta";
    }

    @Override
    public String signIn(SignIn s) {
        URI app = s.url();
        URI org = URI.create(app.getScheme() + "://" + app.getRawAuthority());
        WebSession web = new WebSession("Okta (" + org.getHost() + ")", s.context().network());
        String username = s.login().username();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", s.login().password());
        Map<String, Object> r = json(web.postJson(org.resolve("/api/v1/authn"), JsonText.compact(body)));
        String status = str(r, "status");
        if (status == null) {
            String summary = str(r, "errorSummary");
            if ("E0000004".equals(str(r, "errorCode"))) {
                throw new PasswordRejected("Okta refused the sign-in of " + username + ": " + summary + " (E0000004)");
            }
            throw AtmosException.auth("Okta refused the sign-in of " + username + ": " + (summary == null ? "no reason given" : summary)
                    + (str(r, "errorCode") == null ? "" : " (" + str(r, "errorCode") + ")"), "check the provider's url and username");
        }
        String sessionToken = switch (status) {
            case "SUCCESS" -> str(r, "sessionToken");
            case "MFA_REQUIRED" -> mfa(s, web, r);
            default -> throw AtmosException.auth("Okta cannot sign in " + username + ": account status " + status,
                    "sign in to Okta in a browser once to resolve it (expired password, locked account, MFA enrolment)");
        };
        if (sessionToken == null) {
            throw AtmosException.auth("Okta sent no session token for " + username, "run the login again");
        }
        s.context().log().secret(sessionToken);
        URI redirect = org.resolve("/login/sessionCookieRedirect?checkAccountSetupComplete=true&token="
                + URLEncoder.encode(sessionToken, StandardCharsets.UTF_8) + "&redirectUrl=" + URLEncoder.encode(app.toString(), StandardCharsets.UTF_8));
        WebSession.Page page = web.get(redirect);
        String saml = WebSession.samlResponse(page.document());
        if (saml == null) {
            throw AtmosException.auth("Okta signed in " + username + " but the AWS application page (" + app + ") has no SAMLResponse",
                    "check that url is the embed link of the AWS application in Okta and that you are assigned to it");
        }
        return saml;
    }

    /** One of the supported factors: the only one, or the user's pick on a terminal, else the first. */
    @SuppressWarnings("unchecked")
    private String mfa(SignIn s, WebSession web, Map<String, Object> r) {
        String stateToken = str(r, "stateToken");
        s.context().log().secret(stateToken);
        Object embedded = r.get("_embedded");
        List<Map<String, Object>> factors = new ArrayList<>();
        if (embedded instanceof Map<?, ?> e && e.get("factors") instanceof List<?> l) {
            for (Object f : l) {
                if (f instanceof Map<?, ?> m && supported((Map<String, Object>) m) != null) {
                    factors.add((Map<String, Object>) m);
                }
            }
        }
        if (factors.isEmpty()) {
            throw AtmosException.auth("Okta requires an MFA factor atmos cannot use (supported: Okta Verify push, TOTP codes)",
                    "use driver: Browser, or enrol Okta Verify or Google Authenticator");
        }
        Map<String, Object> factor = factors.get(0);
        if (factors.size() > 1 && s.context().prompter().isTerminal()) {
            List<String> labels = factors.stream().map(OktaDriver::supported).toList();
            factor = factors.get(s.context().prompter().choose("Choose how to confirm the Okta sign-in", labels));
        }
        String verify = href(factor, "verify");
        if (verify == null) {
            throw AtmosException.auth("Okta's MFA factor has no verify link", "run the login again");
        }
        if ("push".equals(str(factor, "factorType"))) {
            return push(s, web, URI.create(verify), stateToken);
        }
        char[] code = s.context().prompter().secret("Okta verification code (" + supported(factor) + "): ");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stateToken", stateToken);
        body.put("passCode", new String(code).strip());
        java.util.Arrays.fill(code, '\0');
        Map<String, Object> v = json(web.postJson(URI.create(verify), JsonText.compact(body)));
        if ("SUCCESS".equals(str(v, "status"))) {
            return str(v, "sessionToken");
        }
        throw AtmosException.auth("Okta did not accept the verification code: " + (str(v, "errorSummary") == null
                        ? "status " + str(v, "status") : str(v, "errorSummary")),
                "run the login again with the current code from your authenticator app (and check this machine's clock)");
    }

    private String push(SignIn s, WebSession web, URI verify, String stateToken) {
        String body = JsonText.compact(Map.of("stateToken", stateToken));
        Instant deadline = s.context().now().plus(s.context().options().timeout());
        s.context().notice().accept("An Okta Verify push was sent; approve it on your phone.");
        URI next = verify;
        try (Spinner spinner = s.context().spinner("Waiting for the Okta Verify push to be approved …")) {
            while (true) {
                Map<String, Object> v = json(web.postJson(next, body));
                if ("SUCCESS".equals(str(v, "status"))) {
                    return str(v, "sessionToken");
                }
                String result = str(v, "factorResult");
                if ("REJECTED".equals(result)) {
                    throw AtmosException.auth("the Okta Verify push was denied on the phone",
                            "run the login again and choose Yes, it's me (if you did not start this sign-in, tell your security team)");
                }
                if ("TIMEOUT".equals(result) || !s.context().now().isBefore(deadline)) {
                    throw AtmosException.auth("the Okta Verify push was not approved in time", "run the login again and approve the push promptly");
                }
                if (!"WAITING".equals(result)) {
                    throw AtmosException.auth("Okta answered the push check with " + (result == null ? str(v, "errorSummary") : result),
                            "run the login again");
                }
                String n = href(v, "next");
                next = n == null ? verify : URI.create(n);
                spinner.update("Waiting for the Okta Verify push to be approved …");
                sleep(POLL);
            }
        }
    }

    /** A label for a factor atmos can use, or null. */
    private static String supported(Map<String, Object> factor) {
        String type = String.valueOf(factor.get("factorType")).toLowerCase(Locale.ROOT);
        String provider = String.valueOf(factor.get("provider")).toUpperCase(Locale.ROOT);
        if (type.equals("push") && provider.equals("OKTA")) {
            return "Okta Verify push";
        }
        if (type.equals("token:software:totp") && (provider.equals("OKTA") || provider.equals("GOOGLE"))) {
            return provider.equals("OKTA") ? "Okta Verify code" : "Google Authenticator code";
        }
        return null;
    }

    private static String href(Map<String, Object> o, String link) {
        if (o.get("_links") instanceof Map<?, ?> links && links.get(link) instanceof Map<?, ?> l && l.get("href") instanceof String h) {
            return h;
        }
        return null;
    }

    private static Map<String, Object> json(WebSession.Page page) {
        try {
            return JsonText.parseObject(page.body());
        } catch (IOException | RuntimeException e) {
            throw AtmosException.auth("Okta answered HTTP " + page.status() + " with something that is not JSON",
                    "check that the provider's url is on your Okta organisation (https://<org>.okta.com/…)");
        }
    }

    private static String str(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v == null ? null : String.valueOf(v);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AtmosException(ExitCode.INTERRUPTED, "interrupted", null);
        }
    }
}
