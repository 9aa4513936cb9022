package io.aegisml.events;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics with their explicit partitions, retention, compaction and flush settings. Idempotent:
 * a topic that exists keeps its partitions, and gets the declared settings if it lacks them (a data folder
 * from an older version). Services call it at start-up for the topics they write or read.
 */
public final class TopicProvisioner {

    private TopicProvisioner() {
    }

    public static void ensure(String bootstrapServers, Collection<Topic> topics, short replicationFactor) {
        ensure(KafkaCredentials.fromEnvironment(), bootstrapServers, topics, replicationFactor);
    }

    public static void ensure(KafkaCredentials credentials, String bootstrapServers, Collection<Topic> topics,
                              short replicationFactor) {
        Properties props = credentials.clientProperties(bootstrapServers,
                Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000));
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t.topicName()))
                    .map(t -> new NewTopic(t.topicName(), t.partitions(), replicationFactor).configs(t.config()))
                    .toList();
            Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
            for (var result : results.entrySet()) {
                awaitCreated(result.getKey(), result.getValue());
            }
            Map<ConfigResource, Collection<AlterConfigOp>> settings = new HashMap<>();
            for (Topic topic : topics) {
                if (existing.contains(topic.topicName())) {
                    settings.put(new ConfigResource(ConfigResource.Type.TOPIC, topic.topicName()), topic.config().entrySet()
                            .stream().map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                            .toList());
                }
            }
            if (!settings.isEmpty()) {
                admin.incrementalAlterConfigs(settings).all().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not list topics at " + bootstrapServers, e.getCause());
        }
    }

    /**
     * For service start-up: creates what is missing, and if Kafka cannot be reached now, says so and
     * carries on (producers and consumers wait for Kafka by themselves).
     */
    public static void ensureOrWarn(String bootstrapServers, Collection<Topic> topics) {
        try {
            ensure(bootstrapServers, topics, (short) 1);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.AuthorizationException) {
                // A service's broker account may not create or alter topics where the platform provisions them.
                org.slf4j.LoggerFactory.getLogger(TopicProvisioner.class)
                        .info("Topics {} are the platform's to provision ({})", topics, e.getCause().getMessage());
                return;
            }
            org.slf4j.LoggerFactory.getLogger(TopicProvisioner.class)
                    .warn("Could not check topics {} now ({}); carrying on", topics, e.getMessage());
        }
    }

    private static void awaitCreated(String topic, KafkaFuture<Void> result) throws InterruptedException {
        try {
            result.get();
        } catch (ExecutionException e) {
            // Another service may have created it between our list and create: that is fine.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + topic, e.getCause());
            }
        }
    }
}
