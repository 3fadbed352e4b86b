package atmos.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.AzureWorld;
import atmos.testing.Cli;
import atmos.testing.FakeAzure;
import atmos.testing.RecordingProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 2, nothing lost on failure, for Azure: after a good device-code sign-in (file keyring, so
 * keyring items are files too), each failure people meet with Microsoft Entra and ARM — a tenant Entra
 * does not know, a subscription that does not exist or is not theirs, a refresh token Entra no longer
 * accepts followed by a sign-in that is declined, ARM unreachable after a new sign-in, Entra going away
 * in the middle of a device flow — leaves every file under the home directory (keyring items, the
 * isolated AZURE_CONFIG_DIR) byte for byte as it was, compared by SHA-256 so a failure names the file
 * without printing the tokens in it; and the cached sign-in still serves.
 */
class AzureFailedLoginKeepsTheCacheTest {
    @TempDir
    Path tmp;

    AzureWorld world;
    FakeAzure azure;
    final RecordingProcessRunner processes = new RecordingProcessRunner(0);

    @BeforeEach
    void setUp() {
        world = new AzureWorld(tmp);
        azure = world.azure;
        world.host.env("ATMOS_KEYRING_TYPE", "file").env("ATMOS_KEYRING_PASSWORD", "correct horse battery staple");
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private Cli.Result atmos(String... args) {
        return Cli.with(world.host.build()).processes(processes).run(args);
    }

    /** Every file under the home directory but lock files, by SHA-256. */
    private Map<String, String> everything() throws Exception {
        return FailedLoginKeepsTheCacheTest.everything(world.host.home());
    }

    /** A good sign-in of {@code dev}, whose access tokens live {@code tokens}; returns the snapshot after it. */
    private Map<String, String> loggedIn(Duration tokens) throws Exception {
        azure.autoApproveDevices(world.alice, Duration.ZERO).accessTokenLifetime(tokens);
        Cli.Result login = atmos("auth", "login", "-i", "dev");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        Map<String, String> before = everything();
        assertThat(before.keySet()).as("keyring items and the AZURE_CONFIG_DIR files were written")
                .anyMatch(f -> f.contains("keyring")).anyMatch(f -> f.endsWith("/dev/msal_token_cache.json"));
        azure.autoApproveDevices(null, Duration.ZERO);
        return before;
    }

    private static void oneClearError(Cli.Result r, String... contains) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.err().lines().filter(l -> l.startsWith("error:")).count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains(contains).contains("hint:").doesNotContain("\tat ").doesNotContain("eyJ").doesNotContain("0.RT");
    }

    private void stillServes() {
        Cli.Result exec = atmos("auth", "exec", "-i", "dev", "--", "true");
        assertThat(exec.exitCode()).as("the cached sign-in still serves\n" + exec).isZero();
    }

    @Test
    void a_tenant_entra_does_not_know_changes_nothing() throws Exception {
        // Four-minute tokens: the next command renews, finds the sign-in is for another tenant, and signs in anew there.
        Map<String, String> before = loggedIn(Duration.ofMinutes(4));
        world.host.write("atmos.yaml", world.config().replace("tenant_id: \"" + world.contoso.id() + "\", location",
                "tenant_id: \"fabrikam.onmicrosoft.com\", location"));
        Cli.Result r = atmos("auth", "login", "-i", "dev");
        oneClearError(r, "Microsoft Entra does not know tenant \"fabrikam.onmicrosoft.com\" (AADSTS90002)");
        assertThat(everything()).isEqualTo(before);
        world.host.write("atmos.yaml", world.config());
        stillServes();
    }

    @Test
    void a_subscription_that_does_not_exist_or_is_not_theirs_changes_nothing() throws Exception {
        // Four-minute tokens: the provider's tokens are renewed (successfully) before ARM refuses; that is not kept either.
        Map<String, String> before = loggedIn(Duration.ofMinutes(4));
        long renewed = azure.tokens("refresh_token");
        oneClearError(atmos("auth", "login", "-i", "nowhere"), "was not found in tenant", "ARM SubscriptionNotFound");
        oneClearError(atmos("auth", "login", "-i", "prod"), "has no access to subscription " + world.prod.id(), "AuthorizationFailed");
        assertThat(azure.tokens("refresh_token")).as("the renewals did happen").isGreaterThan(renewed);
        assertThat(azure.tokens(FakeAzure.DEVICE_GRANT)).as("no new sign-in").isEqualTo(1);
        assertThat(everything()).isEqualTo(before);
        stillServes();
    }

    @Test
    void an_expired_refresh_token_then_a_declined_sign_in_changes_nothing() throws Exception {
        Map<String, String> before = loggedIn(Duration.ofMinutes(4));
        azure.expireRefreshTokens();
        int codes = azure.userCodes().size();
        CompletableFuture<Cli.Result> login = CompletableFuture.supplyAsync(() -> atmos("auth", "login", "-i", "dev"));
        String code = awaitNewUserCode(codes);
        azure.decline(code);
        Cli.Result r = login.get(60, TimeUnit.SECONDS);
        oneClearError(r, "was declined");
        assertThat(r.err()).contains("The Azure sign-in of azure-dev has expired (AADSTS700082); signing in again.");
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void arm_unreachable_after_a_new_sign_in_changes_nothing() throws Exception {
        Map<String, String> before = loggedIn(Duration.ofHours(1));
        azure.autoApproveDevices(world.alice, Duration.ZERO);
        world.host.env("AZURE_RESOURCE_MANAGER_ENDPOINT", "https://127.0.0.1:1/");
        Cli.Result r = atmos("auth", "login", "-i", "dev", "--force");
        oneClearError(r, "error: cannot reach Azure Resource Manager (127.0.0.1): connection refused");
        assertThat(azure.tokens(FakeAzure.DEVICE_GRANT)).as("the new sign-in succeeded").isEqualTo(2);
        assertThat(everything()).as("but nothing of it was stored before the chain was through").isEqualTo(before);
        world.host.env("AZURE_RESOURCE_MANAGER_ENDPOINT", azure.armEndpoint());
        stillServes();
    }

    @Test
    void entra_going_away_in_the_middle_of_a_device_flow_changes_nothing() throws Exception {
        Map<String, String> before = loggedIn(Duration.ofHours(1));
        int codes = azure.userCodes().size();
        CompletableFuture<Cli.Result> login = CompletableFuture.supplyAsync(() -> atmos("auth", "login", "-i", "dev", "--force"));
        awaitNewUserCode(codes);
        azure.close(); // the server goes away while atmos polls for the approval
        Cli.Result r = login.get(90, TimeUnit.SECONDS);
        // Refused, reset or cut off, depending on where in its poll atmos was: said as such, not as a refused sign-in.
        oneClearError(r, "error: cannot reach the Microsoft identity platform for provider \"azure-dev\" (azure/device-code): ",
                "hint: check your network");
        assertThat(r.err()).doesNotContain(": null").doesNotContain("check spec.tenant_id");
        assertThat(everything()).isEqualTo(before);
        stillServes();
    }

    /** Waits until Entra issued a device code past the first {@code known}, and returns its user code. */
    private String awaitNewUserCode(int known) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> codes;
        while ((codes = azure.userCodes()).size() <= known) {
            assertThat(System.nanoTime()).as("a new device flow started").isLessThan(deadline);
            Thread.sleep(20);
        }
        return codes.get(known);
    }
}
