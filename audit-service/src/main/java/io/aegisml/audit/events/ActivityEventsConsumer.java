package io.aegisml.audit.events;

import io.aegisml.audit.activity.ActivityRecorder;
import io.aegisml.audit.metrics.RequestMetrics;
import io.aegisml.audit.metrics.TelemetryWindows;
import io.aegisml.events.EventEnvelope;
import io.aegisml.events.EventJson;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.KafkaHeaders;
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
    Consumer<Message<byte[]>> activityEvents(ActivityRecorder recorder, io.aegisml.audit.metrics.TelemetrySeries series) {
        return message -> {
            EventEnvelope event = EventJson.read(message.getPayload());
            if (!recorder.record(event)) {
                log.debug("event {} was already recorded; ignored", event.id());
            }
            if ("OnlineEndpointDeleted".equals(event.type()) && event.subject() != null) {
                series.forgetEndpoint(event.subject()); // idempotent: a redelivery forgets nothing more
            }
        };
    }

    /**
     * Binding {@code requestTelemetry-in-0}: aegis.scoring.requests in batches (one per poll), one record per score
     * request, each with its partition and offset (what makes a redelivery recognisable).
     */
    @Bean
    Consumer<Message<List<byte[]>>> requestTelemetry(RequestMetrics metrics) {
        return message -> {
            List<byte[]> payloads = message.getPayload();
            List<?> partitions = message.getHeaders().get(KafkaHeaders.RECEIVED_PARTITION, List.class);
            List<?> offsets = message.getHeaders().get(KafkaHeaders.OFFSET, List.class);
            List<?> failures = message.getHeaders().get(KafkaHeaders.CONVERSION_FAILURES, List.class);
            if (failures != null && failures.stream().anyMatch(java.util.Objects::nonNull)) {
                // Never commit a poll whose records were not all handed over: they would be lost.
                throw new IllegalStateException("telemetry records could not be read from the batch: " + failures);
            }
            if (partitions == null || offsets == null || partitions.size() != payloads.size()) {
                throw new IllegalStateException("a telemetry batch without its partitions and offsets");
            }
            List<TelemetryWindows.Delivered> poll = new java.util.ArrayList<>(payloads.size());
            for (int i = 0; i < payloads.size(); i++) {
                poll.add(new TelemetryWindows.Delivered(((Number) partitions.get(i)).intValue(),
                        ((Number) offsets.get(i)).longValue(), EventJson.read(payloads.get(i))));
            }
            metrics.recordAll(poll);
        };
    }
}
