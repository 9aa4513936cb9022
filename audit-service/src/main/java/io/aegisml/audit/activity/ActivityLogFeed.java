package io.aegisml.audit.activity;

import io.aegisml.events.Actor;
import java.util.Map;

/** The port through which recorded entries are published; called inside the recording transaction. */
public interface ActivityLogFeed {

    void recorded(String scope, String correlationId, Actor caller, Map<String, Object> entry);
}
