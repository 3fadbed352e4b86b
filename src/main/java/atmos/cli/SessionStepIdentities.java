package atmos.cli;

import atmos.AuthSessions;
import atmos.auth.AuthService;
import atmos.workflow.StepIdentities;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link StepIdentities} over this run's {@link AuthSessions}: each identity is logged in when the
 * first step that needs it starts, and that session is reused by the later steps (asked again only
 * when it is about to expire), so an MFA code or a browser sign-in is asked once per workflow.
 */
final class SessionStepIdentities implements StepIdentities {
    private final AuthSessions sessions;
    private final Map<String, AuthService.Session> loggedIn = new HashMap<>();

    SessionStepIdentities(AuthSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void require(String identity, String because) {
        sessions.requireIdentity(identity, because);
    }

    @Override
    public String chain(String identity) {
        return sessions.authService().chain(identity).display();
    }

    @Override
    public Map<String, String> environment(String identity, Map<String, String> base) {
        AuthService service = sessions.authService();
        AuthService.Session s = loggedIn.get(identity);
        Instant soon = service.context().now().plus(AuthService.REFRESH_MARGIN);
        if (s == null || s.expiration().map(e -> e.isBefore(soon)).orElse(false)) {
            s = service.session(identity);
            loggedIn.put(identity, s);
        }
        Map<String, String> env = service.environments().environment(s, base);
        // A nested atmos command (terraform plan …) then runs as this identity, not its stack's default.
        env.put("ATMOS_IDENTITY", identity);
        return env;
    }
}
