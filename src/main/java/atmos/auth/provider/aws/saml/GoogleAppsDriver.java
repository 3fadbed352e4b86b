package atmos.auth.provider.aws.saml;

import atmos.error.AtmosException;
import java.net.URI;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Google Workspace without a browser, as saml2aws's GoogleApps driver does it: the SAML start URL leads
 * to the sign-in form ({@code #gaia_loginform} or {@code #challenge}); the email is posted, then the
 * password with the form's hidden fields; when 2-Step Verification asks for an authenticator code
 * ({@code …/challenge/totp/…}) the code is posted as {@code Pin}; the last page carries the
 * SAMLResponse. Google's own error message ({@code .error-msg}) is reported.
 */
final class GoogleAppsDriver implements SamlDriver {

    @Override
    public String name() {
        return "GoogleApps";
    }

    @Override
    public String signIn(SignIn s) {
        WebSession web = new WebSession("Google (" + s.url().getHost() + ")", s.context().network());
        WebSession.Page page = web.get(s.url());
        String username = s.login().username();
        Element form = loginForm(page.document(), page);
        Map<String, String> fields = WebSession.inputs(form);
        fields.put("Email", username);
        page = web.postForm(WebSession.action(form, page.url()), fields);
        Document doc = page.document();
        String saml = WebSession.samlResponse(doc);
        if (saml != null) {
            return saml;
        }
        error(doc).ifPresent(e -> {
            throw AtmosException.auth("Google does not know " + username + ": " + e, "check the provider's username");
        });
        form = loginForm(doc, page);
        Map<String, String> password = WebSession.inputs(form);
        password.put("Email", username);
        password.put("Passwd", s.login().password());
        page = web.postForm(WebSession.action(form, page.url()), password);
        for (int round = 0; round < 3; round++) {
            doc = page.document();
            saml = WebSession.samlResponse(doc);
            if (saml != null) {
                return saml;
            }
            var error = error(doc);
            if (error.isPresent()) {
                if (round == 0) {
                    throw new PasswordRejected("Google refused the sign-in of " + username + ": " + error.get());
                }
                throw AtmosException.auth("Google did not accept the verification code for " + username + ": " + error.get(),
                        "run the login again with the current code from your authenticator app");
            }
            Element challenge = doc.selectFirst("form#challenge");
            if (challenge == null) {
                break;
            }
            URI action = WebSession.action(challenge, page.url());
            if (!action.getPath().contains("/challenge/totp/")) {
                throw AtmosException.auth("Google asks for a second step atmos cannot answer (" + action.getPath() + ")",
                        "use driver: Browser, or make an authenticator app your default 2-Step Verification method");
            }
            Map<String, String> pin = WebSession.inputs(challenge);
            char[] code = s.context().prompter().secret("Google verification code: ");
            pin.put("Pin", new String(code).strip());
            java.util.Arrays.fill(code, '\0');
            pin.put("TrustDevice", "on");
            page = web.postForm(action, pin);
        }
        throw AtmosException.auth("Google answered with a page atmos does not recognise (HTTP " + page.status() + ")",
                "sign in once in a browser to see what Google asks for (a captcha, a new device check), or use driver: Browser");
    }

    private static Element loginForm(Document doc, WebSession.Page page) {
        Element form = doc.selectFirst("form#gaia_loginform, form#challenge");
        if (form == null) {
            throw AtmosException.auth("Google showed no sign-in form at " + page.url().getHost() + " (HTTP " + page.status() + ")",
                    "check the provider's url: the SAML start URL of the AWS application (https://accounts.google.com/o/saml2/initsso?…)");
        }
        return form;
    }

    private static java.util.Optional<String> error(Document doc) {
        Element e = doc.selectFirst(".error-msg");
        return e == null || e.text().isBlank() ? java.util.Optional.empty() : java.util.Optional.of(e.text().strip());
    }
}
