package atmos.auth;

import atmos.config.AuthConfig;
import atmos.config.AuthValidator;
import atmos.config.IdentityConfig;
import atmos.config.ProviderConfig;
import atmos.error.AtmosException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an identity name into its chain {@code [provider?, identity, …, target]} by following
 * {@code via}, rejecting unknown names, dangling references and cycles with messages that name them.
 */
public final class ChainResolver {
    private final AuthConfig auth;
    private final KindRegistry kinds;

    public ChainResolver(AuthConfig auth, KindRegistry kinds) {
        this.auth = auth;
        this.kinds = kinds;
    }

    public Chain resolve(String identityName) {
        IdentityConfig target = identity(identityName);
        List<IdentityConfig> reversed = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        IdentityConfig current = target;
        ProviderConfig provider = null;
        while (true) {
            if (!seen.add(current.key())) {
                List<String> cycle = new ArrayList<>();
                reversed.forEach(i -> cycle.add(i.name()));
                Collections.reverse(cycle);
                cycle.add(cycle.get(0));
                throw AtmosException.config("circular dependency in identity chain: " + String.join(" -> ", cycle),
                        "break the cycle: one of these identities must use via.provider");
            }
            reversed.add(current);
            Optional<String> viaProvider = current.viaProvider();
            Optional<String> viaIdentity = current.viaIdentity();
            if (viaProvider.isPresent()) {
                String name = viaProvider.get();
                provider = auth.provider(name).orElseThrow(() -> AtmosException.config(
                        "provider \"" + name + "\" (used by identity \"" + identityName + "\") is not configured"
                                + AuthValidator.suggestion(name, auth.providers().keySet()),
                        configured("providers", auth.providers().keySet())));
                break;
            }
            if (viaIdentity.isPresent()) {
                String name = viaIdentity.get();
                IdentityConfig from = current;
                current = auth.identity(name).orElseThrow(() -> AtmosException.config(
                        "identity \"" + name + "\" (via of \"" + from.name() + "\") is not configured"
                                + AuthValidator.suggestion(name, auth.identities().keySet()),
                        configured("identities", auth.identities().keySet())));
                continue;
            }
            if (!kinds.isStandalone(current.kind())) {
                throw AtmosException.config("identity \"" + current.name() + "\" has no via configuration",
                        "add 'via: {provider: <provider>}' or 'via: {identity: <identity>}' to it in atmos.yaml");
            }
            break;
        }
        Collections.reverse(reversed);
        return new Chain(provider, reversed);
    }

    /** The identity, looked up case-insensitively, or an error listing the configured ones. */
    public IdentityConfig identity(String name) {
        return auth.identity(name).orElseThrow(() -> AtmosException.config(
                "identity \"" + name + "\" not found" + AuthValidator.suggestion(name, auth.identities().keySet()),
                auth.identities().isEmpty() ? "no identities are configured; add them under auth.identities in atmos.yaml"
                        + " (or select a profile with --profile / ATMOS_PROFILE)"
                        : "configured identities: " + String.join(", ", auth.identities().keySet()) + " (see 'atmos auth list')"));
    }

    private static String configured(String what, Set<String> names) {
        return names.isEmpty() ? "no " + what + " are configured" : "configured " + what + ": " + String.join(", ", names);
    }
}
