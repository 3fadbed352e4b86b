package atmos.credentials;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A SAML response from an identity provider, as the AWS sign-in endpoint would receive it, with the
 * role/provider pairs its {@code https://aws.amazon.com/SAML/Attributes/Role} attribute grants. It is a
 * bearer credential for every one of those roles until {@code notOnOrAfter}, so it lives in memory
 * only: {@link CredentialCodec} refuses to encode it and {@code toString} never shows it.
 *
 * @param encoded the base64 {@code SAMLResponse} exactly as the IdP posted it (what STS wants)
 * @param roles the role/provider pairs of the assertion, in the IdP's order
 * @param notOnOrAfter when STS stops accepting it (the earliest of the assertion's limits), if stated
 */
public record SamlAssertion(String provider, String encoded, List<Role> roles, Instant notOnOrAfter) implements Credentials {

    public SamlAssertion {
        roles = List.copyOf(roles);
    }

    /** One value of the Role attribute: the role to assume and the IAM SAML provider that vouches for it. */
    public record Role(String roleArn, String principalArn) {
    }

    @Override
    public String type() {
        return "saml";
    }

    @Override
    public Optional<Instant> expiration() {
        return Optional.ofNullable(notOnOrAfter);
    }

    @Override
    public String toString() {
        return "SamlAssertion[provider=" + provider + ", roles=" + roles.size() + ", notOnOrAfter=" + notOnOrAfter + "]";
    }
}
