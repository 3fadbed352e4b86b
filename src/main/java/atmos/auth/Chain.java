package atmos.auth;

import atmos.config.IdentityConfig;
import atmos.config.ProviderConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps from the root to the target identity: an optional provider, then identities, each derived
 * from the one before. Standalone identities (aws/user) make a chain without a provider.
 */
public record Chain(ProviderConfig provider, List<IdentityConfig> identities) {

    public Chain {
        identities = List.copyOf(identities);
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one identity");
        }
    }

    public IdentityConfig target() {
        return identities.get(identities.size() - 1);
    }

    public IdentityConfig root() {
        return identities.get(0);
    }

    /**
     * The directory name that groups the files this chain writes: the provider's name, or
     * {@code aws-user} for chains that start at an aws/user identity (as Atmos names it).
     */
    public String rootName() {
        if (provider != null) {
            return provider.key();
        }
        return root().kind().equals("aws/user") ? "aws-user" : root().key();
    }

    /** Step names from root to target, for messages: {@code acme-sso → admin → prod}. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        if (provider != null) {
            out.add(provider.name());
        }
        identities.forEach(i -> out.add(i.name()));
        return out;
    }

    public String display() {
        return String.join(" → ", names());
    }
}
