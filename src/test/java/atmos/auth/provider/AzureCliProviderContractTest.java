package atmos.auth.provider;

/** azure/cli held to the provider contract against FakeAzure. */
class AzureCliProviderContractTest extends AzureProviderContractTests.Cli {
}
