package atmos.auth.provider;

/** azure/device-code held to the provider contract against FakeAzure. */
class AzureDeviceCodeProviderContractTest extends AzureProviderContractTests.DeviceCode {
}
