package io.aegisml.scoring.api;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** A score request answered with an error: the status, Azure's code, a message, extra headers. */
final class ScoringFailure extends RuntimeException {

    private final HttpStatus status;
    private final Map<String, String> headers;
    private final int modelStatus;

    ScoringFailure(HttpStatus status, String message) {
        this(status, message, Map.of(), 0);
    }

    ScoringFailure(HttpStatus status, String message, Map<String, String> headers, int modelStatus) {
        super(message, null, false, false);
        this.status = status;
        this.headers = headers;
        this.modelStatus = modelStatus;
    }

    HttpStatus status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    /** What the model itself answered (0: it was never reached). */
    int modelStatus() {
        return modelStatus;
    }
}
