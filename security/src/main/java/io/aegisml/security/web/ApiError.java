package io.aegisml.security.web;

import java.util.Map;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * The JSON error body of every 4xx/5xx, in Azure's shape: {@code {"error": {"code", "message"}}}
 * plus the request id so a user can quote it. Never a stack trace.
 */
public record ApiError(Body error) {

    public record Body(String code, String message, String requestId) {
    }

    /** Azure's codes where they differ from Spring's status names (413 is "ContentTooLarge" there). */
    private static final Map<Integer, String> AZURE_CODES = Map.of(
            403, "AuthorizationFailed",
            413, "PayloadTooLarge",
            429, "TooManyRequests",
            503, "ServiceUnavailable",
            504, "GatewayTimeout");

    /** The error code for a status: Azure's name, else the status name in PascalCase ("NotFound"). */
    public static String codeFor(HttpStatusCode status) {
        String azure = AZURE_CODES.get(status.value());
        if (azure != null) {
            return azure;
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known == null) {
            return status.isError() ? "Error" : "Status" + status.value();
        }
        StringBuilder code = new StringBuilder();
        for (String word : known.name().split("_")) {
            code.append(word.charAt(0)).append(word.substring(1).toLowerCase());
        }
        return code.toString();
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
