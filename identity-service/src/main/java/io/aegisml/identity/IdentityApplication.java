package io.aegisml.identity;

import io.aegisml.events.Topic;
import io.aegisml.events.TopicProvisioner;
import java.util.List;
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
        return () -> TopicProvisioner.ensureOrWarn(bootstrapServers, List.of(Topic.IDENTITY_EVENTS));
    }
}
