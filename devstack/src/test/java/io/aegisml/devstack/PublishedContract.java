package io.aegisml.devstack;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.nio.file.Path;
import java.util.List;

/** Validates what the running producers emit against the published schemas in docs/events. */
final class PublishedContract {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();

    private PublishedContract() {
    }

    static List<String> violations(Path repository, String schemaFile, String json) {
        Path schema = repository.resolve("docs/events").resolve(schemaFile);
        return FACTORY.getSchema(SchemaLocation.of(schema.toUri().toString()), CONFIG)
                .validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
    }
}
