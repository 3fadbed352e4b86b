package atmos.config;

import java.util.Set;

/**
 * What validation needs to know about provider and identity kinds; implemented by the kind registry
 * so that each kind checks its own fields and the generic rules stay here.
 */
public interface KindRules {

    Set<String> providerKinds();

    Set<String> identityKinds();

    /** Kinds that stand alone and take no {@code via} (aws/user, aws/ambient, ambient). */
    boolean isStandalone(String identityKind);

    /** Kinds that must not have a {@code via} at all (ambient kinds). */
    boolean forbidsVia(String identityKind);

    void validateProvider(ProviderConfig provider, AuthConfig auth, Problems problems);

    void validateIdentity(IdentityConfig identity, AuthConfig auth, Problems problems);
}
