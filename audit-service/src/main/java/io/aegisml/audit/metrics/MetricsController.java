package io.aegisml.audit.metrics;

import io.aegisml.security.rbac.Scopes;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /api/metrics?endpoint={endpoint id}[&from=...][&to=...]}: the last hour by default. */
@RestController
class MetricsController {

    private static final String ENDPOINT_ID =
            "/subscriptions/[^/]+/resourceGroups/[^/]+/workspaces/[^/]+/onlineEndpoints/[^/]+";

    private final RequestMetrics metrics;

    MetricsController(RequestMetrics metrics) {
        this.metrics = metrics;
    }

    @GetMapping("/api/metrics")
    Map<String, Object> metrics(@RequestParam(required = false) String endpoint,
                                @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        if (endpoint == null || !endpoint.matches(ENDPOINT_ID) || !Scopes.isValid(endpoint)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'endpoint' must be an endpoint's resource id, "
                    + "/subscriptions/{sub}/resourceGroups/{rg}/workspaces/{ws}/onlineEndpoints/{name}.");
        }
        Instant end = time("to", to, Instant.now());
        Instant start = time("from", from, end.minus(Duration.ofHours(1)));
        if (!start.isBefore(end)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'from' must be before 'to'.");
        }
        return metrics.of(Scopes.canonical(endpoint), start, end);
    }

    private static Instant time(String name, String value, Instant fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'" + name + "' must be an ISO-8601 time "
                    + "such as 2026-01-31T12:00:00Z.");
        }
    }
}
