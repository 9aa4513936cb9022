package io.aegisml.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisml.events.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A user's consumer reads the topics: the records the running services publish carry the resource id
 * as key, the event type as a header, and validate against the schemas published in docs/events.
 */
@ExtendWith(StackExtension.class)
class EventContractE2EIT {

    @Test
    void workspaceAndActivityLogEventsMatchTheirPublishedSchemas(AegisStack stack) {
        Api api = new Api(stack.edgeUrl());
        String token = new Tokens(stack).admin();
        String path = "/api/subscriptions/sub-contract/resourceGroups/rg/workspaces/ws-" + UUID.randomUUID().toString().substring(0, 8);
        String resourceId = path.substring("/api".length());
        assertThat(api.put(path, token, "{\"tags\":{\"k\":\"v\"}}").status()).isEqualTo(201);
        assertThat(api.delete(path, token).status()).isEqualTo(200);

        List<ConsumerRecord<String, String>> identity = readUntil(stack, Topic.IDENTITY_EVENTS, resourceId, 2);
        assertThat(identity).extracting(r -> header(r, "eventType")).containsExactly("WorkspaceCreated", "WorkspaceDeleted");
        for (ConsumerRecord<String, String> record : identity) {
            String type = header(record, "eventType");
            assertThat(PublishedContract.violations(stack.config().repository(), "identity/" + type + ".schema.json",
                    record.value())).as(type).isEmpty();
        }
        List<ConsumerRecord<String, String>> activity = readUntil(stack, Topic.ACTIVITY_LOG, resourceId, 2);
        for (ConsumerRecord<String, String> record : activity) {
            assertThat(PublishedContract.violations(stack.config().repository(),
                    "activity-log/ActivityLogEntryRecorded.schema.json", record.value())).isEmpty();
        }
    }

    @Test
    void modelServingEventsMatchTheirPublishedSchemas(AegisStack stack) {
        Api api = new Api(stack.edgeUrl());
        String token = new Tokens(stack).admin();
        String run = UUID.randomUUID().toString().substring(0, 6);
        String ws = "/api/subscriptions/sub-contract/resourceGroups/rg-" + run + "/workspaces/ws";
        String endpoint = "contract-" + run;
        Map<String, String> yaml = Map.of("Content-Type", "application/yaml");
        assertThat(api.sendBytes("PUT", ws + "/models/linreg/versions/1", token,
                io.aegisml.testmodels.TestModels.linearRegression(),
                Map.of("Content-Type", "application/octet-stream")).status()).isEqualTo(201);
        assertThat(api.sendBytes("PUT", ws + "/onlineEndpoints/" + endpoint, token,
                ("name: " + endpoint + "\n").getBytes(StandardCharsets.UTF_8), yaml).status()).isEqualTo(201);
        assertThat(api.sendBytes("PUT", ws + "/onlineEndpoints/" + endpoint + "/deployments/blue", token,
                "name: blue\nmodel: azureml:linreg:1\n".getBytes(StandardCharsets.UTF_8), yaml).status()).isEqualTo(201);
        String deploymentId = ws.substring(4) + "/onlineEndpoints/" + endpoint + "/deployments/blue";
        String endpointId = ws.substring(4) + "/onlineEndpoints/" + endpoint;

        // The saga, as a user's consumer sees it: the request, scoring-service's answers, the outcome.
        List<ConsumerRecord<String, String>> deployment = readUntil(stack, Topic.DEPLOYMENT_EVENTS, deploymentId, 2);
        assertThat(deployment).extracting(r -> header(r, "eventType"))
                .containsExactly("OnlineDeploymentCreated", "OnlineDeploymentSucceeded");
        List<ConsumerRecord<String, String>> answers = readUntil(stack, Topic.SCORING_EVENTS, deploymentId, 2);
        assertThat(answers).extracting(r -> header(r, "eventType")).containsExactly("DeploymentLogged", "DeploymentReady");
        assertThat(api.sendBytes("PUT", ws + "/onlineEndpoints/" + endpoint, token,
                ("name: " + endpoint + "\ntraffic: {blue: 100}\n").getBytes(StandardCharsets.UTF_8), yaml).status())
                .isEqualTo(200);
        assertThat(api.send("POST", ws + "/onlineEndpoints/" + endpoint + "/regenerateKeys", token,
                "{\"keyType\": \"Secondary\"}", Map.of()).status()).isEqualTo(200);
        String key = api.send("POST", ws + "/onlineEndpoints/" + endpoint + "/listKeys", token, "", Map.of())
                .json().get("primaryKey").asString();
        Eventually.until(Duration.ofSeconds(10), () -> api.send("POST", "/endpoints/" + endpoint + "/score", key,
                "{\"data\": [[1,2,3,4,5,6,7,8,9,10]]}", Map.of()).status(), s -> s == 200, "a scored request");
        List<ConsumerRecord<String, String>> endpoints = readUntil(stack, Topic.DEPLOYMENT_EVENTS, endpointId, 3);
        List<ConsumerRecord<String, String>> requests = readUntil(stack, Topic.SCORING_REQUESTS, endpointId, 1);

        for (ConsumerRecord<String, String> record : readUntil(stack, Topic.DEPLOYMENT_EVENTS,
                ws.substring(4) + "/models/linreg/versions/1", 1)) {
            assertValid(stack, "deployment/", record);
        }
        for (List<ConsumerRecord<String, String>> records : List.of(deployment, endpoints)) {
            records.forEach(record -> assertValid(stack, "deployment/", record));
        }
        for (List<ConsumerRecord<String, String>> records : List.of(answers, requests)) {
            records.forEach(record -> assertValid(stack, "scoring/", record));
        }
        assertThat(endpoints).extracting(r -> header(r, "eventType"))
                .containsExactly("OnlineEndpointCreated", "OnlineEndpointUpdated", "OnlineEndpointKeysRegenerated");
        assertThat(api.delete(ws + "/onlineEndpoints/" + endpoint, token).status()).isEqualTo(200);
    }

    static void assertValid(AegisStack stack, String folder, ConsumerRecord<String, String> record) {
        String type = header(record, "eventType");
        assertThat(PublishedContract.violations(stack.config().repository(), folder + type + ".schema.json",
                record.value())).as(type + " " + record.value()).isEmpty();
    }

    static List<ConsumerRecord<String, String>> readUntil(AegisStack stack, Topic topic, String key, int count) {
        Properties props = stack.infrastructure().kafkaAdminCredentials().clientProperties(stack.infrastructure().kafkaBootstrapServers(), null);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "contract-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> matching = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic.topicName()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (matching.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key())) {
                        matching.add(r);
                    }
                });
            }
        }
        // At least: the scoring loop above may have been answered 404 once before the traffic arrived,
        // which is one more (valid) request record; the sagas' exact sequences are asserted by the callers.
        assertThat(matching).as("records keyed " + key + " on " + topic.topicName()).hasSizeGreaterThanOrEqualTo(count);
        return matching;
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
