package io.aegisml.audit.events;

import io.aegisml.audit.activity.ActivityRecorder;
import io.aegisml.audit.metrics.RequestMetrics;
import io.aegisml.events.EventEnvelope;
import io.aegisml.events.EventJson;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Spring Cloud Stream binding {@code activityEvents-in-0} (application.yml: the identity and deployment
 * event topics, consumer group audit-service). A thin adapter: parse, hand to the recorder. An
 * unreadable event or an unknown type goes straight to the dead-letter topic; any other failure (the
 * database away) is retried with back-off until it passes, so no entry is lost.
 */
@Configuration
class ActivityEventsConsumer {

    private static final Logger log = LoggerFactory.getLogger(ActivityEventsConsumer.class);

    @Bean
    Consumer<Message<byte[]>> activityEvents(ActivityRecorder recorder) {
        return message -> {
            EventEnvelope event = EventJson.read(message.getPayload());
            if (!recorder.record(event)) {
                log.debug("event {} was already recorded; ignored", event.id());
            }
        };
    }

    /** Binding {@code requestTelemetry-in-0}: aegis.scoring.requests in batches (one per poll), one record per score request. */
    @Bean
    Consumer<List<byte[]>> requestTelemetry(RequestMetrics metrics) {
        return batch -> metrics.recordAll(batch.stream().map(EventJson::read).toList());
    }
}
