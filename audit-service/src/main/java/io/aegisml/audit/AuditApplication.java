package io.aegisml.audit;

import io.aegisml.events.Topic;
import io.aegisml.events.TopicProvisioner;
import java.util.List;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The activity log, request telemetry and metrics, materialized from the event topics. */
@SpringBootApplication
public class AuditApplication {

    public static void main(String[] args) {
        SpringApplication.run(AuditApplication.class, args);
    }

    /** Topics this service reads and writes; binder auto-creation is off so that settings stay explicit. */
    @Bean
    InitializingBean auditTopics(@Value("${aegis.outbox.bootstrap-servers}") String bootstrapServers) {
        return () -> TopicProvisioner.ensureOrWarn(bootstrapServers, List.of(Topic.IDENTITY_EVENTS, Topic.DEPLOYMENT_EVENTS,
                Topic.SECURITY_EVENTS, Topic.ACTIVITY_LOG, Topic.DEAD_LETTERS));
    }
}
