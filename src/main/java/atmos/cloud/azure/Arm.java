package atmos.cloud.azure;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.net.Network;
import atmos.text.JsonText;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Azure Resource Manager, as far as atmos needs it: one subscription, read with an access token. */
public final class Arm {
    static final String API_VERSION = "2022-12-01";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Network network;
    private final URI base;

    public Arm(Network network, URI base) {
        this.network = network;
        this.base = base;
    }

    /** A subscription as ARM describes it. */
    public record Subscription(String id, String displayName, String tenantId, String state) {
    }

    /** ARM's answer when it is not a subscription: the HTTP status, ARM's error code and message. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;

        Refused(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }

        /** 401: the token itself was refused (expired, revoked, wrong audience). */
        public boolean tokenRejected() {
            return status == 401;
        }
    }

    /** {@code GET /subscriptions/{id}}; {@link Refused} for 4xx/5xx answers. */
    @SuppressWarnings("unchecked")
    public Subscription subscription(String accessToken, String subscriptionId) {
        URI uri = base.resolve("subscriptions/" + URLEncoder.encode(subscriptionId, StandardCharsets.UTF_8) + "?api-version=" + API_VERSION);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET()
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json").build();
        HttpResponse<String> r;
        try {
            r = network.httpClient(TIMEOUT).build().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw AtmosException.auth("cannot reach Azure Resource Manager (" + base.getHost() + "): " + e.getMessage(),
                    "check your network, proxy (HTTPS_PROXY, NO_PROXY), SSL_CERT_FILE and AZURE_RESOURCE_MANAGER_ENDPOINT");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AtmosException(ExitCode.INTERRUPTED, "interrupted", null);
        }
        Map<String, Object> body;
        try {
            body = JsonText.parseObject(r.body());
        } catch (IOException | RuntimeException e) {
            body = Map.of();
        }
        if (r.statusCode() != 200) {
            Object err = body.get("error");
            String code = err instanceof Map<?, ?> m && m.get("code") != null ? String.valueOf(m.get("code")) : "HTTP " + r.statusCode();
            String message = err instanceof Map<?, ?> m && m.get("message") != null ? String.valueOf(m.get("message")) : "";
            throw new Refused(r.statusCode(), code, message);
        }
        return new Subscription(str(body.get("subscriptionId")), str(body.get("displayName")), str(body.get("tenantId")), str(body.get("state")));
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
