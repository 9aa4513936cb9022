package io.aegisml.audit.activity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code GET /api/activityLog?scope=&from=&to=&caller=&operation=&status=&top=&skipToken=}: entries
 * newest first, {@code top} per page (default 50, at most 500), Azure-style {@code value} and
 * {@code nextLink}. A scope matches itself and everything below it.
 */
@RestController
class ActivityLogController {

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 500;
    /** Inside PostgreSQL's timestamp range, so a far-away date is a 400, not a database error. */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final ActivityLog log;

    ActivityLogController(ActivityLog log) {
        this.log = log;
    }

    @GetMapping("/api/activityLog")
    Map<String, Object> list(@RequestParam(required = false) String scope,
                             @RequestParam(required = false) String from,
                             @RequestParam(required = false) String to,
                             @RequestParam(required = false) String caller,
                             @RequestParam(required = false) String operation,
                             @RequestParam(required = false) String status,
                             @RequestParam(required = false) Integer top,
                             @RequestParam(required = false) String skipToken) {
        int pageSize = top == null ? DEFAULT_PAGE : top;
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw badRequest("top must be between 1 and " + MAX_PAGE + ".");
        }
        if (scope != null && !scope.equals("/") && !scope.startsWith("/subscriptions/")) {
            throw badRequest("scope must be / or a resource id starting with /subscriptions/.");
        }
        if ("/".equals(scope)) {
            scope = null; // everything
        }
        scope = io.aegisml.security.rbac.Scopes.canonical(scope); // ids are stored in their one spelling
        ActivityLogQuery query = new ActivityLogQuery(blankToNull(scope), instant("from", from), instant("to", to),
                blankToNull(caller), blankToNull(operation), blankToNull(status), positionOf(skipToken));
        List<ActivityLogEntry> page = log.find(query, pageSize + 1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", page.stream().limit(pageSize).map(ActivityLogEntry::toJson).toList());
        if (page.size() > pageSize) {
            ActivityLogEntry last = page.get(pageSize - 1);
            body.put("nextLink", UriComponentsBuilder.fromPath("/api/activityLog")
                    .queryParamIfPresent("scope", java.util.Optional.ofNullable(scope))
                    .queryParamIfPresent("from", java.util.Optional.ofNullable(from))
                    .queryParamIfPresent("to", java.util.Optional.ofNullable(to))
                    .queryParamIfPresent("caller", java.util.Optional.ofNullable(caller))
                    .queryParamIfPresent("operation", java.util.Optional.ofNullable(operation))
                    .queryParamIfPresent("status", java.util.Optional.ofNullable(status))
                    .queryParam("top", pageSize)
                    .queryParam("skipToken", tokenOf(new ActivityLogQuery.Position(last.time(), last.seq())))
                    .encode().build().toUriString());
        }
        return body;
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw badRequest(name + " must be an ISO-8601 instant such as 2026-11-23T10:00:00Z.");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw badRequest(name + " must be between 1970 and 9999.");
        }
        return instant;
    }

    private static String tokenOf(ActivityLogQuery.Position position) {
        String plain = "v1:" + position.time() + ":" + position.seq();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static ActivityLogQuery.Position positionOf(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int last = plain.lastIndexOf(':');
            if (!plain.startsWith("v1:") || last <= 3) {
                throw new IllegalArgumentException();
            }
            return new ActivityLogQuery.Position(Instant.parse(plain.substring(3, last)),
                    Long.parseLong(plain.substring(last + 1)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw badRequest("skipToken is not one this API returned.");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static ResponseStatusException badRequest(String message) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, message);
    }
}
