package io.aegisml.security.web;

/** Header names for request and correlation ids, shared by the edge and the services. */
public final class RequestIds {

    public static final String REQUEST_ID = "x-request-id";
    public static final String CLIENT_REQUEST_ID = "x-ms-client-request-id";
    public static final String CORRELATION_ID = "x-correlation-id";
    /** MDC keys, so that every log line of a request carries them. */
    public static final String MDC_REQUEST_ID = "requestId";
    public static final String MDC_CORRELATION_ID = "correlationId";

    private RequestIds() {
    }

    /** Accepts a caller-supplied id only if it is short and plain ASCII, so it is safe in logs and headers. */
    public static boolean isAcceptable(String id) {
        return id != null && !id.isEmpty() && id.length() <= 128 && id.chars().allMatch(c ->
                (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_' || c == '.' || c == ':');
    }
}
