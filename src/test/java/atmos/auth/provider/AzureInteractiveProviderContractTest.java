package atmos.auth.provider;

/** azure/interactive held to the provider contract against FakeAzure. */
class AzureInteractiveProviderContractTest extends AzureProviderContractTests.Interactive {
}
