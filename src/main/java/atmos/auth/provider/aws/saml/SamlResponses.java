package atmos.auth.provider.aws.saml;

import atmos.credentials.SamlAssertion;
import atmos.error.AtmosException;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads what this tool needs from a SAML response: the AWS role/provider pairs and when it stops being
 * accepted. The signature is not checked here (STS checks it); the XML is parsed with DTDs and external
 * entities off.
 */
public final class SamlResponses {
    static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    public static final String ROLE_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/Role";

    private SamlResponses() {
    }

    public static SamlAssertion parse(String provider, String base64) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(Base64.getMimeDecoder().decode(base64.strip())));
        } catch (Exception e) {
            throw AtmosException.auth("the SAML response from " + provider + " is not valid XML",
                    "check the provider's url points at the AWS application of your identity provider");
        }
        NodeList status = doc.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:protocol", "StatusCode");
        if (status.getLength() > 0) {
            String value = ((Element) status.item(0)).getAttribute("Value");
            if (!value.isEmpty() && !value.endsWith(":Success")) {
                throw AtmosException.auth("the identity provider " + provider + " answered with SAML status " + value,
                        "ask your IdP administrator whether you are assigned to the AWS application");
            }
        }
        List<SamlAssertion.Role> roles = new ArrayList<>();
        NodeList attributes = doc.getElementsByTagNameNS(SAML, "Attribute");
        for (int i = 0; i < attributes.getLength(); i++) {
            Element a = (Element) attributes.item(i);
            if (!ROLE_ATTRIBUTE.equals(a.getAttribute("Name"))) {
                continue;
            }
            NodeList values = a.getElementsByTagNameNS(SAML, "AttributeValue");
            for (int j = 0; j < values.getLength(); j++) {
                role(values.item(j).getTextContent()).ifPresent(roles::add);
            }
        }
        Instant notOnOrAfter = null;
        for (String element : List.of("Conditions", "SubjectConfirmationData")) {
            NodeList l = doc.getElementsByTagNameNS(SAML, element);
            for (int i = 0; i < l.getLength(); i++) {
                String v = ((Element) l.item(i)).getAttribute("NotOnOrAfter");
                if (!v.isEmpty()) {
                    try {
                        Instant t = Instant.parse(v.strip());
                        notOnOrAfter = notOnOrAfter == null || t.isBefore(notOnOrAfter) ? t : notOnOrAfter;
                    } catch (RuntimeException e) {
                        // an unreadable time is left to STS to judge
                    }
                }
            }
        }
        return new SamlAssertion(provider, base64.strip(), roles, notOnOrAfter);
    }

    /** {@code role,provider} or {@code provider,role} (IdPs write both), whitespace tolerated. */
    static java.util.Optional<SamlAssertion.Role> role(String value) {
        String[] parts = value.strip().split("\\s*,\\s*");
        if (parts.length != 2) {
            return java.util.Optional.empty();
        }
        if (parts[0].contains(":role/") && parts[1].contains(":saml-provider/")) {
            return java.util.Optional.of(new SamlAssertion.Role(parts[0], parts[1]));
        }
        if (parts[1].contains(":role/") && parts[0].contains(":saml-provider/")) {
            return java.util.Optional.of(new SamlAssertion.Role(parts[1], parts[0]));
        }
        return java.util.Optional.empty();
    }
}
