package io.aegisml.identity.access;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Reads a JSON body into its request record, or answers 400 saying what is wrong. */
final class AccessBodies {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private AccessBodies() {
    }

    static <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw new InvalidAccessRequest("A JSON body is required.");
        }
        try {
            return JSON.readValue(body, type);
        } catch (JacksonException e) {
            throw new InvalidAccessRequest("The request body is not valid JSON of the expected shape.");
        }
    }
}
