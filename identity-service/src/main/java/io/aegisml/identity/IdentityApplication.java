package io.aegisml.identity;

import io.aegisml.events.Topic;
import io.aegisml.events.TopicProvisioner;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Workspaces, principals, identities, roles and tokens. */
@SpringBootApplication
public class IdentityApplication {

    public static void main(String[] args) {
        SpringApplication.run(IdentityApplication.class, args);
    }

    /** The topic this service writes, with its partitions and compaction, before anything is published. */
    @Bean
    InitializingBean identityTopics(@Value("${aegis.outbox.bootstrap-servers}") String bootstrapServers) {
        return () -> {
            try {
                TopicProvisioner.ensure(bootstrapServers, List.of(Topic.IDENTITY_EVENTS), (short) 1);
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(IdentityApplication.class)
                        .warn("Could not check topics now ({}); publishing waits for Kafka", e.getMessage());
            }
        };
    }
}
