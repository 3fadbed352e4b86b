package atmos.testing;

import java.util.Objects;

/**
 * An STS error as the query protocol reports it: HTTP status, {@code <Type>} (Sender for 4xx,
 * Receiver for 5xx), {@code <Code>} and {@code <Message>}. Used for injected failures.
 */
public record StsError(int status, String code, String message) {
    public StsError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** "Sender" for client faults, "Receiver" for server faults, as AWS reports them. */
    public String type() {
        return status >= 500 ? "Receiver" : "Sender";
    }

    /** The throttling error STS returns under load (400 Throttling "Rate exceeded"). */
    public static StsError throttling() {
        return new StsError(400, "Throttling", "Rate exceeded");
    }

    /** A generic server-side failure (500 InternalFailure). */
    public static StsError internalFailure() {
        return new StsError(500, "InternalFailure",
                "The request processing has failed because of an unknown error, exception or failure.");
    }

    /** A temporary outage (503 ServiceUnavailable). */
    public static StsError serviceUnavailable() {
        return new StsError(503, "ServiceUnavailable",
                "The request has failed due to a temporary failure of the server.");
    }
}
