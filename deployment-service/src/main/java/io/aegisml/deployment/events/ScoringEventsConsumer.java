package io.aegisml.deployment.events;

import io.aegisml.deployment.endpoint.ScoringAnswers;
import io.aegisml.events.EventEnvelope;
import io.aegisml.events.EventJson;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The binding {@code scoringEvents-in-0} (aegis.scoring.events, group deployment-service). */
@Configuration
class ScoringEventsConsumer {

    @Bean
    Consumer<byte[]> scoringEvents(ScoringAnswers answers) {
        return payload -> {
            EventEnvelope event = EventJson.read(payload);
            answers.apply(event);
        };
    }
}
