package atmos.cloud.aws;

import atmos.error.AtmosException;
import atmos.system.Host;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Where AWS calls go, as the AWS SDKs decide it from the command's environment:
 * {@code AWS_ENDPOINT_URL_<SERVICE>}, then {@code AWS_ENDPOINT_URL}, unless
 * {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}; otherwise the service's public endpoint. The one place
 * this rule lives: SDK clients ({@link AwsClients}), the console sign-in ({@link ConsoleSignIn}) and the
 * SAML Browser driver's {@code /saml} endpoint all ask here. Loads nothing of the SDK.
 */
public final class Endpoints {
    private Endpoints() {
    }

    /**
     * The configured endpoint for a service id as the SDKs spell it in variable names ({@code STS},
     * {@code SSO}, {@code SSO_OIDC}, {@code SIGNIN}), if any.
     */
    public static Optional<URI> configured(Host host, String service) {
        if (host.getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").map(v -> v.equalsIgnoreCase("true")).orElse(false)) {
            return Optional.empty();
        }
        String specific = "AWS_ENDPOINT_URL_" + service;
        Optional<String> value = host.getenv(specific);
        String name = value.isPresent() ? specific : "AWS_ENDPOINT_URL";
        return value.or(() -> host.getenv("AWS_ENDPOINT_URL")).map(v -> parse(name, v));
    }

    /**
     * The AWS sign-in service's base URL (no trailing slash): the configured {@code SIGNIN} endpoint, else
     * {@code https://} the partition's sign-in host. The federation endpoint is {@code <base>/federation},
     * the SAML one {@code <base>/saml}.
     */
    public static URI signin(Host host, Partition partition) {
        return configured(host, "SIGNIN").map(Endpoints::trimSlash).orElse(URI.create("https://" + partition.signinHost()));
    }

    /** True when the sign-in endpoint comes from the environment rather than the partition. */
    public static boolean signinConfigured(Host host) {
        return configured(host, "SIGNIN").isPresent();
    }

    private static URI trimSlash(URI u) {
        String s = u.toString();
        return s.endsWith("/") ? URI.create(s.replaceAll("/+$", "")) : u;
    }

    private static URI parse(String variable, String value) {
        try {
            URI u = new URI(value.strip());
            if (u.getScheme() == null || u.getHost() == null
                    || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))) {
                throw new URISyntaxException(value, "not an absolute http(s) URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw AtmosException.config(variable + " is not an absolute http(s) URL",
                    "set " + variable + " to an endpoint such as https://host:port, or unset it");
        }
    }
}
