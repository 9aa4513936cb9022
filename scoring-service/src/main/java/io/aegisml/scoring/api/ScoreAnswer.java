package io.aegisml.scoring.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the data plane answers: status, headers and a JSON body, for any listener to write. */
public record ScoreAnswer(int status, Map<String, String> headers, byte[] body) {

    static ScoreAnswer json(int status, byte[] body) {
        return new ScoreAnswer(status, Map.of("Content-Type", "application/json"), body);
    }

    public ScoreAnswer withRetryAfter(int seconds) {
        return withHeader("Retry-After", String.valueOf(seconds));
    }

    ScoreAnswer withHeader(String name, String value) {
        return withHeaders(Map.of(name, value));
    }

    ScoreAnswer withHeaders(Map<String, String> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(more);
        return new ScoreAnswer(status, Map.copyOf(all), body);
    }
}
