package atmos.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What STS checks in a SAML response (for {@link FakeSts}): the XML signature with the IAM SAML
 * provider's key, that the signature covers the assertion that is read (no wrapping), the audience
 * and recipient, and the time window. Failures carry STS's error codes.
 */
final class SamlCheck {
    static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String ROLE_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/Role";
    static final String SESSION_NAME_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
    static final String SESSION_DURATION_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/SessionDuration";

    private SamlCheck() {}

    /** What a verified assertion says; {@code roles} are the raw "role,provider" values. */
    record Verified(String issuer, String subject, String audience, String sessionName,
            Long sessionDuration, List<String> roles) {}

    static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String code;

        Rejected(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    private static Rejected invalid(String message) {
        return new Rejected("InvalidIdentityToken", message);
    }

    static Verified verify(String base64, PublicKey providerKey, Instant now) {
        if (providerKey == null) {
            throw invalid("Specified provider doesn't exist");
        }
        Document doc;
        try {
            doc = parse(Base64.getMimeDecoder().decode(base64));
        } catch (Exception e) {
            throw invalid("Invalid SAML response: the assertion could not be parsed");
        }
        Element response = doc.getDocumentElement();
        if (!SAMLP.equals(response.getNamespaceURI()) || !"Response".equals(response.getLocalName())) {
            throw invalid("Invalid SAML response: not a SAML 2.0 Response");
        }
        markIds(doc);
        NodeList signatures = doc.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
        if (signatures.getLength() == 0) {
            throw invalid("Response signature invalid");
        }
        Element signed = null;
        try {
            Element sigElement = (Element) signatures.item(0);
            DOMValidateContext ctx = new DOMValidateContext(providerKey, sigElement);
            ctx.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
            XMLSignature signature = XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(ctx);
            if (!signature.validate(ctx)) {
                throw invalid("Response signature invalid");
            }
            List<?> refs = signature.getSignedInfo().getReferences();
            if (refs.size() != 1) {
                throw invalid("Response signature invalid");
            }
            String uri = ((Reference) refs.get(0)).getURI();
            signed = uri != null && uri.startsWith("#") ? doc.getElementById(uri.substring(1)) : null;
            if (signed == null || signed != sigElement.getParentNode()) {
                throw invalid("Response signature invalid");
            }
        } catch (Rejected r) {
            throw r;
        } catch (Exception e) {
            throw invalid("Response signature invalid");
        }
        // The assertion that is read must be the one the signature covers (or inside the signed Response).
        NodeList assertions = response.getElementsByTagNameNS(SAML, "Assertion");
        if (assertions.getLength() != 1) {
            throw invalid("Invalid SAML response: expected exactly one assertion");
        }
        Element assertion = (Element) assertions.item(0);
        if (signed != response && signed != assertion) {
            throw invalid("Response signature invalid");
        }
        String issuer = text(assertion, "Issuer");
        String subject = text(assertion, "NameID");
        Element conditions = first(assertion, "Conditions");
        if (conditions != null) {
            window(conditions, now);
        }
        Element confirmation = first(assertion, "SubjectConfirmationData");
        if (confirmation != null) {
            window(confirmation, now);
            String recipient = confirmation.getAttribute("Recipient");
            if (!recipient.isEmpty() && !FakeSts.SAML_RECIPIENT.equals(recipient)) {
                throw invalid("Invalid SAML response: Recipient " + recipient + " is not " + FakeSts.SAML_RECIPIENT);
            }
        }
        String issueInstant = assertion.getAttribute("IssueInstant");
        if (!issueInstant.isEmpty() && Instant.parse(issueInstant).plus(Duration.ofMinutes(5)).isBefore(now)) {
            throw new Rejected("ExpiredTokenException", "Token must be redeemed within 5 minutes of issuance");
        }
        String audience = conditions == null ? null : text(conditions, "Audience");
        if (audience == null || !FakeSts.SAML_AUDIENCES.contains(audience)) {
            throw invalid("Invalid SAML response: the audience " + audience + " is not valid for AWS");
        }
        List<String> roles = new ArrayList<>();
        String sessionName = null;
        Long sessionDuration = null;
        NodeList attributes = assertion.getElementsByTagNameNS(SAML, "Attribute");
        for (int i = 0; i < attributes.getLength(); i++) {
            Element a = (Element) attributes.item(i);
            NodeList values = a.getElementsByTagNameNS(SAML, "AttributeValue");
            for (int j = 0; j < values.getLength(); j++) {
                String v = values.item(j).getTextContent().strip();
                switch (a.getAttribute("Name")) {
                    case ROLE_ATTRIBUTE -> roles.add(v);
                    case SESSION_NAME_ATTRIBUTE -> sessionName = v;
                    case SESSION_DURATION_ATTRIBUTE -> sessionDuration = Long.parseLong(v);
                    default -> { }
                }
            }
        }
        if (sessionName == null || !sessionName.matches("[\\w+=,.@-]{2,64}")) {
            throw invalid("Invalid SAML response: RoleSessionName attribute is missing or invalid");
        }
        return new Verified(issuer, subject, audience, sessionName, sessionDuration, roles);
    }

    private static void window(Element e, Instant now) {
        String before = e.getAttribute("NotBefore");
        if (!before.isEmpty() && now.isBefore(Instant.parse(before))) {
            throw invalid("Invalid SAML response: the assertion is not yet valid (NotBefore " + before + ")");
        }
        String after = e.getAttribute("NotOnOrAfter");
        if (!after.isEmpty() && !now.isBefore(Instant.parse(after))) {
            throw new Rejected("ExpiredTokenException", "Token must be redeemed before " + after
                    + " (NotOnOrAfter); the assertion has expired");
        }
    }

    static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        return b.parse(new ByteArrayInputStream(xml));
    }

    /** SAML's ID attributes, so signature references can find their elements. */
    static void markIds(Document doc) {
        for (String ns : List.of(SAMLP, SAML)) {
            for (String name : List.of("Response", "Assertion")) {
                NodeList l = doc.getElementsByTagNameNS(ns, name);
                for (int i = 0; i < l.getLength(); i++) {
                    Element e = (Element) l.item(i);
                    if (e.hasAttribute("ID")) {
                        e.setIdAttribute("ID", true);
                    }
                }
            }
        }
    }

    private static Element first(Element in, String local) {
        NodeList l = in.getElementsByTagNameNS(SAML, local);
        return l.getLength() == 0 ? null : (Element) l.item(0);
    }

    private static String text(Element in, String local) {
        Element e = first(in, local);
        return e == null ? null : e.getTextContent().strip();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
