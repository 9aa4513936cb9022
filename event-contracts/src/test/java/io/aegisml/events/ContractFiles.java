package io.aegisml.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/** The wire contract under docs/events, read the way a non-Java consumer would: as files. */
final class ContractFiles {

    /** Surefire runs with the module directory as working directory. */
    static final Path DIR = Path.of("..", "docs", "events").toAbsolutePath().normalize();

    private static final ObjectMapper TREES = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    // Draft 2020-12 treats "format" as an annotation by default; the contract means it (uuid, date-time).
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    private ContractFiles() {
    }

    static Path file(String relative) {
        Path path = DIR.resolve(relative);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no contract file " + path);
        }
        return path;
    }

    static JsonSchema schema(String relative) {
        return FACTORY.getSchema(SchemaLocation.of(file(relative).toUri().toString()), CONFIG);
    }

    /** The validation errors of {@code json} against the schema file; empty when valid. */
    static Set<ValidationMessage> errors(String schemaFile, String json) {
        return schema(schemaFile).validate(json, InputFormat.JSON);
    }

    /** The event's JSON, changed by {@code change} on its tree: how a broken producer would look. */
    static String edit(EventEnvelope event, Consumer<JsonNode> change) {
        try {
            JsonNode root = TREES.readTree(EventJson.write(event));
            change.accept(root);
            return TREES.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonSchema metaSchema() {
        return FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), CONFIG);
    }
}
