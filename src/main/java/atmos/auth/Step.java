package atmos.auth;

import atmos.config.IdentityConfig;
import atmos.config.ProviderConfig;
import atmos.credentials.Credentials;

/** One step of a chain with its plug-in instance: what is authenticated, cached and stored in turn. */
sealed interface Step permits Step.ProviderStep, Step.IdentityStep {
    /** The key of the step's credentials in the store. */
    String alias();

    String name();

    record ProviderStep(ProviderConfig config, Provider provider) implements Step {
        public String alias() {
            return config.key();
        }

        public String name() {
            return config.name();
        }

        /** After a fresh sign-in: the provider's follow-up (identity provisioning); a failure is a warning. */
        void afterLogin(AuthContext context, Credentials session) {
            try {
                provider.afterLogin(context, session);
            } catch (RuntimeException e) {
                context.log().warn("after signing in to " + name() + ": " + e.getMessage());
            }
        }
    }

    record IdentityStep(IdentityConfig config, Identity identity) implements Step {
        public String alias() {
            return identity.cacheAlias();
        }

        public String name() {
            return config.name();
        }
    }
}
