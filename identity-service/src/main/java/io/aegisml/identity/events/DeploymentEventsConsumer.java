package io.aegisml.identity.events;

import io.aegisml.events.EventJson;
import io.aegisml.identity.endpoints.EndpointEvents;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The binding {@code deploymentEvents-in-0}: aegis.deployment.events, group identity-service. */
@Configuration
class DeploymentEventsConsumer {

    @Bean
    Consumer<byte[]> deploymentEvents(EndpointEvents endpoints) {
        return payload -> endpoints.apply(EventJson.read(payload));
    }
}
