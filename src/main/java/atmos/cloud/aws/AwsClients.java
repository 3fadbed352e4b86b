package atmos.cloud.aws;

import atmos.credentials.AwsCredentials;
import atmos.net.Network;
import atmos.system.ClockSkew;
import atmos.system.Host;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The one place AWS SDK clients are built. Endpoints follow the SDK conventions, read from the
 * command's environment (not the JVM's): {@code AWS_ENDPOINT_URL_<SERVICE>}, then {@code AWS_ENDPOINT_URL},
 * unless {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}; otherwise the SDK's regional endpoint. Clients
 * never read {@code ~/.aws}: the credentials are always given explicitly. Built lazily, so commands
 * served from cache never load the SDK. Connections take their trust ({@code SSL_CERT_FILE},
 * {@code AWS_CA_BUNDLE}) and proxy ({@code HTTPS_PROXY}, {@code NO_PROXY}) from {@link Network}.
 */
public final class AwsClients {
    private static final ProfileFile EMPTY_PROFILES = ProfileFile.builder()
            .content(new ByteArrayInputStream(new byte[0])).type(ProfileFile.Type.CONFIGURATION).build();

    private final Host host;
    private final Network network;
    private final ClockSkew skew;
    private SdkHttpClient http;

    /** Clients whose measured clock skew is applied but not reported (tests). */
    public AwsClients(Host host) {
        this(host, Network.from(host), ClockSkew.none(host.clock()));
    }

    public AwsClients(Host host, Network network) {
        this(host, network, ClockSkew.none(host.clock()));
    }

    /**
     * @param network trust and proxy settings shared by every HTTPS client
     * @param skew    measures the local clock against every response's {@code Date} header
     */
    public AwsClients(Host host, Network network, ClockSkew skew) {
        this.host = host;
        this.network = network;
        this.skew = skew;
    }

    /** The clock skew measured on the responses of these clients (see {@link ClockSkew}). */
    public ClockSkew skew() {
        return skew;
    }

    /** The endpoint override for a service id such as {@code STS}, {@code SSO}, {@code SSO_OIDC}, if any. */
    public Optional<URI> endpoint(String serviceEnvSuffix) {
        return Endpoints.configured(host, serviceEnvSuffix);
    }

    synchronized SdkHttpClient http() {
        if (http == null) {
            // The connection factory is ours so that the proxy and trust decisions are the same as every other client's.
            http = UrlConnectionHttpClient.create(uri -> network.openAws(uri, Duration.ofSeconds(10), Duration.ofSeconds(60)));
        }
        return http;
    }

    ClientOverrideConfiguration isolated() {
        return ClientOverrideConfiguration.builder()
                .defaultProfileFile(EMPTY_PROFILES)
                .defaultProfileName("default")
                .addExecutionInterceptor(new DateHeaderInterceptor(skew))
                .build();
    }

    /** Hands the {@code Date} header of every response (errors included) to the skew measure. */
    private record DateHeaderInterceptor(ClockSkew skew) implements ExecutionInterceptor {
        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            var response = context.httpResponse();
            response.firstMatchingHeader("Date").ifPresent(date -> skew.observe(date,
                    context.httpRequest().host() + (context.httpRequest().port() > 0 ? ":" + context.httpRequest().port() : "")));
        }
    }

    public StsClient sts(AwsCredentials credentials, String region) {
        return sts(provider(credentials), region);
    }

    public StsClient anonymousSts(String region) {
        return sts(AnonymousCredentialsProvider.create(), region);
    }

    private StsClient sts(AwsCredentialsProvider provider, String region) {
        var b = StsClient.builder()
                .httpClient(http())
                .region(Region.of(region))
                .credentialsProvider(provider)
                .overrideConfiguration(isolated());
        endpoint("STS").ifPresent(b::endpointOverride);
        return b.build();
    }

    /** The IAM Identity Center portal (bearer token, no signing). */
    public SsoClient sso(String region) {
        var b = SsoClient.builder().httpClient(http()).region(Region.of(region))
                .credentialsProvider(AnonymousCredentialsProvider.create()).overrideConfiguration(isolated());
        endpoint("SSO").ifPresent(b::endpointOverride);
        return b.build();
    }

    /** IAM Identity Center OIDC (client registration, device authorization, tokens). */
    public SsoOidcClient ssoOidc(String region) {
        var b = SsoOidcClient.builder().httpClient(http()).region(Region.of(region))
                .credentialsProvider(AnonymousCredentialsProvider.create()).overrideConfiguration(isolated());
        endpoint("SSO_OIDC").ifPresent(b::endpointOverride);
        return b.build();
    }

    /** Where the browser goes to approve an authorization-code login. */
    public URI ssoOidcBase(String region) {
        return endpoint("SSO_OIDC").orElse(URI.create("https://oidc." + region + ".amazonaws.com"));
    }

    static AwsCredentialsProvider provider(AwsCredentials c) {
        if (c.isSession()) {
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey()));
    }

    /** The endpoint STS calls go to, for messages. */
    public String stsEndpointDescription(String region) {
        return endpoint("STS").map(URI::toString).orElse("sts." + region + ".amazonaws.com");
    }
}
