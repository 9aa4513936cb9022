package io.aegisml.audit.activity;

import java.time.Instant;

/** Filters of {@code GET /api/activityLog}; null means "any". */
record ActivityLogQuery(String scope, Instant from, Instant to, String caller, String operation, String status,
                        Position before) {

    /** Where a page ended: entries strictly older than this come next. */
    record Position(Instant time, long seq) {
    }
}
