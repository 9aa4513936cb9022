package io.aegisml.audit.activity;

/** An event type the activity log has no operation for: it goes to the dead-letter topic, not silently away. */
public class UnknownEventType extends RuntimeException {

    UnknownEventType(String type) {
        super("no activity-log operation for event type '" + type + "'");
    }
}
