package atmos.auth.provider;

/** azure/oidc held to the provider contract against FakeAzure. */
class AzureOidcProviderContractTest extends AzureProviderContractTests.Oidc {
}
