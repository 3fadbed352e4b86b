package atmos.auth;

import atmos.cloud.aws.Sts;
import atmos.config.IdentityConfig;
import atmos.credentials.AwsCredentials;
import atmos.credentials.CredentialCodec;
import atmos.exec.EnvChange;
import atmos.exec.EnvRecipe;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a session gives a command: the environment it runs with ({@code auth exec}, {@code auth shell},
 * {@code atmos terraform}), the variables {@code auth env} prints, with or without a session, and who the
 * credentials are ({@code auth whoami}). The identity kinds say what they set; this adds atmos.yaml's
 * {@code env:} and the identity's own.
 */
public final class SessionEnvironment {
    private final AuthService service;
    private final AuthContext context;

    SessionEnvironment(AuthService service) {
        this.service = service;
        this.context = service.context();
    }

    /** What the session's identity sets and removes. */
    private EnvChange change(AuthService.Session session) {
        return service.identityInstance(session.chain().target()).environment(context, session.chain(), session.credentials());
    }

    /**
     * The environment a command run as this session's identity gets: a new map built from
     * {@code parent}, atmos.yaml's {@code env:}, and the identity's own variables; the parent is never
     * changed.
     */
    public Map<String, String> environment(AuthService.Session session, Map<String, String> parent) {
        return environmentRecipe(session).applyTo(parent);
    }

    /**
     * What {@link #environment} does to the parent environment, as steps: atmos.yaml's {@code env:}, then
     * the identity's removals and variables, then the identity's own {@code env:}.
     */
    public EnvRecipe environmentRecipe(AuthService.Session session) {
        EnvRecipe recipe = new EnvRecipe();
        service.config().env().values().forEach(recipe::put);
        service.config().env().warnings().forEach(w -> context.log().warn(w));
        EnvChange change = change(session);
        change.remove().stream().sorted().forEach(recipe::remove);
        change.set().forEach(recipe::put);
        session.chain().target().env().forEach(e -> recipe.put(e.key(), e.value()));
        return recipe;
    }

    /**
     * The variables {@code auth env} prints: the identity's environment plus, for AWS sessions, the keys
     * themselves (so tools that read only variables work too).
     */
    public Map<String, String> exportedVariables(AuthService.Session session) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.putAll(change(session).set());
        if (session.credentials() instanceof AwsCredentials aws && aws.isSession()) {
            vars.put("AWS_ACCESS_KEY_ID", aws.accessKeyId());
            vars.put("AWS_SECRET_ACCESS_KEY", aws.secretAccessKey());
            vars.put("AWS_SESSION_TOKEN", aws.sessionToken());
            if (aws.expirationTime() != null) {
                vars.put("AWS_CREDENTIAL_EXPIRATION", CredentialCodec.time(aws.expirationTime()));
            }
        }
        session.chain().target().env().forEach(e -> vars.put(e.key(), e.value()));
        return vars;
    }

    /**
     * Who a session's credentials are: what the identity knows, else STS's answer for AWS credentials
     * that are still valid ({@code ask}), else what the configuration names.
     */
    public Identity.Principal principal(AuthService.Session s, boolean ask) {
        Optional<Identity.Principal> known = service.identityInstance(s.chain().target()).principal(s.credentials());
        if (known.isPresent()) {
            return known.get();
        }
        if (ask && s.credentials() instanceof AwsCredentials aws) {
            try {
                String region = aws.region() != null ? aws.region() : "us-east-1";
                Sts.CallerIdentity who = context.sts().getCallerIdentity(aws, region);
                return new Identity.Principal(who.arn(), who.account());
            } catch (RuntimeException e) {
                context.log().debug("GetCallerIdentity failed; showing the configured principal", "error", e.getMessage());
            }
        }
        return configuredPrincipal(s.chain().target());
    }

    /** The principal the configuration names (a role ARN, an account id), with no call. */
    public static Identity.Principal configuredPrincipal(IdentityConfig i) {
        Optional<String> role = i.principal().string("assume_role");
        if (role.isPresent()) {
            String[] parts = role.get().split(":");
            return new Identity.Principal(role.get(), parts.length > 4 && parts[4].matches("\\d{12}") ? parts[4] : null);
        }
        Optional<String> account = i.principal().child("account").string("id").or(() -> i.principal().string("target_principal"));
        return new Identity.Principal(null, account.orElse(null));
    }

    /**
     * The variables an identity sets before it has credentials (files, profile, region, its {@code env}):
     * what {@code auth env} prints without {@code --login} when nothing valid is cached.
     */
    public Map<String, String> configuredVariables(String identity) {
        Chain chain = service.chain(identity);
        service.requireValid(chain);
        Map<String, String> vars = new LinkedHashMap<>(service.identityInstance(chain.target()).environment(context, chain, null).set());
        chain.target().env().forEach(e -> vars.put(e.key(), e.value()));
        return vars;
    }
}
