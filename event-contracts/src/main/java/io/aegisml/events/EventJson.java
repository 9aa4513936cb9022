package io.aegisml.events;

import tools.jackson.databind.json.JsonMapper;

/** Reads and writes envelopes as the JSON of docs/events/envelope.schema.json. */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private EventJson() {
    }

    public static String write(EventEnvelope event) {
        return MAPPER.writeValueAsString(event);
    }

    public static EventEnvelope read(byte[] json) {
        return MAPPER.readValue(json, EventEnvelope.class);
    }

    public static EventEnvelope read(String json) {
        return MAPPER.readValue(json, EventEnvelope.class);
    }
}
