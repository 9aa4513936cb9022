package io.aegisml.security.rbac;

import io.aegisml.events.EventEnvelope;
import io.aegisml.events.EventJson;
import io.aegisml.events.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Role assignments and custom roles, materialized in memory from aegis.identity.events so that every
 * request is checked without a remote call. Rebuilt from the start of the topic at each start (no
 * consumer group, nothing committed); the service is not ready until it has caught up.
 */
public class AccessView implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AccessView.class);

    private final String bootstrapServers;
    private final Map<String, RoleAssignment> assignments = new ConcurrentHashMap<>();
    private final Map<String, RoleDefinition> customRoles = new ConcurrentHashMap<>();
    private final java.util.Set<String> deletedPrincipals = ConcurrentHashMap.newKeySet();
    private volatile AccessPolicy policy = new AccessPolicy(List.of(), Map.of());
    private volatile boolean caughtUp;
    private volatile boolean running;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public AccessView(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public AccessPolicy policy() {
        return policy;
    }

    /** A deleted service principal's or disabled user's tokens are refused even before they expire. */
    public boolean isDeleted(String principalId) {
        return principalId != null && deletedPrincipals.contains(principalId);
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    @Override
    public void start() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "access-view");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = new Thread(this::run, "access-view");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    apply(record);
                }
                if (!caughtUp && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    caughtUp = true;
                    log.info("Access view caught up: {} assignments, {} custom roles", assignments.size(),
                            customRoles.size());
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("Access view stopped; requests will be denied", e);
            caughtUp = false;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private List<TopicPartition> awaitPartitions() {
        while (running) {
            var infos = consumer.partitionsFor(Topic.IDENTITY_EVENTS.topicName(), Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
        }
        throw new WakeupException();
    }

    void apply(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event;
        try {
            event = EventJson.read(record.value());
        } catch (RuntimeException e) {
            log.warn("Skipping unreadable record at {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        apply(event);
    }

    /** Applies one event; other event types are not ours and are ignored. */
    public void apply(EventEnvelope event) {
        Map<String, Object> d = event.data();
        switch (event.type()) {
            case "RoleAssignmentCreated" -> assignments.put(event.subject(), new RoleAssignment(event.subject(),
                    str(d, "name"), str(d, "scope"), str(d, "principalId"), str(d, "principalType"),
                    str(d, "roleDefinitionId")));
            case "RoleAssignmentDeleted" -> assignments.remove(event.subject());
            case "RoleDefinitionCreated", "RoleDefinitionUpdated" -> {
                RoleDefinition role = roleOf(d);
                customRoles.put(role.id().toLowerCase(Locale.ROOT), role);
            }
            case "RoleDefinitionDeleted" -> customRoles.remove(str(d, "id").toLowerCase(Locale.ROOT));
            case "ServicePrincipalDeleted", "UserDisabled" -> deletedPrincipals.add(str(d, "principalId"));
            case "UserEnabled" -> deletedPrincipals.remove(str(d, "principalId"));
            default -> {
                return;
            }
        }
        policy = new AccessPolicy(List.copyOf(assignments.values()), new HashMap<>(customRoles));
    }

    @SuppressWarnings("unchecked")
    static RoleDefinition roleOf(Map<String, Object> d) {
        return new RoleDefinition(str(d, "id"), str(d, "roleName"), str(d, "description"),
                (List<String>) d.get("actions"), (List<String>) d.get("notActions"),
                (List<String>) d.get("dataActions"), (List<String>) d.get("notDataActions"),
                (List<String>) d.get("assignableScopes"), false);
    }

    private static String str(Map<String, Object> data, String key) {
        Object value = data.get(key);
        return value == null ? null : value.toString();
    }

    @Override
    public void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
