package io.aegisml.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The documents in docs/events are well-formed and say what the code does. */
class ContractDocumentsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everySchemaFile_isAValidDraft202012Schema() throws IOException {
        List<Path> schemas = schemaFiles();

        assertThat(schemas).hasSizeGreaterThanOrEqualTo(5);
        for (Path schema : schemas) {
            assertThat(ContractFiles.metaSchema().validate(JSON.readTree(schema.toFile())))
                    .as(schema.toString()).isEmpty();
            // Also compiles, with every $ref resolved.
            ContractFiles.schema(ContractFiles.DIR.relativize(schema).toString()).initializeValidators();
        }
    }

    @Test
    void asyncApiChannels_matchTheTopicCatalogue() throws IOException {
        JsonNode channels = asyncApi().get("channels");
        Map<String, JsonNode> byAddress = new HashMap<>();
        channels.forEach(channel -> byAddress.put(channel.get("address").asText(), channel));

        assertThat(byAddress).hasSize(Topic.values().length);
        for (Topic topic : Topic.values()) {
            JsonNode kafka = byAddress.get(topic.topicName()).get("bindings").get("kafka");
            JsonNode config = kafka.get("topicConfiguration");

            assertThat(kafka.get("partitions").asInt()).as(topic.topicName()).isEqualTo(topic.partitions());
            assertThat(config.get("cleanup.policy").get(0).asText()).as(topic.topicName())
                    .isEqualTo(topic.config().get("cleanup.policy"));
            Map<String, String> documented = new HashMap<>();
            config.fields().forEachRemaining(field -> documented.put(field.getKey(),
                    field.getValue().isArray() ? field.getValue().get(0).asText() : field.getValue().asText()));
            assertThat(documented).as(topic.topicName()).isEqualTo(topic.config());
        }
    }

    @Test
    void everyEventTypeSchema_isAMessageOfAChannel() throws IOException {
        JsonNode asyncApi = asyncApi();
        Map<String, String> messageByPayload = new HashMap<>();
        asyncApi.get("components").get("messages").fields().forEachRemaining(message -> {
            JsonNode payload = message.getValue().path("payload").path("schema").path("$ref");
            if (payload.isTextual()) {
                messageByPayload.put(ContractFiles.DIR.resolve(payload.asText()).normalize().toString(), message.getKey());
            }
        });
        List<String> onChannels = new ArrayList<>();
        asyncApi.get("channels").forEach(channel -> channel.get("messages").forEach(
                message -> onChannels.add(message.get("$ref").asText())));

        for (Path schema : schemaFiles()) {
            JsonNode allOf = JSON.readTree(schema.toFile()).path("allOf");
            boolean eventType = allOf.isArray() && allOf.size() > 0
                    && allOf.get(0).path("$ref").asText().endsWith("envelope.schema.json");
            if (eventType) {
                String message = messageByPayload.get(schema.toString());
                assertThat(message).as("message for %s", schema.getFileName()).isNotNull();
                assertThat(onChannels).as("channel listing %s", message).contains("#/components/messages/" + message);
            }
        }
    }

    @Test
    void asyncApiReferences_pointAtExistingFiles() throws IOException {
        List<String> refs = new ArrayList<>();
        collectFileRefs(asyncApi(), refs);

        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ContractFiles.DIR.resolve(ref).normalize()).as(ref).isRegularFile();
        }
    }

    private static JsonNode asyncApi() throws IOException {
        return YAML.readTree(ContractFiles.file("asyncapi.yaml").toFile());
    }

    private static List<Path> schemaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ContractFiles.DIR)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".schema.json")).sorted().toList();
        }
    }

    private static void collectFileRefs(JsonNode node, List<String> refs) {
        if (node.isObject() && node.has("$ref") && !node.get("$ref").asText().startsWith("#")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectFileRefs(child, refs));
    }
}
