package atmos.testing;

import atmos.keyring.MemoryKeyring;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Microsoft Entra tenant for tests: {@link FakeAzure} with contoso, alice (Contributor on contoso-dev,
 * nothing on contoso-prod), bob, and a test host whose environment points atmos at the fakes
 * ({@code AZURE_AUTHORITY_HOST}, {@code AZURE_RESOURCE_MANAGER_ENDPOINT}) and trusts the test CA through
 * {@code SSL_CERT_FILE}. The atmos.yaml has {@code azure-dev} (azure/device-code) and
 * {@code azure-web} (azure/interactive) and the identities {@code dev} (default), {@code dev-web},
 * {@code prod} (no access) and {@code nowhere} (no such subscription).
 */
public final class AzureWorld implements AutoCloseable {
    public final TestCa ca = TestCa.create();
    public final FakeAzure azure = FakeAzure.start(ca);
    public final FakeAzure.Tenant contoso = azure.tenant("contoso.onmicrosoft.com", "Contoso");
    public final FakeAzure.User alice = azure.user(contoso, "alice@contoso.onmicrosoft.com", "Alice Example");
    public final FakeAzure.User bob = azure.user(contoso, "bob@contoso.onmicrosoft.com", "Bob Example");
    public final FakeAzure.Subscription dev = azure.subscription(contoso, "contoso-dev", alice.oid());
    public final FakeAzure.Subscription prod = azure.subscription(contoso, "contoso-prod", bob.oid());
    public final TestHost host;
    public final MemoryKeyring keyring = new MemoryKeyring();
    public final Path caFile;

    public AzureWorld(Path tmp) {
        host = new TestHost(tmp).clock(Clock.systemUTC());
        caFile = ca.writePem(tmp.resolve("ca/corporate-ca.pem"));
        env().forEach(host::env);
        host.write("atmos.yaml", config());
    }

    /** What points atmos at the fakes. */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SSL_CERT_FILE", caFile.toString());
        env.put("AZURE_AUTHORITY_HOST", azure.authorityHost());
        env.put("AZURE_RESOURCE_MANAGER_ENDPOINT", azure.armEndpoint());
        return env;
    }

    public String config() {
        return """
                auth:
                  realm: az
                  providers:
                    azure-dev:
                      kind: azure/device-code
                      spec: {tenant_id: "%1$s", location: westeurope}
                    azure-web:
                      kind: azure/interactive
                      spec: {tenant_id: "%1$s"}
                  identities:
                    dev:
                      kind: azure/subscription
                      default: true
                      via: {provider: azure-dev}
                      principal: {subscription_id: "%2$s", location: eastus, resource_group: rg-dev}
                    dev-web:
                      kind: azure/subscription
                      via: {provider: azure-web}
                      principal: {subscription_id: "%2$s"}
                    prod:
                      kind: azure/subscription
                      via: {provider: azure-dev}
                      principal: {subscription_id: "%3$s"}
                    nowhere:
                      kind: azure/subscription
                      via: {provider: azure-dev}
                      principal: {subscription_id: "0b5d0f5c-1111-2222-3333-444455556666"}
                """.formatted(contoso.id(), dev.id(), prod.id());
    }

    /** Runs atmos in-process with the memory keyring as the system keyring. */
    public Cli.Result atmos(String... args) {
        return Cli.with(host.build()).systemKeyring(keyring).run(args);
    }

    public Cli.Result atmos(atmos.system.Browser browser, String... args) {
        return Cli.with(host.build()).systemKeyring(keyring).browser(browser).run(args);
    }

    @Override
    public void close() {
        azure.close();
    }
}
