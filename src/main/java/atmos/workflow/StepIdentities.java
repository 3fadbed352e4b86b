package atmos.workflow;

import java.util.Map;

/**
 * How steps get their identity's credentials: one login per identity per run (the first step that
 * needs it logs in; later ones reuse that session), never a login for a dry run. Implemented over
 * {@code AuthSessions}; tests may fake it.
 */
public interface StepIdentities {

    /** Fails with a clear error (naming the profiles that define it) unless the identity is defined. */
    void require(String identity, String because);

    /** The identity's chain as {@code provider → identity → …}, without logging in. */
    String chain(String identity);

    /**
     * {@code base} with the identity's variables (isolated credential files, profile, region, its
     * {@code env}) and {@code ATMOS_IDENTITY}; logs the identity in on its first use in this run.
     */
    Map<String, String> environment(String identity, Map<String, String> base);
}
