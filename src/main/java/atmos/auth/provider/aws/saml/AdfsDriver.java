package atmos.auth.provider.aws.saml;

import atmos.error.AtmosException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * ADFS without a browser, as saml2aws does it: the IdP-initiated sign-on page for the AWS relying party
 * ({@code /adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices}, appended when the url is
 * just the ADFS host), its forms-authentication form filled (inputs named like user/email get the
 * username, like pass the password, the others pass through), then a verification-code form when the
 * farm asks for one, until the page carries the SAMLResponse. ADFS's own error text is reported.
 */
final class AdfsDriver implements SamlDriver {
    static final String AWS_RELYING_PARTY = "urn:amazon:webservices";

    @Override
    public String name() {
        return "ADFS";
    }

    static URI signOnUrl(URI url) {
        if (url.getPath() != null && url.getPath().toLowerCase(Locale.ROOT).contains("/adfs/ls")) {
            return url;
        }
        String base = url.toString().replaceAll("/+$", "");
        return URI.create(base + "/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=" + AWS_RELYING_PARTY);
    }

    @Override
    public String signIn(SignIn s) {
        URI start = signOnUrl(s.url());
        WebSession web = new WebSession("ADFS (" + start.getHost() + ")", s.context().network());
        WebSession.Page page = web.get(start);
        Document doc = page.document();
        Element form = doc.selectFirst("form:has(input[type=password])");
        if (form == null) {
            form = doc.selectFirst("form");
        }
        if (form == null) {
            throw AtmosException.auth("ADFS at " + start.getHost() + " showed no sign-in form (HTTP " + page.status() + ")",
                    "check the provider's url: the ADFS host, or its /adfs/ls/IdpInitiatedSignOn.aspx page");
        }
        String username = s.login().username();
        Map<String, String> fields = WebSession.inputs(form);
        for (Element input : form.select("input[name]")) {
            String name = input.attr("name");
            String lname = name.toLowerCase(Locale.ROOT);
            boolean hidden = input.attr("type").equalsIgnoreCase("hidden");
            if (!hidden && (lname.contains("user") || lname.contains("email"))) {
                fields.put(name, username);
            } else if (!hidden && lname.contains("pass")) {
                fields.put(name, s.login().password());
            }
        }
        URI action = WebSession.action(form, page.url());
        page = web.postForm(action, fields);
        boolean codeSent = false;
        for (int round = 0; round < 4; round++) {
            doc = page.document();
            String saml = WebSession.samlResponse(doc);
            if (saml != null) {
                return saml;
            }
            String error = errorText(doc);
            if (error != null && codeSent) {
                throw AtmosException.auth("ADFS refused the verification code for " + username + ": " + error,
                        "run the login again with the current code");
            }
            if (error != null) {
                throw new PasswordRejected("ADFS refused the sign-in of " + username + ": " + error);
            }
            Element code = doc.selectFirst("input[name~=(?i)verificationcode|security_code]");
            if (code == null || codeSent) {
                break;
            }
            Element codeForm = code.closest("form");
            Map<String, String> otp = WebSession.inputs(codeForm);
            char[] value = s.context().prompter().secret("ADFS verification code: ");
            otp.put(code.attr("name"), new String(value).strip());
            java.util.Arrays.fill(value, '\0');
            page = web.postForm(WebSession.action(codeForm, page.url()), otp);
            codeSent = true;
        }
        throw AtmosException.auth("ADFS at " + start.getHost() + " answered with a page atmos does not recognise (HTTP " + page.status() + ")",
                "sign in once in a browser to see what ADFS asks for, or use driver: Browser");
    }

    private static String errorText(Document doc) {
        Element e = doc.selectFirst("#errorText, #error .error, .error-message");
        return e == null || e.text().isBlank() ? null : e.text().strip();
    }
}
