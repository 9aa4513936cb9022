package io.aegisml.scoring.api;

import java.io.IOException;
import java.util.function.Function;

/**
 * A score request as the scoring logic sees it, whichever listener received it: its method and path, its
 * headers, the caller's address, its ids, and a body that is read only when asked for (after authentication).
 * {@code clientAddress} is decided by the transport: on the data plane the socket's peer, never a header; behind
 * the edge, the address the edge saw (the last X-Forwarded-For entry, believed only from the edge).
 * {@code privateNetwork}: it arrived on the data plane's private listener, which stands for Azure's private
 * endpoint; an endpoint with {@code public_network_access: disabled} answers there.
 */
public record ScoreCall(String method, String path, Function<String, String> headers, String clientAddress,
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
