package io.aegisml.scoring.api;

import java.io.IOException;
import java.util.function.Function;

/**
 * ({@code privateNetwork}: it arrived on the data plane's private listener, which stands for Azure's private
 * endpoint; an endpoint with {@code public_network_access: disabled} answers only there.)
 *
 * A score request as the scoring logic sees it, whichever listener received it: its method and path, its
 * headers, the peer's address, its ids, and a body that is read only when asked for (after authentication).
 */
public record ScoreCall(String method, String path, Function<String, String> headers, String peerAddress,
                        String requestId, String correlationId, Body body, boolean privateNetwork) {

    /** The request body, not read until {@link #read} is called. */
    public interface Body {
        /** The announced length, or -1. */
        long declaredLength();

        /** Up to {@code max} bytes of the body (more than the caller allows tells it the body is too large). */
        byte[] read(int max) throws IOException;
    }

    public String header(String name) {
        return headers.apply(name);
    }
}
