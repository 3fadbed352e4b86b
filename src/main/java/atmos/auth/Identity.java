package atmos.auth;

import atmos.config.IdentityConfig;
import atmos.credentials.Credentials;
import atmos.exec.EnvChange;
import java.util.Optional;

/**
 * One step after the provider: turns the previous step's credentials (or, for a standalone identity,
 * nothing) into its own, and tells which environment a command run as this identity gets.
 */
public interface Identity {

    IdentityConfig config();

    /**
     * Derives this identity's credentials.
     *
     * @param chain the chain being authenticated (this identity is one of its steps)
     * @param base the previous step's credentials; null for standalone identities
     */
    Credentials authenticate(AuthContext context, Chain chain, Credentials base);

    /** Writes what other tools read (AWS shared files …) for credentials just obtained or taken from cache. */
    default void persist(AuthContext context, Chain chain, Credentials credentials) {
    }

    /** Reads back what {@link #persist} wrote, as a second cache when the keyring has nothing. */
    default Optional<Credentials> loadPersisted(AuthContext context, Chain chain) {
        return Optional.empty();
    }

    /** Removes what {@link #persist} wrote. */
    default void removePersisted(AuthContext context, Chain chain) {
    }

    /** Where {@link #persist} writes, for messages ({@code logout} lists what it removed); null when nowhere. */
    default String persistedLocation(AuthContext context, Chain chain) {
        return null;
    }

    /** The variables a command run as this identity gets, and those it must not inherit. */
    EnvChange environment(AuthContext context, Chain chain, Credentials credentials);

    /** Who these credentials are, as far as can be told without calling the cloud. */
    default Optional<Principal> principal(Credentials credentials) {
        return Optional.empty();
    }

    /** The cloud web console this identity opens ({@code atmos auth console}), if its cloud has one. */
    default Optional<WebConsole> webConsole() {
        return Optional.empty();
    }

    /** The keyring alias under which this identity's step credentials are cached. */
    default String cacheAlias() {
        return config().key();
    }


    /** A principal ARN and account, for whoami. */
    record Principal(String arn, String account) {
    }
}
