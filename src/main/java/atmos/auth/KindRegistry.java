package atmos.auth;

import atmos.auth.identity.AmbientKind;
import atmos.auth.identity.UnsupportedIdentityKind;
import atmos.auth.identity.aws.AssumeRoleKind;
import atmos.auth.identity.aws.AssumeRootKind;
import atmos.auth.identity.aws.PermissionSetKind;
import atmos.auth.identity.aws.UserKind;
import atmos.auth.identity.azure.SubscriptionKind;
import atmos.auth.identity.mock.MockIdentityKind;
import atmos.auth.provider.UnsupportedProviderKind;
import atmos.auth.provider.aws.IamIdentityCenterKind;
import atmos.auth.provider.aws.SamlKind;
import atmos.auth.provider.azure.AzureProviderKind;
import atmos.auth.provider.github.GithubOidcKind;
import atmos.auth.provider.mock.MockProviderKind;
import atmos.config.AuthConfig;
import atmos.config.IdentityConfig;
import atmos.config.KindRules;
import atmos.config.Problems;
import atmos.config.ProviderConfig;
import atmos.error.AtmosException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one place provider and identity kinds are registered, keyed by the kind string Atmos uses.
 * An unknown kind is an error that lists the known ones.
 */
public final class KindRegistry implements KindRules {
    private final Map<String, ProviderKind> providers = new LinkedHashMap<>();
    private final Map<String, IdentityKind> identities = new LinkedHashMap<>();

    public KindRegistry(List<ProviderKind> providerKinds, List<IdentityKind> identityKinds) {
        providerKinds.forEach(k -> providers.put(k.kind(), k));
        identityKinds.forEach(k -> identities.put(k.kind(), k));
    }

    /** Every kind Atmos defines; those atmos-java cannot log in with yet are accepted and say so at login. */
    public static KindRegistry builtIn() {
        return new KindRegistry(
                List.of(new IamIdentityCenterKind(), new SamlKind(), new GithubOidcKind(),
                        new AzureProviderKind("azure/device-code"), new AzureProviderKind("azure/cli"),
                        new AzureProviderKind("azure/interactive"), new AzureProviderKind("azure/oidc"),
                        new MockProviderKind("mock"), new MockProviderKind("mock/aws"),
                        new UnsupportedProviderKind("gcp/adc"), new UnsupportedProviderKind("gcp/workload-identity-federation"),
                        new UnsupportedProviderKind("gcp/oidc"), new UnsupportedProviderKind("atmos/pro")),
                List.of(new PermissionSetKind(), new AssumeRoleKind(), new AssumeRootKind(), new UserKind(),
                        new AmbientKind("aws/ambient"), new AmbientKind("ambient"), new SubscriptionKind(),
                        new MockIdentityKind("mock"), new MockIdentityKind("mock/aws"),
                        new UnsupportedIdentityKind("gcp/service-account", false), new UnsupportedIdentityKind("gcp/project", false),
                        new UnsupportedIdentityKind("atmos/pro", false),
                        new UnsupportedIdentityKind("aws/emulator", true), new UnsupportedIdentityKind("gcp/emulator", true),
                        new UnsupportedIdentityKind("azure/emulator", true), new UnsupportedIdentityKind("kubernetes/emulator", true)));
    }

    public ProviderKind provider(String kind) {
        ProviderKind k = providers.get(kind);
        if (k == null) {
            throw AtmosException.config("unknown provider kind \"" + kind + "\"", "known provider kinds: " + String.join(", ", new TreeSet<>(providers.keySet())));
        }
        return k;
    }

    public IdentityKind identity(String kind) {
        IdentityKind k = identities.get(kind);
        if (k == null) {
            throw AtmosException.config("unknown identity kind \"" + kind + "\"", "known identity kinds: " + String.join(", ", new TreeSet<>(identities.keySet())));
        }
        return k;
    }

    @Override
    public Set<String> providerKinds() {
        return Collections.unmodifiableSet(providers.keySet());
    }

    @Override
    public Set<String> identityKinds() {
        return Collections.unmodifiableSet(identities.keySet());
    }

    @Override
    public boolean isStandalone(String identityKind) {
        IdentityKind k = identities.get(identityKind);
        return k != null && k.standalone();
    }

    @Override
    public boolean forbidsVia(String identityKind) {
        IdentityKind k = identities.get(identityKind);
        return k != null && k.forbidsVia();
    }

    @Override
    public void validateProvider(ProviderConfig provider, AuthConfig auth, Problems problems) {
        provider(provider.kind()).validate(provider, auth, problems);
    }

    @Override
    public void validateIdentity(IdentityConfig identity, AuthConfig auth, Problems problems) {
        identity(identity.kind()).validate(identity, auth, problems);
    }
}
