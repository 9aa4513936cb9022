package io.aegisml.security.web;

import org.slf4j.MDC;

/**
 * The JSON error body of every 4xx/5xx, in Azure's shape: {@code {"error": {"code", "message"}}}
 * plus the request id so a user can quote it. Never a stack trace.
 */
public record ApiError(Body error) {

    public record Body(String code, String message, String requestId) {
    }

    public static ApiError of(String code, String message) {
        return new ApiError(new Body(code, message, MDC.get(RequestIds.MDC_REQUEST_ID)));
    }

    /** The same body as a JSON string, for filters that write before Spring MVC is involved. */
    public String toJson() {
        return "{\"error\":{\"code\":" + quote(error.code()) + ",\"message\":" + quote(error.message())
                + ",\"requestId\":" + quote(error.requestId()) + "}}";
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
