package io.aegisml.devstack;

import io.aegisml.events.EventEnvelope;
import io.aegisml.events.EventJson;
import io.aegisml.events.Topic;
import java.util.List;

/** The records on aegis.scoring.requests for one endpoint, read from the beginning to the current end. */
final class TelemetryRecords {

    private TelemetryRecords() {
    }

    /** The count once it has stopped changing for a second (records still in flight have arrived). */
    static long settled(AegisStack stack, String endpointId) {
        long last = -1;
        for (int i = 0; i < 30; i++) {
            long now = count(stack, endpointId);
            if (now == last) {
                return now;
            }
            last = now;
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the telemetry records of " + endpointId + " kept changing for 30 s");
    }

    static long count(AegisStack stack, String endpointId) {
        long[] count = {0};
        SecretScan.readToTheEnd(stack, List.of(Topic.SCORING_REQUESTS), record -> {
            EventEnvelope event = EventJson.read(record.value());
            if (endpointId.equals(event.data().get("endpointId"))) {
                count[0]++;
            }
        });
        return count[0];
    }
}
