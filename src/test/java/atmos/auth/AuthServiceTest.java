package atmos.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.error.AtmosException;
import atmos.keyring.MemoryKeyring;
import atmos.testing.CountingKinds;
import atmos.testing.Engine;
import atmos.testing.FixedClock;
import atmos.testing.ScriptedPrompter;
import atmos.testing.TestHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthServiceTest {
    @TempDir
    Path tmp;

    TestHost host;
    FixedClock clock = FixedClock.at("2026-11-23T10:00:00Z");
    CountingKinds kinds = new CountingKinds();
    MemoryKeyring keyring = new MemoryKeyring();

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp).clock(clock);
        host.write("atmos.yaml", """
                auth:
                  realm: test
                  providers:
                    idp: {kind: test/provider, ttl: 8h}
                  identities:
                    base:
                      kind: test/identity
                      via: {provider: idp}
                      principal: {ttl: 1h}
                    role:
                      kind: test/identity
                      via: {identity: base}
                      principal: {ttl: 30m}
                """);
    }

    private AuthService service() {
        return new Engine(host.build(), kinds.registry(), keyring, new ScriptedPrompter(false)).service;
    }

    @Test
    void aFirstLoginAuthenticatesEveryStepAndStoresEachOne() {
        AuthService.Session s = service().login("role", false);
        assertThat(s.fromCache()).isFalse();
        assertThat(kinds.count("idp")).isEqualTo(1);
        assertThat(kinds.count("base")).isEqualTo(1);
        assertThat(kinds.count("role")).isEqualTo(1);
        assertThat(keyring.keys()).containsExactlyInAnyOrder("atmos_test_idp", "atmos_test_base", "atmos_test_role");
        assertThat(s.expiration()).contains(clock.instant().plus(Duration.ofMinutes(30)));
    }

    @Test
    void aFreshCachedSessionIsReusedWithoutAuthenticatingAnything() {
        service().login("role", false);
        clock.advance(Duration.ofMinutes(20));
        AuthService.Session s = service().login("role", false);
        assertThat(s.fromCache()).isTrue();
        assertThat(kinds.count("role")).isEqualTo(1);
    }

    @Test
    void credentialsWithinFiveMinutesOfExpiryAreRenewedFromTheDeepestFreshStep() {
        service().login("role", false);
        clock.advance(Duration.ofMinutes(26));
        AuthService.Session s = service().login("role", false);
        assertThat(s.fromCache()).isFalse();
        assertThat(kinds.count("idp")).isEqualTo(1);
        assertThat(kinds.count("base")).isEqualTo(1);
        assertThat(kinds.count("role")).isEqualTo(2);
    }

    @Test
    void onlyTheMissingStepsAreReauthenticated() {
        service().login("role", false);
        clock.advance(Duration.ofMinutes(58));
        service().login("role", false);
        assertThat(kinds.count("idp")).isEqualTo(1);
        assertThat(kinds.count("base")).isEqualTo(2);
        assertThat(kinds.count("role")).isEqualTo(2);
        clock.advance(Duration.ofHours(8));
        service().login("role", false);
        assertThat(kinds.count("idp")).isEqualTo(2);
    }

    @Test
    void forceLogsInAgainFromTheProvider() {
        service().login("role", false);
        service().login("role", true);
        assertThat(kinds.count("idp")).isEqualTo(2);
        assertThat(kinds.count("role")).isEqualTo(2);
    }

    @Test
    void aFailedLoginLeavesWhatWasCachedIntact() {
        service().login("role", false);
        String before = keyring.get("atmos_test_role").orElseThrow();
        clock.advance(Duration.ofMinutes(40));
        kinds.failing.add("role");
        assertThatThrownBy(() -> service().login("role", false)).isInstanceOf(AtmosException.class).hasMessageContaining("refused");
        assertThat(keyring.get("atmos_test_role")).contains(before);
        assertThat(keyring.get("atmos_test_base")).isPresent();
    }

    @Test
    void theEnvironmentIsANewMapAndTheParentIsNeverChanged() {
        AuthService service = service();
        Map<String, String> parent = Map.of("PATH", "/bin", "SECRET_FROM_PARENT", "x");
        Map<String, String> env = service.environments().environment(service.login("base", false), parent);
        assertThat(env).containsEntry("TEST_IDENTITY", "base").containsEntry("PATH", "/bin").doesNotContainKey("SECRET_FROM_PARENT");
        assertThat(parent).containsKey("SECRET_FROM_PARENT");
    }

    @Test
    void loggingInTheProviderAloneIsANoOpWhileItIsFresh() {
        AuthService service = service();
        assertThat(service.loginProvider("idp", false).fromCache()).isFalse();
        assertThat(service.loginProvider("IDP", false).fromCache()).isTrue();
        assertThat(kinds.count("idp")).isEqualTo(1);
    }

    @Test
    void logoutRemovesExactlyTheIdentitysSession() {
        AuthService service = service();
        service.login("role", false);
        Logout.Removed r = service.logout(false).identity("role", false);
        assertThat(r.keyringEntries()).containsExactly("atmos_test_role");
        assertThat(keyring.keys()).containsExactlyInAnyOrder("atmos_test_idp", "atmos_test_base");
    }

    @Test
    void logoutOfAProviderRemovesItsIdentitiesToo() {
        AuthService service = service();
        service.login("role", false);
        service.logout(false).provider("idp", false);
        assertThat(keyring.keys()).isEmpty();
    }
}
