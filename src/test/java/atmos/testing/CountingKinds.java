package atmos.testing;

import atmos.auth.AuthContext;
import atmos.auth.Chain;
import atmos.auth.Identity;
import atmos.auth.IdentityKind;
import atmos.auth.KindRegistry;
import atmos.auth.Provider;
import atmos.auth.ProviderKind;
import atmos.config.AuthConfig;
import atmos.config.IdentityConfig;
import atmos.config.Problems;
import atmos.config.ProviderConfig;
import atmos.credentials.Credentials;
import atmos.credentials.MockCredentials;
import atmos.error.AtmosException;
import atmos.exec.EnvChange;
import atmos.text.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Provider and identity kinds for engine tests ({@code test/provider}, {@code test/identity}): they
 * count their logins, last {@code ttl} (config field), and can be told to fail.
 */
public final class CountingKinds {
    public final Map<String, AtomicInteger> logins = new LinkedHashMap<>();
    public final List<String> failing = new ArrayList<>();

    public int count(String name) {
        return logins.computeIfAbsent(name, k -> new AtomicInteger()).get();
    }

    private void record(String name) {
        if (failing.contains(name)) {
            throw AtmosException.auth("login of " + name + " refused (test)", null);
        }
        logins.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    }

    public KindRegistry registry() {
        KindRegistry builtIn = KindRegistry.builtIn();
        List<ProviderKind> ps = new ArrayList<>(builtIn.providerKinds().stream().map(builtIn::provider).toList());
        List<IdentityKind> is = new ArrayList<>(builtIn.identityKinds().stream().map(builtIn::identity).toList());
        ps.add(new ProviderKind() {
            public String kind() {
                return "test/provider";
            }

            public void validate(ProviderConfig config, AuthConfig auth, Problems problems) {
            }

            public Provider create(ProviderConfig config, AuthContext context) {
                return new Provider() {
                    public ProviderConfig config() {
                        return config;
                    }

                    public Credentials authenticate(AuthContext ctx) {
                        record(config.name());
                        return creds(config.name(), ctx, config.node().string("ttl").orElse("1h"));
                    }
                };
            }
        });
        is.add(new IdentityKind() {
            public String kind() {
                return "test/identity";
            }

            public void validate(IdentityConfig config, AuthConfig auth, Problems problems) {
            }

            public Identity create(IdentityConfig config, AuthContext context) {
                return new Identity() {
                    public IdentityConfig config() {
                        return config;
                    }

                    public Credentials authenticate(AuthContext ctx, Chain chain, Credentials base) {
                        if (base == null) {
                            throw new AssertionError("identity " + config.name() + " derived from nothing");
                        }
                        record(config.name());
                        return creds(config.name(), ctx, config.principal().string("ttl").orElse("1h"));
                    }

                    public EnvChange environment(AuthContext ctx, Chain chain, Credentials credentials) {
                        return new EnvChange(Map.of("TEST_IDENTITY", config.key()), Set.of("SECRET_FROM_PARENT"));
                    }
                };
            }
        });
        return new KindRegistry(ps, is);
    }

    static Credentials creds(String name, AuthContext ctx, String ttl) {
        Duration d = Durations.parse(ttl);
        return new MockCredentials("KEY_" + name, "SECRET_" + name, "TOKEN_" + name, "us-east-1", ctx.now().plus(d));
    }
}
